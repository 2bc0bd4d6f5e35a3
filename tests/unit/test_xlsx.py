import datetime
import os

import pytest

from tools.xlsx import StreamingXlsxWriter, XlsxColumn, sheet_name

# openpyxl only reads the files back; the module itself needs xlsxwriter alone.
openpyxl = pytest.importorskip("openpyxl")

COLUMNS = [
    XlsxColumn("رقم الملف"),
    XlsxColumn("Members", "integer"),
    XlsxColumn("Income", "number"),
    XlsxColumn("Registered", "date"),
    XlsxColumn("Consent", "boolean"),
    XlsxColumn("Share", "percent"),
]


def _write(path, rows, rtl=True):
    with StreamingXlsxWriter(str(path), rtl=rtl) as writer:
        writer.add_sheet("سجل المستفيدين", COLUMNS)
        writer.write_rows(rows)
    return writer


def test_rows_headers_rtl_freeze_and_filter(tmp_path):
    path = tmp_path / "registry.xlsx"
    rows = [
        ["BEN/0001", 3, 2500.5, datetime.date(2025, 7, 13), True, 0.25],
        ["BEN/0002", 0, 0, None, False, None],
    ]
    writer = _write(path, rows)
    assert writer.row_count == 2
    book = openpyxl.load_workbook(path)
    sheet = book["سجل المستفيدين"]
    assert [cell.value for cell in sheet[1]] == [
        "رقم الملف",
        "Members",
        "Income",
        "Registered",
        "Consent",
        "Share",
    ]
    assert sheet.max_row == 3
    assert sheet.sheet_view.rightToLeft is True
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:F3"
    first = [cell.value for cell in sheet[2]]
    assert first[:3] == ["BEN/0001", 3, 2500.5]
    assert first[3].date() == datetime.date(2025, 7, 13)
    assert first[4:] == ["Yes", 0.25]
    second = [cell.value for cell in sheet[3]]
    assert second == ["BEN/0002", 0, 0, None, "No", None]


def test_left_to_right_and_empty_sheet(tmp_path):
    path = tmp_path / "empty.xlsx"
    _write(path, [], rtl=False)
    sheet = openpyxl.load_workbook(path).active
    assert not sheet.sheet_view.rightToLeft
    assert sheet.max_row == 1
    assert sheet.auto_filter.ref == "A1:F1"


def test_wrong_row_length_is_refused_and_file_removed(tmp_path):
    path = tmp_path / "bad.xlsx"
    with pytest.raises(ValueError, match="expected 6 values"):
        _write(path, [["only one"]])
    assert not os.path.exists(path)


def test_rows_need_a_sheet(tmp_path):
    writer = StreamingXlsxWriter(str(tmp_path / "x.xlsx"))
    with pytest.raises(RuntimeError):
        writer.write_row([])
    writer.close()


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError):
        XlsxColumn("x", "money")


def test_sheet_names_are_made_valid():
    assert sheet_name("a/b:c*d?[e]") == "abcde"
    assert len(sheet_name("س" * 40)) == 31
    assert sheet_name("") == "Sheet"


def test_temporary_file_when_no_path():
    writer = StreamingXlsxWriter()
    try:
        writer.add_sheet("x", [XlsxColumn("a")])
        writer.write_row(["1"])
        path = writer.close()
        assert openpyxl.load_workbook(path).active["A2"].value == "1"
    finally:
        os.unlink(writer.path)


def test_text_in_a_number_column_stays_text(tmp_path):
    path = tmp_path / "mixed.xlsx"
    with StreamingXlsxWriter(str(path)) as writer:
        writer.add_sheet("Summary", [XlsxColumn("Indicator"), XlsxColumn("Value", "number")])
        writer.write_rows([["Requests", 3], ["Board decision", "12/3/1444"]])
    sheet = openpyxl.load_workbook(path).worksheets[0]
    assert sheet.cell(2, 2).value == 3
    assert sheet.cell(3, 2).value == "12/3/1444"
