"""Break free text into short lines for PDF reports.

Debian's wkhtmltopdf (unpatched Qt) does not wrap right-to-left text: a long
Arabic paragraph is laid out as one line and its start is cut off at the
margin. Reports therefore print free text as lines short enough for their
column, broken here at word boundaries (a word longer than a line is cut).
"""

import re

_SPACES = re.compile(r"\s+")


def wrap_lines(text, width):
    """Return the lines of ``text``, each at most ``width`` characters.

    Paragraphs (line breaks in the text) are kept; runs of spaces collapse to
    one; empty lines are dropped. ``[]`` for None/False/blank text.
    """
    if width < 1:
        raise ValueError(f"line width must be at least 1, got {width!r}")
    lines = []
    for paragraph in str(text or "").splitlines():
        words = _SPACES.split(paragraph.strip())
        line = ""
        for word in filter(None, words):
            while len(word) > width:
                if line:
                    lines.append(line)
                    line = ""
                lines.append(word[:width])
                word = word[width:]
            if not line:
                line = word
            elif len(line) + 1 + len(word) <= width:
                line = f"{line} {word}"
            else:
                lines.append(line)
                line = word
        if line:
            lines.append(line)
    return lines
