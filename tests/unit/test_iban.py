import pytest
from hypothesis import given
from hypothesis import strategies as st

from tools.iban import iban_check_digits, is_valid_saudi_iban, normalize_iban

# Example from the SWIFT IBAN registry.
REGISTRY_EXAMPLE = "SA0380000000608010167519"


def make_saudi_iban(bban):
    return "SA" + iban_check_digits("SA", bban) + bban


# Saudi BBAN: 2-digit bank code + 18-digit account number.
saudi_bbans = st.from_regex(r"[0-9]{20}", fullmatch=True)


def test_check_digits():
    assert iban_check_digits("SA", "80000000608010167519") == "03"
    # ISO 13616 example.
    assert iban_check_digits("GB", "WEST12345698765432") == "82"
    assert iban_check_digits("sa", "8000 0000 6080 1016 7519") == "03"


@pytest.mark.parametrize("country, bban", [("S", "123"), ("S1", "123"), ("SA", ""), ("SA", "12/3")])
def test_check_digits_rejects_bad_input(country, bban):
    with pytest.raises(ValueError):
        iban_check_digits(country, bban)


def test_normalize():
    assert normalize_iban("sa03 8000 ٠٠٠٠ 6080-1016-7519") == REGISTRY_EXAMPLE
    assert normalize_iban(None) == ""
    assert normalize_iban(False) == ""


@pytest.mark.parametrize(
    "value",
    [
        REGISTRY_EXAMPLE,
        "SA03 8000 0000 6080 1016 7519",
        "sa0380000000608010167519",
        "SA٠٣٨٠٠٠٠٠٠٠٦٠٨٠١٠١٦٧٥١٩",
        make_saudi_iban("10000000000000000000"),
        make_saudi_iban("45000000001234567890"),
        make_saudi_iban("00000000000000000000"),
    ],
)
def test_valid(value):
    assert is_valid_saudi_iban(value)


@pytest.mark.parametrize(
    "value",
    [
        None,
        False,
        "",
        "SA04 8000 0000 6080 1016 7519",  # wrong check digits
        "SA03 8000 0000 6080 1016 7518",  # wrong account digit
        "SA03 8000 0000 6080 1016 751",  # too short
        "SA03 8000 0000 6080 1016 75190",  # too long
        "SA03 8000 0000 6080 1016 751A",  # a letter breaks the check digits
        "SA03 8A00 0000 6080 1016 7519",  # the bank code is digits only
        "GB82WEST12345698765432",  # valid IBAN, not Saudi
        "AE07 0331 2345 6789 0123 456",  # valid IBAN, not Saudi
    ],
)
def test_invalid(value):
    assert not is_valid_saudi_iban(value)


def test_letters_in_the_account_number_are_allowed():
    bban = "80" + "0000000608010167AB"
    assert is_valid_saudi_iban("SA" + iban_check_digits("SA", bban) + bban)


@given(saudi_bbans)
def test_generated_ibans_are_valid(bban):
    iban = make_saudi_iban(bban)
    assert len(iban) == 24
    assert is_valid_saudi_iban(iban)
    assert is_valid_saudi_iban(" ".join(iban[i : i + 4] for i in range(0, 24, 4)).lower())


@given(saudi_bbans, st.integers(2, 23), st.integers(1, 9))
def test_single_digit_corruption_is_detected(bban, position, delta):
    iban = make_saudi_iban(bban)
    corrupted = iban[:position] + str((int(iban[position]) + delta) % 10) + iban[position + 1 :]
    assert not is_valid_saudi_iban(corrupted)


@given(saudi_bbans, st.integers(4, 22))
def test_adjacent_transposition_is_detected(bban, position):
    iban = make_saudi_iban(bban)
    a, b = iban[position], iban[position + 1]
    swapped = iban[:position] + b + a + iban[position + 2 :]
    assert is_valid_saudi_iban(swapped) == (a == b)
