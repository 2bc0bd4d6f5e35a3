"""Saudi IBAN normalisation and validation (ISO 13616, mod-97 check).

A Saudi IBAN is 'SA', two check digits, then a 20-character BBAN (2-digit bank
code and an 18-character account number, digits or capital letters as the IBAN
registry allows), 24 characters in all.
"""

import re

from .digits import normalize_digits, strip_spaces_and_separators

SAUDI_IBAN_LENGTH = 24
_SAUDI_IBAN = re.compile(r"SA[0-9]{4}[0-9A-Z]{18}")
_COUNTRY = re.compile(r"[A-Z]{2}")
_BBAN = re.compile(r"[0-9A-Z]+")


def normalize_iban(value):
    """Return ``value`` upper-cased, with ASCII digits and no spaces or hyphens.

    None/False give ''. The result is not validated.
    """
    return strip_spaces_and_separators(normalize_digits(value)).upper()


def _mod97(text):
    """ISO 7064 mod 97-10 of an alphanumeric string (letters A=10 ... Z=35)."""
    return int("".join(str(int(char, 36)) for char in text)) % 97


def iban_check_digits(country, bban):
    """Return the two check digits for ``country`` (2 letters) and ``bban``.

    ValueError if the country is not two letters A-Z or the BBAN has characters
    other than 0-9 and A-Z (after normalisation).
    """
    country = normalize_iban(country)
    bban = normalize_iban(bban)
    if not _COUNTRY.fullmatch(country):
        raise ValueError(f"invalid IBAN country code {country!r}")
    if not _BBAN.fullmatch(bban):
        raise ValueError(f"invalid BBAN {bban!r}")
    return f"{98 - _mod97(bban + country + '00'):02d}"


def is_valid_saudi_iban(value):
    """Return True when ``value`` normalises to a Saudi IBAN with a valid mod-97 check."""
    iban = normalize_iban(value)
    if not _SAUDI_IBAN.fullmatch(iban):
        return False
    return _mod97(iban[4:] + iban[:4]) == 1
