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


class IntakeProblems(IntakeError):
    """Several bad values at once (a form checked whole); the first one is the message."""

    def __init__(self, problems: list[IntakeError]) -> None:
        super().__init__(problems[0].message, problems[0].field, problems[0].row)
        self.problems = problems


class SamePersonElsewhere(IntakeError):
    """Someone of the delivery is already in another batch: the clerk confirms or corrects."""

    def __init__(self, found: list[dict[str, object]]) -> None:
        names = "、".join(str(f["name"]) for f in found)
        super().__init__(f"{names} 已在本登记簿的其他批次中登记，请核对后确认", "id_number")
        self.found = found


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
