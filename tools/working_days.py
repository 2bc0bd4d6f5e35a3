"""Working-day arithmetic for service-level deadlines.

Weekdays are numbered as ``date.weekday()``: Monday = 0 ... Sunday = 6. The
default weekend is the Saudi one, Friday (4) and Saturday (5). ``holidays`` is
any collection of dates that are not worked.

Convention: working days are counted strictly AFTER the start date, so the
start day itself never counts (a request completed on Thursday 2026-03-12 is due
1 working day later on Sunday 2026-03-15).
"""

import datetime

SAUDI_WEEKEND = frozenset({4, 5})
_ONE_DAY = datetime.timedelta(days=1)


def _as_date(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    raise TypeError(f"expected a date, got {type(value).__name__}")


def _check_weekend(weekend):
    weekend = frozenset(weekend)
    if not weekend <= set(range(7)):
        raise ValueError(f"weekend days must be weekday numbers 0-6, got {sorted(weekend)}")
    if len(weekend) == 7:
        raise ValueError("the weekend cannot cover the whole week")
    return weekend


def _as_holidays(holidays):
    return frozenset(_as_date(day) for day in holidays)


def _is_working(day, weekend, holidays):
    return day.weekday() not in weekend and day not in holidays


def is_working_day(day, weekend=SAUDI_WEEKEND, holidays=frozenset()):
    """Return True when ``day`` is neither a weekend day nor a holiday."""
    return _is_working(_as_date(day), _check_weekend(weekend), _as_holidays(holidays))


def add_working_days(start, n, weekend=SAUDI_WEEKEND, holidays=frozenset()):
    """Return the date ``n`` working days after ``start``.

    n >= 1: the n-th working day strictly after ``start`` (``start`` itself never
    counts, working or not). n == 0: ``start`` if it is a working day, else the
    next working day. n < 0: the |n|-th working day strictly before ``start``.
    """
    if not isinstance(n, int) or isinstance(n, bool):
        raise ValueError(f"the number of working days must be an integer, got {n!r}")
    start = _as_date(start)
    weekend = _check_weekend(weekend)
    holidays = _as_holidays(holidays)
    if n == 0:
        day = start
        while not _is_working(day, weekend, holidays):
            day += _ONE_DAY
        return day
    step = _ONE_DAY if n > 0 else -_ONE_DAY
    remaining = abs(n)
    day = start
    while remaining:
        day += step
        if _is_working(day, weekend, holidays):
            remaining -= 1
    return day


def working_days_between(start, end, weekend=SAUDI_WEEKEND, holidays=frozenset()):
    """Return the number of working days d with start < d <= end.

    When end < start, the result is minus the count for (end, start], so that
    ``working_days_between(a, b) == -working_days_between(b, a)`` and
    ``working_days_between(s, add_working_days(s, n)) == n`` for n >= 1 (and for
    n <= -1 when ``s`` is a working day).
    """
    start, end = _as_date(start), _as_date(end)
    weekend = _check_weekend(weekend)
    if end < start:
        return -working_days_between(end, start, weekend, holidays)
    days = (end - start).days
    full_weeks, rest = divmod(days, 7)
    count = full_weeks * (7 - len(weekend))
    first_weekday = start.weekday()
    count += sum(1 for i in range(1, rest + 1) if (first_weekday + i) % 7 not in weekend)
    count -= sum(
        1
        for holiday in _as_holidays(holidays)
        if start < holiday <= end and holiday.weekday() not in weekend
    )
    return count
