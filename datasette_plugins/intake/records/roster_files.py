"""Reading a 花名册 file (.xlsx or .csv): 序号, 姓名, 身份证号, 工作单位, 申报专业, 申报类型.

The file is read by the project's one table reader (rules_py.hr.tables: CSV in UTF-8 or
GB18030, .xlsx with openpyxl, the header found below title rows), shared with the HR batch tool.
"""

from __future__ import annotations

from pathlib import Path

from rules_py.hr.tables import TableError, find_header, read_rows

from ..domain.errors import IntakeError
from .store import RosterRow

COLUMNS = ("序号", "姓名", "身份证号", "工作单位", "申报专业", "申报类型")
REQUIRED = ("姓名", "身份证号", "工作单位")


def _cell(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _table_rows(path: Path) -> list[list[str]]:
    """The file's non-empty rows as text, read by the one table reader of the project."""
    if path.suffix.lower() not in (".csv", ".xlsx"):
        raise IntakeError("花名册文件应为 .xlsx 或 .csv")
    try:
        return [[_cell(c) for c in cells] for _, cells in read_rows(path)]
    except TableError as error:
        raise IntakeError(f"花名册：{error}") from None


def read_roster(path: str | Path) -> list[RosterRow]:
    path = Path(path)
    if not path.is_file():
        raise IntakeError(f"找不到花名册文件：{path}")
    rows = [r for r in _table_rows(path) if any(c for c in r)]
    header_at = find_header(
        [(0, r) for r in rows], lambda cells: "姓名" in cells and "身份证号" in cells
    )
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
