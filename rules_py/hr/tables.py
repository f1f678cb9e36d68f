"""Tables as people keep them: .csv (UTF-8 with or without BOM, GB18030) and .xlsx (openpyxl).

One reader for the HR staff list and the register's 花名册 import: rows come back with the row
number Excel shows (the header is row 1), empty rows left out; `find_header` finds the header
below a few title rows. Cells are text, numbers, or dates/datetimes from Excel date cells.
Written CSV is UTF-8 with a BOM (Excel on Chinese Windows opens it correctly); written .xlsx has
a bold, frozen header row and fixed column widths. Errors are TableError with a Chinese message.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path

Cell = str | int | float | date | datetime
Row = tuple[int, list[Cell]]
HEADER_SEARCH_ROWS = 10  # a title row or two above the header is allowed
ENCODINGS = ("utf-8-sig", "gb18030")  # GB18030 reads GBK and GB2312 too


class TableError(ValueError):
    """The file cannot be read as a table (Chinese message for the user)."""


def file_problem(path: object, exc: OSError) -> str:
    """A Chinese sentence for a file that cannot be opened."""
    if isinstance(exc, FileNotFoundError):
        return f"找不到文件：{path}"
    if isinstance(exc, IsADirectoryError):
        return f"{path} 是文件夹，不是文件"
    if isinstance(exc, PermissionError):
        return f"没有权限读写文件：{path}"
    return f"无法读写文件 {path}（{type(exc).__name__}）"


def decode_text(data: bytes) -> str:
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TableError("无法识别文件编码，请另存为 UTF-8 或 GB18030（Excel 的“CSV（逗号分隔）”）")


def read_csv(data: bytes) -> list[Row]:
    text = decode_text(data)
    first = text.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise TableError(f"CSV 格式有误：{exc}") from None
    return [(i, list(row)) for i, row in enumerate(rows, start=1) if any(c.strip() for c in row)]


def _cell(value: object) -> Cell:
    if value is None:
        return ""
    if isinstance(value, (str, int, float, date)):
        return value
    return str(value)


def read_xlsx(data: bytes, name: str) -> list[Row]:
    """The first worksheet's non-empty rows (openpyxl, read-only, cached values not formulas)."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any unreadable workbook: not a zip, no sheet, bad XML
        raise TableError(f"无法读取 Excel 文件 {name}：不是有效的 xlsx 文件") from None
    try:
        rows = []
        sheet = book.worksheets[0]
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [_cell(v) for v in values]
            while cells and cells[-1] == "":
                cells.pop()
            if any(not (isinstance(c, str) and not c.strip()) for c in cells):
                rows.append((number, cells))
        return rows
    except Exception:  # noqa: BLE001 - a damaged sheet inside a valid zip
        raise TableError(f"无法读取 Excel 文件 {name}：工作表已损坏") from None
    finally:
        book.close()


def read_rows(path: Path) -> list[Row]:
    """Non-empty rows (row number, cells) of a .csv or .xlsx file; raises TableError."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TableError(file_problem(path, exc)) from None
    suffix = path.suffix.lower()
    if suffix == ".xlsx" or data.startswith(b"PK\x03\x04"):
        return read_xlsx(data, path.name)
    if suffix in (".xls", ".et"):
        raise TableError("不支持旧版 .xls 文件，请在 Excel 中另存为 .xlsx 或 CSV")
    if b"\x00" in data[:4096]:
        raise TableError(f"{path.name} 不是文本表格（CSV）或 .xlsx 文件")
    return read_csv(data)


def clean(header: Cell) -> str:
    return str(header).strip().lstrip("\ufeff").strip()


def find_header(rows: list[Row], is_header: Callable[[list[str]], bool]) -> int | None:
    """Index of the first of the first HEADER_SEARCH_ROWS rows that `is_header` accepts (its
    cells cleaned of spaces and a BOM), or None."""
    for i, (_, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if is_header([clean(c) for c in cells]):
            return i
    return None


def csv_bytes(rows: Sequence[Sequence[Cell]]) -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(sheets: Sequence[Sheet], stamp: datetime) -> bytes:
    """A workbook of these sheets, the same bytes for the same content (`stamp` is written as
    the document's created/modified time and as every archive member's time)."""
    import zipfile

    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    book = Workbook()
    book.remove(book.active)
    for sheet in sheets:
        sheet.write(book.create_sheet(sheet.name))
    book.properties.created = book.properties.modified = stamp
    book.properties.creator = book.properties.lastModifiedBy = None
    out = io.BytesIO()
    # ExcelWriter rather than book.save(), which stamps "modified" with the clock.
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(book, archive).save()
    return fixed_timestamps(out.getvalue(), stamp)


def fixed_timestamps(archive: bytes, stamp: datetime) -> bytes:
    """The zip archive again, every member dated `stamp` (openpyxl dates them with the clock)."""
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(archive))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


class Sheet:
    """One worksheet to write: rows, column widths, text columns, list validations."""

    def __init__(
        self,
        name: str,
        rows: Sequence[Sequence[Cell]],
        widths: dict[int, float] | None = None,
        text_columns: set[int] | None = None,
        lists: dict[int, list[str]] | None = None,
        list_rows: int = 1000,
    ) -> None:
        self.name, self.rows, self.list_rows = name, rows, list_rows
        self.widths = widths or {}
        self.text_columns = text_columns or set()  # typed input stays text (dates as typed)
        self.lists = lists or {}  # column -> allowed values, offered as a drop-down

    def write(self, sheet: object) -> None:
        """Fill an openpyxl worksheet. Text stays text: a value starting with "=" is not made a
        formula, and characters XML cannot hold are dropped."""
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
        from openpyxl.styles import Font
        from openpyxl.utils import get_column_letter
        from openpyxl.worksheet.datavalidation import DataValidation

        for number, row in enumerate(self.rows, start=1):
            for column, value in enumerate(row, start=1):
                if isinstance(value, str):
                    value = ILLEGAL_CHARACTERS_RE.sub("", value)
                if value == "":
                    continue
                cell = sheet.cell(number, column, value)
                if isinstance(value, str):
                    cell.data_type = "s"  # never a formula
                if number == 1:
                    cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for i, width in self.widths.items():
            sheet.column_dimensions[get_column_letter(i + 1)].width = width
        for i in sorted(self.text_columns):
            sheet.column_dimensions[get_column_letter(i + 1)].number_format = "@"
        last = max(self.list_rows, len(self.rows))
        for i, values in sorted(self.lists.items()):
            letter = get_column_letter(i + 1)
            check = DataValidation(
                type="list", formula1='"' + ",".join(values) + '"', allow_blank=True
            )
            check.showErrorMessage = True
            check.error = "请从列表中选择：" + "、".join(values)
            check.add(f"{letter}2:{letter}{last}")
            sheet.add_data_validation(check)


SQLITE_SUFFIXES = (".db", ".sqlite", ".sqlite3")


def write_sqlite(path: Path, rows: Sequence[Sequence[Cell]], table: str) -> None:
    """Rows (the first is the header) as one table of text columns in a new SQLite file, through
    sqlite-utils, cells written as the CSV writes them: `datasette results.db` then shows,
    filters and facets the results."""
    import sqlite3

    import sqlite_utils

    header = [str(h) or f"列{i + 1}" for i, h in enumerate(rows[0])] if rows else []
    try:
        db = sqlite_utils.Database(path)
        try:
            results = db.table(table)
            results.create({h: str for h in header})
            results.insert_all(dict(zip(header, map(str, row), strict=False)) for row in rows[1:])
        finally:
            db.close()
    except sqlite3.Error as exc:  # cannot create or write the file: a file problem
        raise OSError(str(exc)) from exc


def write_table(path: Path, rows: Sequence[Sequence[Cell]], stamp: datetime, sheet: str) -> None:
    """Write rows as .xlsx or as a SQLite table when the name says so, otherwise as CSV (UTF-8
    with BOM); the file appears whole (written beside it, then renamed)."""
    tmp = path.with_name(path.name + ".part")
    suffix = path.suffix.lower()
    if suffix in SQLITE_SUFFIXES:
        tmp.unlink(missing_ok=True)
        write_sqlite(tmp, rows, sheet)
    else:
        if suffix == ".xlsx":
            widths = {i: 14.0 for i in range(len(rows[0]) if rows else 0)}
            data = xlsx_bytes([Sheet(sheet, rows, widths=widths, list_rows=0)], stamp)
        else:
            data = csv_bytes(rows)
        tmp.write_bytes(data)
    tmp.replace(path)
