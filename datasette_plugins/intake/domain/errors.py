"""The one exception type for bad input: a Chinese message a clerk can act on."""

from __future__ import annotations

import re
import sqlite3


class IntakeError(ValueError):
    """Bad input. `field` names the form field (or "" for the whole form); `row` is 1-based."""

    def __init__(self, message: str, field: str = "", row: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.row = row

    def __str__(self) -> str:
        where = f"第{self.row}行：" if self.row is not None else ""
        return where + self.message


_UNIQUE = {
    "units.office, units.name": "该用人单位已登记",
    "applicants.batch_id, applicants.id_number": "同一批次中同一人（身份证号相同）不能登记两次",
    "applicants.batch_id, applicants.roster_position": "同一批次中花名册序号不能重复",
}


def from_database(error: sqlite3.Error) -> IntakeError:
    """Turn a trigger/constraint failure into an IntakeError (trigger messages are Chinese)."""
    text = str(error)
    match = re.match(r"UNIQUE constraint failed: (.+)", text)
    if match:
        return IntakeError(_UNIQUE.get(match.group(1), "记录重复"))
    if re.search(r"[\u4e00-\u9fff]", text):
        return IntakeError(text)
    return IntakeError(f"数据不符合登记簿的规则（{text}）")
