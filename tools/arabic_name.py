"""Matching keys for personal names written in Arabic (or Latin) script.

Two spellings of one Arabic name often differ only in the forms of hamza on the
alef (أحمد / احمد), ta marbuta (فاطمة / فاطمه), alef maqsura (مصطفى / مصطفي),
diacritics (مُحَمَّد), tatweel (محـمد), the space in compound names (عبد الله /
عبدالله) or the optional "son / daughter of" (محمد بن علي / محمد علي).
``name_key`` removes those differences.

PostgreSQL's ``pg_trgm`` extracts trigrams from the characters the database's
``LC_CTYPE`` counts as letters. Under the ``C`` locale (Odoo's own databases are
often created with it) no Arabic letter qualifies and every Arabic name has no
trigram at all, so ``similarity()`` is 0. The key therefore writes each Arabic
letter as one ASCII letter or digit: trigrams, and the trigram index on the key,
then work the same under any locale.
"""

import re
import unicodedata

from .digits import normalize_digits

# Diacritics (tashkeel), the superscript alef, Quranic marks and the tatweel.
_REMOVED = dict.fromkeys(
    [*range(0x0610, 0x061B), *range(0x064B, 0x0660), 0x0670, *range(0x06D6, 0x06EE), 0x0640]
)

# Letter variants written the same for matching.
_UNIFIED = {
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ة": "ه",
    "ى": "ي",
    "ئ": "ي",
    "ؤ": "و",
    "ی": "ي",  # Persian yeh
    "ک": "ك",  # Persian kaf
    "ھ": "ه",  # heh doachashmee
}

# One ASCII character per Arabic letter (after unification): never two letters on one.
_ASCII = {
    "ء": "7",
    "ا": "a",
    "ب": "b",
    "ت": "t",
    "ث": "c",
    "ج": "j",
    "ح": "h",
    "خ": "x",
    "د": "d",
    "ذ": "1",
    "ر": "r",
    "ز": "z",
    "س": "s",
    "ش": "2",
    "ص": "3",
    "ض": "4",
    "ط": "5",
    "ظ": "6",
    "ع": "e",
    "غ": "g",
    "ف": "f",
    "ق": "q",
    "ك": "k",
    "ل": "l",
    "م": "m",
    "ن": "n",
    "ه": "o",
    "و": "w",
    "ي": "y",
}

_TABLE = str.maketrans({**_REMOVED, **_UNIFIED})
_ASCII_TABLE = str.maketrans(_ASCII)

# Words that a name may carry or leave out: "son of", "daughter of".
_LINK_WORDS = frozenset({"بن", "بنت", "ابن"})


def normalize_arabic_name(name):
    """``name`` in one spelling: no diacritics or tatweel, unified letters, single spaces."""
    if not name:
        return ""
    text = unicodedata.normalize("NFKC", normalize_digits(name)).translate(_TABLE).lower()
    words = [word for word in re.split(r"[\W_]+", text) if word and word not in _LINK_WORDS]
    # "عبد الله" and "عبدالله" are one name.
    joined = " ".join(words)
    return re.sub(r"\bعبد ", "عبد", joined)


def name_key(name):
    """The matching key of ``name``: its normal spelling, Arabic letters in ASCII."""
    return normalize_arabic_name(name).translate(_ASCII_TABLE)
