import pytest
from hypothesis import given
from hypothesis import strategies as st

from tools.national_id import (
    ERROR_CODES,
    NationalIdError,
    is_valid_national_id,
    national_id_check_digit,
    national_id_kind,
    normalize_national_id,
    validate_national_id,
)

TO_ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
TO_PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")

first_nine = st.from_regex(r"[12][0-9]{8}", fullmatch=True)


@st.composite
def valid_ids(draw):
    prefix = draw(first_nine)
    return prefix + national_id_check_digit(prefix)


# -- examples -----------------------------------------------------------------


@pytest.mark.parametrize(
    "value, kind",
    [
        ("1000000008", "citizen"),
        ("2000000006", "resident"),
        ("١٠٠٠٠٠٠٠٠٨", "citizen"),
        ("۲۰۰۰۰۰۰۰۰۶", "resident"),
        ("1000 000 008", "citizen"),
        ("1000-000-008", "citizen"),
        (" 1000000008\u00a0", "citizen"),
        (1000000008, "citizen"),
    ],
)
def test_valid_numbers(value, kind):
    assert is_valid_national_id(value)
    assert validate_national_id(value) == normalize_national_id(value)
    assert national_id_kind(value) == kind


def test_known_check_digits():
    assert national_id_check_digit("100000000") == "8"
    assert national_id_check_digit("200000000") == "6"
    assert national_id_check_digit("١٠٠٠٠٠٠٠٠") == "8"


@pytest.mark.parametrize("value", ["10000000", "1000000000", "12345678a", "", None])
def test_check_digit_needs_nine_digits(value):
    with pytest.raises(ValueError):
        national_id_check_digit(value)


def test_normalize():
    assert normalize_national_id(None) == ""
    assert normalize_national_id(False) == ""
    assert normalize_national_id("١٠٠٠ ٠٠٠-٠٠٨") == "1000000008"
    # Normalisation does not validate.
    assert normalize_national_id("12 ab") == "12ab"


@pytest.mark.parametrize(
    "value, code",
    [
        (None, "empty"),
        (False, "empty"),
        ("", "empty"),
        ("  - ", "empty"),
        ("100000000", "length"),
        ("10000000080", "length"),
        ("١٠٠٠٠", "length"),
        ("10000000a8", "non_digit"),
        ("1000000008.", "non_digit"),
        # Python's \d would accept these; they are not Arabic-Indic digits.
        ("१०००००००००८", "non_digit"),
        ("１０００００００００８", "non_digit"),
        ("3000000004", "prefix"),
        ("٣٠٠٠٠٠٠٠٠٠", "prefix"),
        ("0000000000", "prefix"),
        ("1000000000", "checksum"),
        ("2000000008", "checksum"),
    ],
)
def test_error_codes(value, code):
    with pytest.raises(NationalIdError) as info:
        validate_national_id(value)
    assert info.value.code == code
    assert code in ERROR_CODES
    assert isinstance(info.value, ValueError)
    assert not is_valid_national_id(value)
    assert national_id_kind(value) is False


# -- properties ---------------------------------------------------------------


@given(first_nine)
def test_computed_check_digit_is_the_only_valid_one(prefix):
    check = national_id_check_digit(prefix)
    assert is_valid_national_id(prefix + check)
    for other in "0123456789":
        if other != check:
            with pytest.raises(NationalIdError) as info:
                validate_national_id(prefix + other)
            assert info.value.code == "checksum"


@given(valid_ids(), st.lists(st.sampled_from(["ascii", "arabic", "persian", "space"])))
def test_arabic_indic_rendering_is_valid_and_normalises_back(number, styles):
    tables = {"arabic": TO_ARABIC_INDIC, "persian": TO_PERSIAN}
    parts = []
    for i, char in enumerate(number):
        style = styles[i % len(styles)] if styles else "ascii"
        parts.append(char.translate(tables[style]) if style in tables else char)
        if style == "space":
            parts.append(" ")
    rendered = "".join(parts)
    assert is_valid_national_id(rendered)
    assert normalize_national_id(rendered) == number
    assert validate_national_id(rendered.translate(TO_ARABIC_INDIC)) == number


@given(valid_ids(), st.integers(0, 9), st.integers(1, 9))
def test_any_single_digit_change_is_detected(number, position, delta):
    digits = list(number)
    digits[position] = str((int(digits[position]) + delta) % 10)
    assert not is_valid_national_id("".join(digits))


@given(valid_ids())
def test_kind_follows_first_digit(number):
    assert national_id_kind(number) == {"1": "citizen", "2": "resident"}[number[0]]
