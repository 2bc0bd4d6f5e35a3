import pytest

from tools.counted import counted


def test_arabic_number_agreement():
    assert counted(1, "working_day") == "يوم عمل واحد"
    assert counted(2, "working_day") == "يوما عمل"
    assert counted(3, "day") == "3 أيام"
    assert counted(10, "working_day") == "10 أيام عمل"
    assert counted(15, "working_day") == "15 يوم عمل"
    assert counted(11, "employee") == "11 موظفًا"
    assert counted(100, "day") == "100 يومًا"
    assert counted(103, "day") == "103 أيام"
    assert counted(0, "employee", "ar_001") == "0 موظفًا"


def test_english():
    assert counted(1, "day", "en_US") == "1 day"
    assert counted(15, "working_day", "en") == "15 working days"


@pytest.mark.parametrize("bad", [-1, 1.5, "3", None, True])
def test_rejects_what_is_not_a_count(bad):
    with pytest.raises(ValueError):
        counted(bad, "day")
