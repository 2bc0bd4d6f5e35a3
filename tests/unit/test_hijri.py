import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tools.hijri import (
    GREGORIAN_MAX,
    GREGORIAN_MIN,
    format_hijri,
    format_hijri_long,
    from_hijri,
    hijri_month_name,
    hijri_parts,
    to_hijri,
    weekday_name,
)

KNOWN = [
    # (gregorian, hijri, arabic weekday, english weekday)
    (datetime.date(2022, 12, 26), (1444, 6, 2), "الإثنين", "Monday"),
    (datetime.date(2022, 8, 31), (1444, 2, 4), "الأربعاء", "Wednesday"),
    (datetime.date(2025, 7, 13), (1447, 1, 18), "الأحد", "Sunday"),
]


@pytest.mark.parametrize("gregorian, hijri, weekday_ar, weekday_en", KNOWN)
def test_known_dates(gregorian, hijri, weekday_ar, weekday_en):
    assert to_hijri(gregorian) == hijri
    assert from_hijri(*hijri) == gregorian
    assert weekday_name(gregorian) == weekday_ar
    assert weekday_name(gregorian, "en") == weekday_en


def test_format_short():
    day = datetime.date(2022, 12, 26)
    assert format_hijri(day) == "02/06/1444 هـ"
    assert format_hijri(day, lang="ar_001") == "02/06/1444 هـ"
    assert format_hijri(day, lang="en") == "02/06/1444 AH"
    assert format_hijri(day, lang="en_US") == "02/06/1444 AH"
    assert format_hijri(datetime.datetime(2022, 12, 26, 23, 59)) == "02/06/1444 هـ"


def test_format_long():
    assert format_hijri_long(datetime.date(2022, 12, 26)) == "2 جمادى الآخرة 1444 هـ"
    assert format_hijri_long(datetime.date(2022, 12, 26), "en") == "2 Jumada al-Akhirah 1444 AH"
    assert format_hijri_long(datetime.date(2022, 8, 31)) == "4 صفر 1444 هـ"
    assert format_hijri_long(datetime.date(2025, 7, 13)) == "18 محرم 1447 هـ"


def test_month_names():
    assert hijri_month_name(1) == "محرم"
    assert hijri_month_name(4) == "ربيع الثاني"
    assert hijri_month_name(4, "en") == "Rabi' al-Thani"
    assert hijri_month_name(5, "ar") == "جمادى الأولى"
    assert hijri_month_name(9) == "رمضان"
    assert hijri_month_name(12) == "ذو الحجة"
    assert hijri_month_name(9, "en") == "Ramadan"
    assert hijri_month_name(12, "en_US") == "Dhu al-Hijjah"
    for bad in (0, 13, "1", None, 1.0):
        with pytest.raises(ValueError):
            hijri_month_name(bad)


@pytest.mark.parametrize(
    "value", [None, False, GREGORIAN_MIN - datetime.timedelta(days=1), datetime.date(2077, 11, 17)]
)
def test_empty_or_out_of_range(value):
    assert to_hijri(value) is None
    assert format_hijri(value) == ""
    assert format_hijri_long(value, "en") == ""


def test_range_limits():
    assert to_hijri(GREGORIAN_MIN) == (1343, 1, 1)
    assert to_hijri(GREGORIAN_MAX) == (1500, 12, 30)
    assert weekday_name(None) == ""
    assert weekday_name(datetime.date(1900, 1, 1), "en") == "Monday"


@pytest.mark.parametrize(
    "year, month, day",
    [
        (1444, 13, 1),
        (1444, 0, 1),
        (1444, 1, 0),
        (1444, 1, 31),
        (1444, 6, 30),  # Jumada al-Akhirah 1444 has 29 days
        (1342, 12, 29),
        (1501, 1, 1),
        ("1444", 1, 1),
        (1444, 1.0, 1),
        (None, 1, 1),
    ],
)
def test_from_hijri_rejects_invalid_dates(year, month, day):
    with pytest.raises(ValueError):
        from_hijri(year, month, day)


def test_to_hijri_rejects_non_dates():
    with pytest.raises(TypeError):
        to_hijri("2022-12-26")


@given(st.dates(min_value=GREGORIAN_MIN, max_value=GREGORIAN_MAX))
def test_round_trip_over_supported_range(day):
    hijri = to_hijri(day)
    assert hijri is not None
    assert from_hijri(*hijri) == day
    year, month, mday = hijri
    assert format_hijri(day, "en") == f"{mday:02d}/{month:02d}/{year} AH"
    assert format_hijri_long(day).startswith(f"{mday} {hijri_month_name(month)} ")


def test_parts_keep_the_era_apart_from_the_digits():
    day = datetime.date(2025, 7, 13)
    assert hijri_parts(day) == [("18/01/1447", True), ("هـ", False)]
    assert hijri_parts(day, "en") == [("18/01/1447", True), ("AH", False)]
    assert hijri_parts(day, long=True) == [
        ("الأحد", False),
        ("18", True),
        ("محرم", False),
        ("1447", True),
        ("هـ", False),
    ]
    # The pieces joined by spaces are the formatted dates.
    assert " ".join(text for text, _number in hijri_parts(day)) == format_hijri(day)
    long_text = " ".join(text for text, _number in hijri_parts(day, long=True))
    assert long_text == f"الأحد {format_hijri_long(day)}"
    assert hijri_parts(None) == []
    assert hijri_parts(datetime.date(1900, 1, 1)) == []
