"""Hijri (Umm al-Qura) conversion and formatting, based on ``hijridate``.

Supported range: 1/1/1343 AH - 30/12/1500 AH, i.e. 1924-08-01 - 2077-11-16.
Months have 29 or 30 days, except a few before 1365 AH that the Umm al-Qura
table gives 28 or 31 days.
Formatted dates use ASCII digits (as Odoo shows Gregorian dates) in day/month/year
order. ``lang`` is 'ar' or 'en'; Odoo codes such as 'ar_001' or 'en_US' are
accepted and any language not starting with 'ar' falls back to English.
"""

import datetime

from hijridate import Gregorian, Hijri
from hijridate.ummalqura import GREGORIAN_RANGE, HIJRI_RANGE

GREGORIAN_MIN = datetime.date(*GREGORIAN_RANGE[0])
GREGORIAN_MAX = datetime.date(*GREGORIAN_RANGE[1])
HIJRI_MIN = tuple(HIJRI_RANGE[0])
HIJRI_MAX = tuple(HIJRI_RANGE[1])

# Names and the era come from hijridate ("ربيع الثاني", "الإثنين", "هـ"/"AH").
# Indexed like date.weekday(): Monday = 0 ... Sunday = 6 (2022-12-26 was a Monday).
_MONDAY = datetime.date(2022, 12, 26)
WEEKDAY_NAMES = {
    lang: tuple(
        Gregorian.fromdate(_MONDAY + datetime.timedelta(days=day)).day_name(lang)
        for day in range(7)
    )
    for lang in ("ar", "en")
}


def _lang(lang):
    """Map a language code ('ar', 'ar_001', 'en_US', None...) to 'ar' or 'en'."""
    return "ar" if str(lang or "").lower().startswith("ar") else "en"


def _as_date(value):
    """Return a datetime.date for a date/datetime, None for None/False."""
    if value is None or value is False:
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    raise TypeError(f"expected a date, got {type(value).__name__}")


def _hijri(date):
    """The hijridate ``Hijri`` of a date; None for None/False or out of range."""
    date = _as_date(date)
    if date is None or not GREGORIAN_MIN <= date <= GREGORIAN_MAX:
        return None
    return Gregorian.fromdate(date).to_hijri()


def to_hijri(date):
    """Return the Hijri (year, month, day) of a Gregorian date.

    None for None/False or a date outside the supported range.
    """
    hijri = _hijri(date)
    return hijri and hijri.datetuple()


def from_hijri(year, month, day):
    """Return the Gregorian datetime.date of a Hijri date; ValueError if invalid."""
    for name, part in (("year", year), ("month", month), ("day", day)):
        if not isinstance(part, int) or isinstance(part, bool):
            raise ValueError(f"Hijri {name} must be an integer, got {part!r}")
    if not HIJRI_MIN[0] <= year <= HIJRI_MAX[0]:
        raise ValueError(
            f"Hijri year {year} is outside the supported range {HIJRI_MIN[0]}-{HIJRI_MAX[0]}"
        )
    try:
        hijri = Hijri(year, month, day)
    except (ValueError, OverflowError) as error:
        raise ValueError(f"invalid Hijri date {day}/{month}/{year}: {error}") from error
    return hijri.to_gregorian()


def hijri_month_name(month, lang="ar"):
    """Return the name of Hijri month ``month`` (1-12); ValueError otherwise."""
    if not isinstance(month, int) or isinstance(month, bool) or not 1 <= month <= 12:
        raise ValueError(f"Hijri month must be 1-12, got {month!r}")
    return Hijri(1447, month, 1).month_name(_lang(lang))


def format_hijri(date, lang="ar"):
    """Return e.g. '02/06/1444 هـ' (ar) or '02/06/1444 AH' (en).

    Day/month/year, zero-padded, ASCII digits. '' for None/False or out of range.
    """
    hijri = _hijri(date)
    return f"{hijri.dmyformat()} {hijri.notation(_lang(lang))}" if hijri else ""


def format_hijri_long(date, lang="ar"):
    """Return e.g. '2 جمادى الآخرة 1444 هـ' or '2 Jumada al-Akhirah 1444 AH'.

    Day without padding, month name, year, era; ASCII digits. '' for None/False
    or out of range.
    """
    hijri = _hijri(date)
    if hijri is None:
        return ""
    lang = _lang(lang)
    return f"{hijri.day} {hijri.month_name(lang)} {hijri.year} {hijri.notation(lang)}"


def hijri_parts(date, lang="ar", long=False):
    """Return the pieces of a Hijri date as ``(text, is_number)`` pairs.

    Reports print each piece in its own run so that right-to-left layout never
    glues the era ("هـ") to the digits: ``[("18/01/1447", True), ("هـ", False)]``,
    or in the long form ``[("الأحد", False), ("18", True), ("محرم", False),
    ("1447", True), ("هـ", False)]``. [] for None/False or out of range.
    """
    hijri = _hijri(date)
    if hijri is None:
        return []
    lang = _lang(lang)
    if not long:
        return [(hijri.dmyformat(), True), (hijri.notation(lang), False)]
    return [
        (hijri.day_name(lang), False),
        (str(hijri.day), True),
        (hijri.month_name(lang), False),
        (str(hijri.year), True),
        (hijri.notation(lang), False),
    ]


def weekday_name(date, lang="ar"):
    """Return the weekday name of a date (e.g. 'الإثنين' / 'Monday'); '' for None/False."""
    date = _as_date(date)
    return Gregorian.fromdate(date).day_name(_lang(lang)) if date else ""
