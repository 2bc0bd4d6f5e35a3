"""Streaming XLSX writer for large exports, based on ``xlsxwriter``.

``xlsxwriter`` in ``constant_memory`` mode flushes every finished row to a
temporary file, so memory stays flat whatever the number of rows; rows must
then be written in order, one after the other, which is what an export does.
The sheet is laid out right-to-left for Arabic, the header row is frozen and
carries an autofilter over the written range.

Pure Python (no Odoo), so it can be unit-tested on its own.

Kept here: Odoo's own XLSX export holds the whole file in memory (about 260 MB at
100,000 rows against about 20 MB here, bench/README.md).
"""

import datetime
import os
import tempfile

import xlsxwriter

# Excel's limit on a sheet name, and the characters it refuses in one.
SHEET_NAME_MAX = 31
SHEET_NAME_FORBIDDEN = "[]:*?/\\"


def sheet_name(name):
    """A valid Excel sheet name: forbidden characters removed, at most 31 characters."""
    cleaned = "".join(char for char in (name or "") if char not in SHEET_NAME_FORBIDDEN).strip()
    return (cleaned or "Sheet")[:SHEET_NAME_MAX]


class XlsxColumn:
    """One column: header text, kind of value and width (in characters)."""

    KINDS = ("text", "integer", "number", "percent", "date", "datetime", "boolean")

    def __init__(self, header, kind="text", width=None):
        if kind not in self.KINDS:
            raise ValueError(f"unknown column kind {kind!r}")
        self.header = header
        self.kind = kind
        self.width = width or max(12, min(len(str(header)) + 4, 50))


class StreamingXlsxWriter:
    """Write one or more sheets of rows to an .xlsx file with flat memory.

    Usage::

        with StreamingXlsxWriter(path, rtl=True) as writer:
            writer.add_sheet("Registry", columns)
            for row in rows:
                writer.write_row(row)
        # the file at ``path`` is complete here

    ``path`` may be omitted: a temporary file is created and ``writer.path``
    names it (the caller removes it).
    """

    def __init__(self, path=None, rtl=True, true_label="Yes", false_label="No"):
        if path is None:
            handle, path = tempfile.mkstemp(suffix=".xlsx", prefix="beneficiary_export_")
            os.close(handle)
        self.path = path
        self.rtl = rtl
        self.true_label = true_label
        self.false_label = false_label
        self.workbook = xlsxwriter.Workbook(
            path,
            {
                "constant_memory": True,
                "in_memory": False,
                "tmpdir": tempfile.gettempdir(),
                "strings_to_numbers": False,
                "strings_to_formulas": False,
                "strings_to_urls": False,
            },
        )
        self.formats = {
            "header": self.workbook.add_format(
                {"bold": True, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True}
            ),
            "date": self.workbook.add_format({"num_format": "yyyy-mm-dd"}),
            "datetime": self.workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"}),
            "number": self.workbook.add_format({"num_format": "#,##0.00"}),
            "percent": self.workbook.add_format({"num_format": "0.0%"}),
        }
        self.sheet = None
        self.columns = []
        self.row_count = 0
        self._row = 0
        self._closed = False

    # ------------------------------------------------------------------ sheets
    def _finish_sheet(self):
        if self.sheet is not None and self.columns:
            last_row = max(self._row - 1, 0)
            self.sheet.autofilter(0, 0, last_row, len(self.columns) - 1)

    def add_sheet(self, name, columns):
        """Start a new sheet with its header row; later rows go to it."""
        self._finish_sheet()
        self.sheet = self.workbook.add_worksheet(sheet_name(name))
        if self.rtl:
            self.sheet.right_to_left()
        self.columns = list(columns)
        for index, column in enumerate(self.columns):
            self.sheet.set_column(index, index, column.width)
        # In constant_memory mode rows are flushed in order: the header comes first.
        self.sheet.freeze_panes(1, 0)
        for index, column in enumerate(self.columns):
            self.sheet.write_string(0, index, str(column.header), self.formats["header"])
        self._row = 1
        return self.sheet

    # ------------------------------------------------------------------ rows
    def write_row(self, values):
        """Write one row; ``values`` are in the order of the sheet's columns."""
        if self.sheet is None:
            raise RuntimeError("add_sheet() must be called before write_row()")
        if len(values) != len(self.columns):
            raise ValueError(f"expected {len(self.columns)} values, got {len(values)}")
        row = self._row
        for index, (column, value) in enumerate(zip(self.columns, values, strict=True)):
            self._write_cell(row, index, column.kind, value)
        self._row += 1
        self.row_count += 1

    def write_rows(self, rows):
        for values in rows:
            self.write_row(values)

    def _write_cell(self, row, col, kind, value):
        sheet = self.sheet
        if value is None or (value is False and kind != "boolean"):
            sheet.write_blank(row, col, None)
        elif kind == "boolean":
            sheet.write_string(row, col, self.true_label if value else self.false_label)
        elif isinstance(value, datetime.datetime):
            sheet.write_datetime(row, col, value, self.formats["datetime"])
        elif isinstance(value, datetime.date):
            sheet.write_datetime(row, col, value, self.formats["date"])
        elif kind == "number" and isinstance(value, int):
            # A count in a column of figures stays a whole number.
            sheet.write_number(row, col, value)
        elif kind in ("integer", "number", "percent") and isinstance(value, (int, float)):
            sheet.write_number(row, col, value, self.formats.get(kind))
        elif kind in ("integer", "number", "percent"):
            # A figure given as text (e.g. a reference in a summary) stays text.
            sheet.write_string(row, col, str(value))
        elif kind == "datetime" and isinstance(value, datetime.datetime):
            sheet.write_datetime(row, col, value, self.formats["datetime"])
        elif kind in ("date", "datetime") and isinstance(value, datetime.date):
            sheet.write_datetime(row, col, value, self.formats["date"])
        else:
            sheet.write_string(row, col, str(value))

    # ------------------------------------------------------------------ close
    def close(self):
        if not self._closed:
            self._finish_sheet()
            self.workbook.close()
            self._closed = True
        return self.path

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, traceback):
        self.close()
        if exc_type is not None and os.path.exists(self.path):
            os.unlink(self.path)
        return False
