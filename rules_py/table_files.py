"""Reading and writing the HR tables: .csv (UTF-8 with or without BOM, GB18030 fallback) and .xlsx.

Rows come back with the row number Excel shows (the header is row 1). Written CSV is UTF-8 with a
BOM so that Excel on Chinese Windows opens it correctly.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from .xlsx import Cell, Sheet, XlsxError, read_xlsx, write_xlsx


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


def decode_csv(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TableError("无法识别文件编码，请另存为 UTF-8 或 GB18030（Excel 的“CSV（逗号分隔）”）")


def read_csv(data: bytes) -> list[tuple[int, list[Cell]]]:
    text = decode_csv(data)
    first = text.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise TableError(f"CSV 格式有误：{exc}") from None
    return [(i, list(row)) for i, row in enumerate(rows, start=1) if any(c.strip() for c in row)]


def read_table(path: Path) -> list[tuple[int, list[Cell]]]:
    """Non-empty rows (row number, cells) of a .csv or .xlsx file; raises TableError."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TableError(file_problem(path, exc)) from None
    suffix = path.suffix.lower()
    if suffix == ".xlsx" or data.startswith(b"PK\x03\x04"):
        try:
            return list(read_xlsx(data))
        except XlsxError as exc:
            raise TableError(f"无法读取 Excel 文件 {path.name}：{exc}") from None
    if suffix in (".xls", ".et"):
        raise TableError("不支持旧版 .xls 文件，请在 Excel 中另存为 .xlsx 或 CSV")
    if b"\x00" in data[:4096]:
        raise TableError(f"{path.name} 不是文本表格（CSV）或 .xlsx 文件")
    return read_csv(data)


def csv_bytes(rows: Sequence[Sequence[Cell]]) -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def write_table(path: Path, rows: Sequence[Sequence[Cell]], sheet_name: str = "检查结果") -> None:
    """Write rows as .xlsx when the name says so, otherwise as CSV (UTF-8 with BOM)."""
    if path.suffix.lower() == ".xlsx":
        widths = {i: 14.0 for i in range(len(rows[0]) if rows else 0)}
        data = write_xlsx([Sheet(sheet_name, rows, widths=widths)])
    else:
        data = csv_bytes(rows)
    tmp = path.with_name(path.name + ".part")
    tmp.write_bytes(data)
    tmp.replace(path)
