"""Deterministic, realistic test data for the beneficiary registry (no Odoo import).

Every household (a beneficiary file with its family members and income lines) is
derived from ``(seed, index)`` only, so household ``i`` is the same whatever the
batch size and whether it is generated alone or as part of a run: a run can be
resumed from any index, and a database can be topped up to a larger count
without duplicating national IDs.

National IDs are valid Saudi numbers (10 digits, first digit 1 for citizens or 2
for residents, Luhn check digit), unique across beneficiaries and members: the
household ``i`` owns the ID slots ``4*i`` (the beneficiary) and ``4*i + 1`` ..
``4*i + 3`` (at most three members), and a slot is mapped to the eight middle
digits by a bijection modulo 10**8.

Use from Python (``refs`` maps codes to database ids, see ``vals_batches``)::

    from generate import vals_batches
    for batch in vals_batches(1000, 200, refs=refs):
        env["beneficiary.beneficiary"].create(batch)

or from the shell, to look at the data::

    python3 bench/generate.py --count 3 --pretty
"""

import argparse
import datetime
import json
import random
import sys
from pathlib import Path

# The repository root is the add-on; its __init__.py imports odoo, so it must not
# be imported as a package. Put the root itself on sys.path and import the pure
# helpers as the top-level package ``tools`` (as tests/unit/conftest.py does).
REPO_ROOT = str(Path(__file__).resolve().parents[1])
if REPO_ROOT not in sys.path:
    sys.path.insert(0, REPO_ROOT)

from tools.national_id import national_id_check_digit, validate_national_id  # noqa: E402

DEFAULT_SEED = 20250101
# Birth dates and ages are computed from this fixed date (not today) so that the
# data does not depend on the day the generator runs. It is in the past, so no
# birth date is ever in the future.
REFERENCE_DATE = datetime.date(2025, 1, 1)

# Odoo's Command.create, written out so that this module does not import odoo.
COMMAND_CREATE = 0

MAX_MEMBERS = 3
ID_SLOTS_PER_HOUSEHOLD = MAX_MEMBERS + 1
_ID_SPACE = 10**8
_ID_MULTIPLIER = 61_728_397  # odd and not a multiple of 5: a bijection modulo 10**8

CATEGORY_CODES = ("widow", "divorcee", "suspended_wife", "orphan", "general")
_CATEGORY_WEIGHTS = (30, 25, 10, 15, 20)

FEMALE_NAMES = tuple(
    (
        "نورة فاطمة مريم عائشة سارة هيا منيرة لطيفة الجوهرة حصة نوف ريم أمل هند خلود عبير "
        "سلمى أسماء خديجة زينب وفاء منال بدرية موضي شيخة ليلى دلال غادة سميرة رقية جواهر "
        "أريج رهف لمى جود شهد رزان دانة لين ملاك"
    ).split()
)
MALE_NAMES = tuple(
    (
        "محمد عبدالله عبدالرحمن فهد خالد سعد سلطان فيصل تركي ناصر سعود عبدالعزيز إبراهيم "
        "عمر علي يوسف أحمد بندر ماجد نايف مشعل طلال بدر حمد صالح سلمان ياسر عادل منصور "
        "راشد عبدالمجيد حسن حسين زياد مازن هشام وليد مساعد عبدالإله متعب"
    ).split()
)
FAMILY_NAMES = tuple(
    (
        "القحطاني العتيبي الشمري الدوسري الغامدي الزهراني الحربي المطيري العنزي السبيعي "
        "الشهري العمري المالكي الأحمدي السهلي الرشيدي البقمي الجهني الخالدي التميمي "
        "السلمي الشهراني العسيري الفيفي اليامي الهاجري البلوي الثقفي المري الصاعدي "
        "الحارثي الأنصاري القرني الرويلي الشهيل الفرج الحازمي السعيد النعيمي المحمدي"
    ).split()
)
CITIES = (
    ("الرياض", 30),
    ("جدة", 18),
    ("مكة المكرمة", 9),
    ("المدينة المنورة", 7),
    ("الدمام", 6),
    ("الأحساء", 5),
    ("الطائف", 5),
    ("بريدة", 4),
    ("تبوك", 4),
    ("خميس مشيط", 3),
    ("أبها", 3),
    ("حائل", 2),
    ("جازان", 2),
    ("نجران", 1),
    ("الخبر", 1),
)
DISTRICTS = tuple(
    (
        "النسيم الروضة السويدي الشفا العزيزية الملز النزهة الفيصلية الصفا المروة الربوة "
        "الحمراء العليا البديعة الخليج الشرفية"
    ).split()
)
# Residents' nationalities (ISO codes of res.country).
RESIDENT_COUNTRIES = ("YE", "EG", "SY", "SD", "PK", "JO", "IN", "BD", "PS", "ER")
MOBILE_PREFIXES = ("050", "053", "054", "055", "056", "058", "059")
BANK_CODES = ("10", "15", "20", "30", "40", "45", "55", "60", "65", "80")

_STATES = (("active", 70), ("applicant", 15), ("suspended", 10), ("closed", 5))
_HOUSING = (("rented", 45), ("family", 25), ("owned", 15), ("charity", 10), ("other", 5))
_SCHOOLING_BY_AGE = (
    (4, "none"),
    (6, "kindergarten"),
    (12, "primary"),
    (15, "intermediate"),
    (18, "secondary"),
    (23, "university"),
)
_GENERAL_MARITAL = (("married", 55), ("single", 25), ("divorced", 10), ("widowed", 10))
_MEMBER_COUNT_WEIGHTS = (15, 25, 30, 30)  # 0, 1, 2, 3 members: 1.75 on average


def _weighted(rng, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def _stable_hash(text):
    """Python's str hash is salted per process: use a stable one for researchers."""
    value = 0
    for char in text:
        value = (value * 131 + ord(char)) % 1_000_000_007
    return value


def national_id_for_slot(slot, resident=False, seed=DEFAULT_SEED):
    """Return the valid national ID of ID slot ``slot`` (unique per slot and seed)."""
    if not 0 <= slot < _ID_SPACE:
        raise ValueError(f"ID slot {slot} out of range")
    offset = seed % _ID_SPACE
    body = f"{(slot * _ID_MULTIPLIER + offset) % _ID_SPACE:08d}"
    first9 = ("2" if resident else "1") + body
    return first9 + national_id_check_digit(first9)


def saudi_iban(rng):
    """A Saudi IBAN with the ISO 13616 mod-97 check digits of its BBAN."""
    bban = rng.choice(BANK_CODES) + "".join(rng.choices("0123456789", k=18))
    check = 98 - int("".join(str(int(char, 36)) for char in bban + "SA00")) % 97
    return f"SA{check:02d}{bban}"


def _birth_date(rng, min_age, max_age):
    """A birth date such that the age on REFERENCE_DATE is in [min_age, max_age]."""
    days = rng.randint(int(min_age * 365.25), int((max_age + 1) * 365.25) - 1)
    return REFERENCE_DATE - datetime.timedelta(days=days)


def _age(birth_date):
    years = REFERENCE_DATE.year - birth_date.year
    if (REFERENCE_DATE.month, REFERENCE_DATE.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def _schooling(rng, age):
    for limit, level in _SCHOOLING_BY_AGE:
        if age < limit:
            return level
    return rng.choice(("graduated", "none", "university"))


def _four_part_name(rng, first, father=None, grandfather=None, family=None):
    return " ".join(
        (
            first,
            father or rng.choice(MALE_NAMES),
            grandfather or rng.choice(MALE_NAMES),
            family or rng.choice(FAMILY_NAMES),
        )
    )


def household(index, seed=DEFAULT_SEED):
    """Return household ``index`` as plain data (codes, no database ids).

    Keys: ``beneficiary`` (dict of field values; ``category_code`` and
    ``nationality_code`` instead of ids), ``members`` (list of dicts) and
    ``incomes`` (list of dicts).
    """
    rng = random.Random(f"{seed}:{index}")
    category = rng.choices(CATEGORY_CODES, weights=_CATEGORY_WEIGHTS)[0]
    resident = rng.random() < 0.08
    nationality = rng.choice(RESIDENT_COUNTRIES) if resident else "SA"
    first_slot = index * ID_SLOTS_PER_HOUSEHOLD

    # The file holder: a woman for the widow/divorcee/suspended-wife categories
    # and for most orphan files (the mother or guardian); either for "general".
    female = category != "general" or rng.random() < 0.6
    holder_family = rng.choice(FAMILY_NAMES)
    first = rng.choice(FEMALE_NAMES if female else MALE_NAMES)
    name = _four_part_name(rng, first, family=holder_family)
    min_age = 20 if category != "general" else 18
    birth_date = _birth_date(rng, min_age, 75)
    age = _age(birth_date)
    marital_status = {
        "widow": "widowed",
        "divorcee": "divorced",
        "suspended_wife": "suspended",
        "orphan": "widowed",
    }.get(category) or _weighted(rng, _GENERAL_MARITAL)

    city = _weighted(rng, CITIES)
    housing = _weighted(rng, _HOUSING)
    state = _weighted(rng, _STATES)
    registration = None
    if state != "applicant":
        registration = REFERENCE_DATE - datetime.timedelta(days=rng.randint(30, 3650))
    beneficiary = {
        "name": name,
        "national_id": national_id_for_slot(first_slot, resident, seed),
        "nationality_code": nationality,
        "gender": "female" if female else "male",
        "birth_date": birth_date,
        "marital_status": marital_status,
        "category_code": category,
        "state": state,
        "registration_date": registration,
        "consent_date": (
            datetime.datetime.combine(registration, datetime.time(9, rng.randint(0, 59)))
            if registration
            else None
        ),
        "consent_version": "1.0" if registration else None,
        "mobile": rng.choice(MOBILE_PREFIXES) + "".join(rng.choices("0123456789", k=7)),
        "city": city,
        "street": f"حي {rng.choice(DISTRICTS)}، شارع {rng.randint(1, 400)}",
        "housing_type": housing,
        "monthly_rent": float(rng.randrange(800, 3600, 50)) if housing == "rented" else 0.0,
        "has_disability": rng.random() < 0.05,
        "has_chronic_disease": rng.random() < 0.15,
        "bank_iban": saudi_iban(rng) if rng.random() < 0.7 else None,
        "with_researcher": state != "applicant" and rng.random() < 0.8,
    }

    # Family members: children of the holder (their father's name for the
    # widow/divorcee/suspended/orphan files), a spouse or a parent otherwise.
    member_count = rng.choices(range(MAX_MEMBERS + 1), weights=_MEMBER_COUNT_WEIGHTS)[0]
    if category == "orphan" and member_count == 0:
        member_count = 1
    husband_first, husband_father = rng.choice(MALE_NAMES), rng.choice(MALE_NAMES)
    husband_family = rng.choice(FAMILY_NAMES)
    members = []
    for position in range(member_count):
        slot = first_slot + 1 + position
        if category == "general" and position == 0 and marital_status == "married" and age < 70:
            relation = "spouse"
            m_female = not female
            m_birth = _birth_date(rng, max(18, age - 10), min(80, age + 10))
            m_name = _four_part_name(rng, rng.choice(FEMALE_NAMES if m_female else MALE_NAMES))
        elif category == "general" and age < 40 and rng.random() < 0.3:
            relation = "mother"
            m_female = True
            m_birth = _birth_date(rng, age + 18, min(95, age + 40))
            m_name = _four_part_name(rng, rng.choice(FEMALE_NAMES))
        else:
            m_female = rng.random() < 0.5
            relation = "daughter" if m_female else "son"
            youngest = 0
            oldest = max(0, min(age - 18, 30))
            m_birth = _birth_date(rng, youngest, oldest)
            m_name = _four_part_name(
                rng,
                rng.choice(FEMALE_NAMES if m_female else MALE_NAMES),
                father=husband_first if female else first,
                grandfather=husband_father if female else None,
                family=husband_family if female else holder_family,
            )
        m_age = _age(m_birth)
        members.append(
            {
                "name": m_name,
                "relation": relation,
                "national_id": national_id_for_slot(slot, resident, seed),
                "gender": "female" if m_female else "male",
                "birth_date": m_birth,
                "schooling": _schooling(rng, m_age),
                "has_disability": rng.random() < 0.04,
                "has_chronic_disease": rng.random() < 0.08,
                "is_dependent": m_age < 25 or relation in ("mother", "father"),
            }
        )

    incomes = []
    sources = []
    if rng.random() < 0.6:
        sources.append(("social_security", rng.randrange(900, 3500, 10)))
    if not resident and rng.random() < 0.7:
        sources.append(("citizen_account", rng.randrange(300, 1800, 10)))
    if category == "divorcee" and rng.random() < 0.4:
        sources.append(("alimony", rng.randrange(500, 3000, 100)))
    if category in ("widow", "orphan") and rng.random() < 0.5:
        sources.append(("pension", rng.randrange(1500, 6000, 50)))
    if rng.random() < 0.2:
        sources.append(("salary", rng.randrange(3000, 9000, 100)))
    for source, amount in sources:
        incomes.append({"source": source, "amount": float(amount)})
    return {"beneficiary": beneficiary, "members": members, "incomes": incomes}


def households(count, seed=DEFAULT_SEED, start=0):
    for index in range(start, start + count):
        yield household(index, seed)


def to_vals(data, refs, members="inline"):
    """Turn ``household()`` data into ``beneficiary.beneficiary`` create values.

    ``refs`` is a dict with
      ``categories``: {code: id} (required),
      ``countries``: {ISO code: id} (optional: nationality left empty if missing),
      ``branch_id``: id or None, ``company_id``: id or None,
      ``researcher_ids``: list of user ids (optional).
    ``members``: "inline" puts members and incomes in ``member_ids`` /
    ``income_line_ids`` as Command.create (one ``create`` call per batch, as the
    form view saves); "separate" leaves them out (returned by ``split_vals``).
    """
    values = dict(data["beneficiary"])
    values["category_id"] = refs["categories"][values.pop("category_code")]
    country = values.pop("nationality_code")
    values["nationality_id"] = refs.get("countries", {}).get(country) or False
    researchers = refs.get("researcher_ids") or []
    with_researcher = values.pop("with_researcher")
    if researchers and with_researcher:
        pick = _stable_hash(values["national_id"]) % len(researchers)
        values["researcher_id"] = researchers[pick]
    for key in ("branch_id", "company_id"):
        if refs.get(key):
            values[key] = refs[key]
    for key, value in list(values.items()):
        if value is None:
            values[key] = False
    if members == "inline":
        values["member_ids"] = [(COMMAND_CREATE, 0, dict(m)) for m in data["members"]]
        values["income_line_ids"] = [(COMMAND_CREATE, 0, dict(i)) for i in data["incomes"]]
    return values


def vals_batches(count, batch_size, refs, seed=DEFAULT_SEED, start=0, members="inline"):
    """Yield lists of create values, ``batch_size`` households at a time.

    With ``members="separate"`` each item is ``(beneficiary_vals, members, incomes)``
    where ``members``/``incomes`` are lists (one per household) of lists of dicts
    without ``beneficiary_id``; see ``split_vals``.
    """
    batch = []
    for data in households(count, seed, start):
        if members == "inline":
            batch.append(to_vals(data, refs, members))
        else:
            batch.append((to_vals(data, refs, members), data["members"], data["incomes"]))
        if len(batch) >= batch_size:
            yield batch
            batch = []
    if batch:
        yield batch


def check(count, seed=DEFAULT_SEED, start=0):
    """Validate ``count`` households: IDs valid and unique, dates in the past."""
    seen = set()
    totals = {"beneficiaries": 0, "members": 0, "incomes": 0}
    for data in households(count, seed, start):
        people = [data["beneficiary"], *data["members"]]
        for person in people:
            number = validate_national_id(person["national_id"])
            if number in seen:
                raise AssertionError(f"duplicate national ID {number}")
            seen.add(number)
            if person["birth_date"] > REFERENCE_DATE:
                raise AssertionError(f"birth date in the future: {person}")
        totals["beneficiaries"] += 1
        totals["members"] += len(data["members"])
        totals["incomes"] += len(data["incomes"])
    return totals


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=5)
    parser.add_argument("--start", type=int, default=0)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--pretty", action="store_true", help="print households as JSON")
    parser.add_argument("--check", action="store_true", help="validate and print totals only")
    args = parser.parse_args(argv)
    if args.check:
        totals = check(args.count, args.seed, args.start)
        sys.stdout.write(json.dumps(totals) + "\n")
        return 0
    for data in households(args.count, args.seed, args.start):
        sys.stdout.write(
            json.dumps(data, ensure_ascii=False, default=str, indent=2 if args.pretty else None)
            + "\n"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
