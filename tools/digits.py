"""Digit and separator normalisation for numbers typed in Arabic or Latin script.

Kept here: Odoo parses only ASCII digits, and a national ID, amount or Hijri date typed
on an Arabic keyboard arrives in Arabic-Indic digits with invisible direction marks.
"""

# Arabic-Indic (U+0660-U+0669) and Eastern Arabic-Indic / Persian (U+06F0-U+06F9)
# digits mapped to ASCII 0-9. Other characters are left untouched.
_DIGIT_TABLE = {
    **{0x0660 + i: str(i) for i in range(10)},
    **{0x06F0 + i: str(i) for i in range(10)},
}

# Characters removed by strip_spaces_and_separators() besides str.isspace() ones:
# hyphens and dashes, the Arabic tatweel, and invisible format characters that
# copy-paste from Arabic interfaces commonly carries (zero-width and bidi marks).
_SEPARATORS = frozenset(
    "-"  # hyphen-minus
    "\u2010\u2011\u2012\u2013\u2014\u2015"  # hyphen, non-breaking hyphen, dashes
    "\u2212\ufe63\uff0d"  # minus sign, small and full-width hyphen-minus
    "\u0640"  # Arabic tatweel (kashida)
    "\u200b\u200c\u200d\u2060\ufeff"  # zero-width space/non-joiner/joiner, word joiner, BOM
    "\u200e\u200f\u061c"  # left-to-right, right-to-left and Arabic letter marks
    "\u202a\u202b\u202c\u202d\u202e"  # bidi embeddings and overrides
    "\u2066\u2067\u2068\u2069"  # bidi isolates
)


def _as_text(text):
    if text is None or text is False:
        return ""
    if not isinstance(text, str):
        raise TypeError(f"expected a string, got {type(text).__name__}")
    return text


def normalize_digits(text):
    """Return ``text`` with Arabic-Indic and Persian digits replaced by ASCII digits.

    None/False give ''. Only U+0660-0669 and U+06F0-06F9 are converted; every
    other character (including other Unicode digits) is kept as is.
    """
    return _as_text(text).translate(_DIGIT_TABLE)


def strip_spaces_and_separators(text):
    """Return ``text`` without whitespace, hyphens/dashes, tatweel and invisible marks.

    Removed: every character for which ``str.isspace()`` is true (ASCII spaces,
    tabs, newlines, NBSP U+00A0, narrow NBSP U+202F, U+2000-U+200A, U+3000, ...),
    hyphen-minus and the Unicode hyphens/dashes/minus signs, the Arabic tatweel
    U+0640, zero-width characters and bidi control marks. None/False give ''.
    """
    return "".join(
        char for char in _as_text(text) if not char.isspace() and char not in _SEPARATORS
    )
