"""Reading a 花名册 file (.xlsx or .csv): 序号, 姓名, 身份证号, 工作单位, 申报专业, 申报类型."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ..domain.errors import IntakeError
from .store import RosterRow

COLUMNS = ("序号", "姓名", "身份证号", "工作单位", "申报专业", "申报类型")
REQUIRED = ("姓名", "身份证号", "工作单位")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _table_rows(path: Path) -> list[list[str]]:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        raw = path.read_bytes()
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise IntakeError("花名册 CSV 文件的编码无法识别（请用 UTF-8 或 GBK 保存）")
        return [[c.strip() for c in row] for row in csv.reader(io.StringIO(text))]
    if suffix == ".xlsx":
        from openpyxl import load_workbook

        try:
            book = load_workbook(path, read_only=True, data_only=True)
        except Exception as error:  # noqa: BLE001 - any unreadable workbook
            raise IntakeError(f"无法读取花名册 Excel 文件：{path.name}") from error
        try:
            sheet = book.worksheets[0]
            return [[_cell(c) for c in row] for row in sheet.iter_rows(values_only=True)]
        finally:
            book.close()
    raise IntakeError("花名册文件应为 .xlsx 或 .csv")


def read_roster(path: str | Path) -> list[RosterRow]:
    path = Path(path)
    if not path.is_file():
        raise IntakeError(f"找不到花名册文件：{path}")
    rows = [r for r in _table_rows(path) if any(c for c in r)]
    header_at = next((i for i, r in enumerate(rows[:10]) if "姓名" in r and "身份证号" in r), None)
    if header_at is None:
        raise IntakeError("花名册缺少表头：应有 " + "、".join(COLUMNS) + " 等列")
    header = rows[header_at]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise IntakeError("花名册缺少列：" + "、".join(missing))
    index = {name: header.index(name) for name in COLUMNS if name in header}
    result = []
    for number, row in enumerate(rows[header_at + 1 :], start=1):

        def get(name: str, row: list[str] = row) -> str:
            i = index.get(name)
            return row[i] if i is not None and i < len(row) else ""

        result.append(
            RosterRow(
                position=get("序号") or number,
                name=get("姓名"),
                id_number=get("身份证号"),
                unit=get("工作单位"),
                specialty=get("申报专业"),
                route=get("申报类型"),
            )
        )
    return result
