"""Counted nouns in Arabic and English ("15 يوم عمل", "3 أيام", "3 days").

Arabic agreement of a noun with its number: 1 and 2 are said with the singular
and the dual without the digit ("يوم عمل واحد", "يوما عمل"), 3-10 take the
plural ("3 أيام عمل") and 11 or more the singular ("15 يوم عمل", "100 يوم عمل").
"""

NOUNS = {
    # key: (Arabic: one, two, 3-10, 11+), (English: one, other)
    "working_day": (
        ("يوم عمل واحد", "يوما عمل", "أيام عمل", "يوم عمل"),
        ("working day", "working days"),
    ),
    "day": (("يوم واحد", "يومان", "أيام", "يومًا"), ("day", "days")),
    "employee": (("موظف واحد", "موظفان", "موظفين", "موظفًا"), ("employee", "employees")),
}


def counted(number, noun, lang="ar"):
    """Return ``number`` with ``noun`` (a key of NOUNS) in the agreeing form."""
    if not isinstance(number, int) or isinstance(number, bool) or number < 0:
        raise ValueError(f"a count must be a whole number >= 0, got {number!r}")
    arabic, english = NOUNS[noun]
    if not str(lang or "").lower().startswith("ar"):
        return f"{number} {english[0] if number == 1 else english[1]}"
    one, two, few, many = arabic
    if number == 1:
        return one
    if number == 2:
        return two
    if 3 <= number % 100 <= 10:
        return f"{number} {few}"
    return f"{number} {many}"
