import pytest
from hypothesis import given
from hypothesis import strategies as st

from tools.digits import normalize_digits, strip_spaces_and_separators

ARABIC_INDIC = "٠١٢٣٤٥٦٧٨٩"
PERSIAN = "۰۱۲۳۴۵۶۷۸۹"


def test_normalize_arabic_indic_and_persian_digits():
    assert normalize_digits(ARABIC_INDIC) == "0123456789"
    assert normalize_digits(PERSIAN) == "0123456789"


def test_normalize_keeps_other_characters():
    assert normalize_digits("رقم ١٢ abc-3") == "رقم 12 abc-3"
    # Only the two Arabic ranges are converted: Devanagari and full-width stay.
    assert normalize_digits("१２") == "१２"


@pytest.mark.parametrize("empty", [None, False, ""])
def test_empty_values(empty):
    assert normalize_digits(empty) == ""
    assert strip_spaces_and_separators(empty) == ""


def test_non_string_is_rejected():
    with pytest.raises(TypeError):
        normalize_digits(12)
    with pytest.raises(TypeError):
        strip_spaces_and_separators(12)


def test_strip_spaces_and_separators():
    text = "a b\u00a0c\u202fd\u2003e\tf\ng-h\u2013i\u0640j\u200fk\u200bl\u3000m"
    assert strip_spaces_and_separators(text) == "abcdefghijklm"


def test_strip_keeps_digits_and_letters():
    assert strip_spaces_and_separators("SA03 ٨٠٠٠/x.y_z") == "SA03٨٠٠٠/x.y_z"


@given(st.integers(min_value=0), st.lists(st.sampled_from(["ascii", "arabic", "persian"])))
def test_any_rendering_of_a_number_normalises_to_ascii(number, styles):
    ascii_digits = str(number)
    tables = {"ascii": "0123456789", "arabic": ARABIC_INDIC, "persian": PERSIAN}
    rendered = "".join(
        tables[styles[i % len(styles)] if styles else "ascii"][int(char)]
        for i, char in enumerate(ascii_digits)
    )
    assert normalize_digits(rendered) == ascii_digits


@given(st.text())
def test_normalize_preserves_length_and_removes_arabic_digits(text):
    result = normalize_digits(text)
    assert len(result) == len(text)
    assert not set(result) & set(ARABIC_INDIC + PERSIAN)


@given(st.text())
def test_strip_is_idempotent_and_leaves_no_space(text):
    result = strip_spaces_and_separators(text)
    assert strip_spaces_and_separators(result) == result
    assert not any(char.isspace() or char == "-" for char in result)
