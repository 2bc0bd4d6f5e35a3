"""Saudi national ID (citizens) and iqama (residents) numbers.

A number has 10 digits: the first is 1 for a Saudi citizen or 2 for a resident,
the last is a Luhn check digit computed over the first nine with the 1st, 3rd,
5th, 7th and 9th digits doubled.

Kept here: neither Odoo nor python-stdnum (no Saudi module) checks a Saudi national ID
or iqama number.
"""

import re

from .digits import normalize_digits, strip_spaces_and_separators

NATIONAL_ID_LENGTH = 10
KINDS = {"1": "citizen", "2": "resident"}
ERROR_CODES = ("empty", "length", "non_digit", "prefix", "checksum")

# Explicit ASCII class: \d and str.isdigit() also accept Arabic-Indic digits.
_ASCII_DIGITS = re.compile(r"[0-9]*")


class NationalIdError(ValueError):
    """Invalid national ID / iqama number; ``code`` is one of ERROR_CODES."""

    def __init__(self, code, message, value=""):
        super().__init__(message)
        self.code = code
        self.value = value


def normalize_national_id(value):
    """Return ``value`` as typed digits in ASCII without spaces or hyphens.

    None/False give ''; an int is accepted. The result is not validated.
    """
    if value is None or value is False:
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    return strip_spaces_and_separators(normalize_digits(value))


def _luhn_sum(digits):
    """Luhn sum with the digits at odd 1-based positions (1st, 3rd, ...) doubled."""
    total = 0
    for index, char in enumerate(digits):
        digit = int(char)
        if index % 2 == 0:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total


def national_id_check_digit(first9):
    """Return the check digit (a one-character str) completing nine leading digits.

    ``first9`` is normalised first; ValueError if it is not nine ASCII digits.
    The prefix (1 or 2) is not checked here.
    """
    digits = normalize_national_id(first9)
    if len(digits) != NATIONAL_ID_LENGTH - 1 or not _ASCII_DIGITS.fullmatch(digits):
        raise ValueError(f"expected 9 digits, got {first9!r}")
    return str((10 - _luhn_sum(digits) % 10) % 10)


def validate_national_id(value):
    """Return the normalised number, or raise NationalIdError.

    Checks, in order: empty, non_digit (anything but 0-9 after normalisation),
    length (not 10 digits), prefix (not 1 or 2), checksum.
    """
    number = normalize_national_id(value)
    if not number:
        raise NationalIdError("empty", "The national ID is empty.", number)
    if not _ASCII_DIGITS.fullmatch(number):
        raise NationalIdError("non_digit", f"The national ID {number!r} has non-digits.", number)
    if len(number) != NATIONAL_ID_LENGTH:
        raise NationalIdError(
            "length", f"The national ID {number!r} does not have 10 digits.", number
        )
    if number[0] not in KINDS:
        raise NationalIdError(
            "prefix", f"The national ID {number!r} does not start with 1 or 2.", number
        )
    if _luhn_sum(number) % 10:
        raise NationalIdError(
            "checksum", f"The national ID {number!r} has a wrong check digit.", number
        )
    return number


def is_valid_national_id(value):
    """Return True when ``value`` normalises to a valid national ID / iqama number."""
    try:
        validate_national_id(value)
    except NationalIdError:
        return False
    return True


def national_id_kind(value):
    """Return 'citizen' or 'resident' for a valid number, False otherwise."""
    try:
        number = validate_national_id(value)
    except NationalIdError:
        return False
    return KINDS[number[0]]
