import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tools.working_days import (
    SAUDI_WEEKEND,
    add_working_days,
    is_working_day,
    working_days_between,
)

D = datetime.date

# Saudi public holidays in 2026 as listed by the PyPI ``holidays`` package
# (holidays.SaudiArabia(years=2026), version 0.109), kept here as plain data.
SAUDI_HOLIDAYS_2026 = frozenset(
    {
        D(2026, 2, 22),  # Founding Day
        D(2026, 3, 19),  # Eid al-Fitr 1447
        D(2026, 3, 20),
        D(2026, 3, 21),
        D(2026, 3, 22),
        D(2026, 3, 23),  # Eid al-Fitr (observed)
        D(2026, 3, 24),  # Eid al-Fitr (observed)
        D(2026, 5, 26),  # Day of Arafah
        D(2026, 5, 27),  # Eid al-Adha 1447
        D(2026, 5, 28),
        D(2026, 5, 29),
        D(2026, 5, 31),  # Eid al-Adha (observed)
        D(2026, 9, 23),  # National Day
    }
)


def test_saudi_weekend_is_friday_and_saturday():
    assert SAUDI_WEEKEND == {4, 5}
    assert not is_working_day(D(2026, 3, 13))  # Friday
    assert not is_working_day(D(2026, 3, 14))  # Saturday
    assert is_working_day(D(2026, 3, 15))  # Sunday
    assert not is_working_day(D(2026, 3, 19), holidays=SAUDI_HOLIDAYS_2026)


def test_thursday_plus_one_is_sunday():
    assert add_working_days(D(2026, 3, 12), 1) == D(2026, 3, 15)
    assert working_days_between(D(2026, 3, 12), D(2026, 3, 15)) == 1


def test_zero_days():
    assert add_working_days(D(2026, 3, 12), 0) == D(2026, 3, 12)  # Thursday
    assert add_working_days(D(2026, 3, 13), 0) == D(2026, 3, 15)  # Friday
    assert add_working_days(D(2026, 3, 18), 0, holidays=SAUDI_HOLIDAYS_2026) == D(2026, 3, 18)
    assert add_working_days(D(2026, 3, 19), 0, holidays=SAUDI_HOLIDAYS_2026) == D(2026, 3, 25)


def test_start_day_never_counts():
    # From a weekend day, 1 working day later is the first working day after it.
    assert add_working_days(D(2026, 3, 13), 1) == D(2026, 3, 15)
    assert add_working_days(D(2026, 3, 14), 1) == D(2026, 3, 15)
    assert add_working_days(D(2026, 3, 15), 1) == D(2026, 3, 16)


def test_fifteen_working_days_across_eid_al_fitr():
    start = D(2026, 3, 15)
    assert add_working_days(start, 15) == D(2026, 4, 5)
    assert add_working_days(start, 15, holidays=SAUDI_HOLIDAYS_2026) == D(2026, 4, 9)
    assert working_days_between(start, D(2026, 4, 9), holidays=SAUDI_HOLIDAYS_2026) == 15


def test_negative_days():
    assert add_working_days(D(2026, 3, 15), -1) == D(2026, 3, 12)
    assert add_working_days(D(2026, 3, 25), -1, holidays=SAUDI_HOLIDAYS_2026) == D(2026, 3, 18)
    assert working_days_between(D(2026, 3, 15), D(2026, 3, 12)) == -1
    assert working_days_between(D(2026, 3, 15), D(2026, 3, 15)) == 0


def test_other_weekend_and_datetimes():
    weekend = {5, 6}  # Saturday and Sunday
    assert add_working_days(D(2026, 3, 13), 1, weekend=weekend) == D(2026, 3, 16)
    moment = datetime.datetime(2026, 3, 12, 15, 30)
    assert add_working_days(moment, 1) == D(2026, 3, 15)
    holidays = [datetime.datetime(2026, 3, 15, 8, 0)]
    assert add_working_days(D(2026, 3, 12), 1, holidays=holidays) == D(2026, 3, 16)
    assert working_days_between(moment, D(2026, 3, 16), holidays=holidays) == 1


@pytest.mark.parametrize("n", [1.0, 1.5, "1", True, None])
def test_bad_day_count(n):
    with pytest.raises(ValueError):
        add_working_days(D(2026, 3, 12), n)


@pytest.mark.parametrize("weekend", [set(range(7)), {7}, {-1}])
def test_bad_weekend(weekend):
    with pytest.raises(ValueError):
        add_working_days(D(2026, 3, 12), 1, weekend=weekend)
    with pytest.raises(ValueError):
        working_days_between(D(2026, 3, 12), D(2026, 3, 20), weekend=weekend)


# -- properties ---------------------------------------------------------------

starts = st.dates(min_value=D(2000, 1, 1), max_value=D(2050, 12, 31))
weekends = st.frozensets(st.integers(0, 6), max_size=6)


@st.composite
def holiday_sets(draw, start):
    offsets = draw(st.frozensets(st.integers(-60, 120), max_size=40))
    return frozenset(start + datetime.timedelta(days=offset) for offset in offsets)


@st.composite
def calendars(draw):
    start = draw(starts)
    return start, draw(weekends), draw(holiday_sets(start))


@given(calendars(), st.integers(-80, 80))
def test_result_is_a_working_day(calendar, n):
    start, weekend, holidays = calendar
    result = add_working_days(start, n, weekend, holidays)
    assert result.weekday() not in weekend
    assert result not in holidays
    if n > 0:
        assert result > start
    elif n < 0:
        assert result < start
    else:
        assert result >= start


@given(calendars(), st.integers(1, 80))
def test_round_trip_forwards(calendar, n):
    start, weekend, holidays = calendar
    end = add_working_days(start, n, weekend, holidays)
    assert working_days_between(start, end, weekend, holidays) == n
    # No earlier date reaches n working days.
    assert working_days_between(start, end - datetime.timedelta(days=1), weekend, holidays) == n - 1


@given(calendars(), st.integers(1, 80))
def test_round_trip_backwards_from_a_working_day(calendar, n):
    start, weekend, holidays = calendar
    start = add_working_days(start, 0, weekend, holidays)
    earlier = add_working_days(start, -n, weekend, holidays)
    assert working_days_between(start, earlier, weekend, holidays) == -n
    assert add_working_days(earlier, n, weekend, holidays) == start


@given(calendars(), st.integers(-200, 200))
def test_between_matches_day_by_day_count(calendar, offset):
    start, weekend, holidays = calendar
    end = start + datetime.timedelta(days=offset)
    low, high = min(start, end), max(start, end)
    count = sum(
        1
        for i in range(1, (high - low).days + 1)
        if is_working_day(low + datetime.timedelta(days=i), weekend, holidays)
    )
    assert working_days_between(start, end, weekend, holidays) == (
        count if end >= start else -count
    )


@given(calendars(), st.integers(-100, 100), st.integers(-100, 100))
def test_between_is_additive(calendar, first, second):
    start, weekend, holidays = calendar
    middle = start + datetime.timedelta(days=first)
    end = middle + datetime.timedelta(days=second)
    assert working_days_between(start, middle, weekend, holidays) + working_days_between(
        middle, end, weekend, holidays
    ) == working_days_between(start, end, weekend, holidays)
