import pytest
from hypothesis import given
from hypothesis import strategies as st

from tools.text_lines import wrap_lines


def test_wraps_at_word_boundaries():
    text = "أقر أنا الموقع أدناه بأن جميع البيانات صحيحة"
    assert wrap_lines(text, 14) == ["أقر أنا الموقع", "أدناه بأن جميع", "البيانات صحيحة"]
    assert wrap_lines(text, 200) == [text]


def test_keeps_paragraphs_and_drops_blank_lines():
    assert wrap_lines("سطر أول\n\n  سطر   ثان  ", 40) == ["سطر أول", "سطر ثان"]
    assert wrap_lines("", 10) == []
    assert wrap_lines(None, 10) == []
    assert wrap_lines(False, 10) == []


def test_cuts_a_word_longer_than_a_line():
    assert wrap_lines("قصير https://example.org/a/very/long/path", 10) == [
        "قصير",
        "https://ex",
        "ample.org/",
        "a/very/lon",
        "g/path",
    ]


def test_rejects_a_width_below_one():
    with pytest.raises(ValueError):
        wrap_lines("نص", 0)


@given(st.text(alphabet="ابت ج\n1.", max_size=300), st.integers(min_value=1, max_value=60))
def test_no_word_is_lost_and_no_line_is_too_long(text, width):
    lines = wrap_lines(text, width)
    assert all(0 < len(line) <= width for line in lines)
    assert "".join("".join(lines).split()) == "".join(text.split())
