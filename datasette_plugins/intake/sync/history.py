"""One row's history across offices: every version any office wrote, in order, with what became
of it (in force, lost a conflict, overwritten later, kept with a deletion)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from . import hlc, merge, review
from .columns import table_columns

TABLES = ("units", "batches", "applicants")


@dataclass
class Step:
    when: str
    office: str
    action: str
    values: list[tuple[str, object]]
    state: str


@dataclass
class History:
    table: str
    row_id: str
    title: str
    exists: bool
    current: list[tuple[str, object]]
    steps: list[Step] = field(default_factory=list)
    items: list[review.ReviewItem] = field(default_factory=list)
    same_person: list[dict[str, object]] = field(default_factory=list)


def _action(version: merge.Version, previous_cl: int) -> str:
    if version.deletion:
        return "删除"
    if version.written is None:
        return "恢复" if previous_cl >= 2 else "登记"
    return "修改"


def _state(version: merge.Version, merged: merge.Merged) -> str:
    if version.deletion:
        return "删除生效" if merged.deciding is version else "删除（已被恢复）"
    won = [c for c, w in merged.winners.items() if w is version]
    lost = [c for c, w in merged.winners.items() if w is not version and version.writes(c)]
    if not merged.exists:
        return "内容随删除保留"
    if not lost:
        return "现行"
    if any(not merged.winners[c].has_seen(version) for c in lost):
        return "部分落选（同时修改的冲突）" if won else "落选（同时修改的冲突）"
    return "部分已被后来的修改取代" if won else "已被后来的修改取代"


def row_history(conn: sqlite3.Connection, table: str, row_id: str) -> History | None:
    columns = table_columns(conn, table)
    live = merge.live_row(conn, table, row_id)
    versions = merge.row_versions(conn, table, row_id, live)
    if not versions:
        return None
    merged = merge.merge(versions, columns)
    label = review.COLUMN_LABELS

    def shown(values: dict[str, object]) -> list[tuple[str, object]]:
        return [(label.get(c, c), v) for c, v in values.items() if c not in ("id", "office")]

    name = merged.values.get("name") or merged.values.get("received_at") or row_id
    story = History(
        table,
        row_id,
        f"{review.TABLE_LABELS[table]} {name}",
        merged.exists,
        shown({c: merged.values[c] for c in columns if c in merged.values}),
    )
    previous_cl = 0
    for version in sorted(versions, key=lambda v: (v.clock, v.origin)):
        story.steps.append(
            Step(
                hlc.to_text(version.clock),
                review.office_label(version.origin),
                _action(version, previous_cl),
                shown(version.values) if not version.deletion else [],
                _state(version, merged),
            )
        )
        previous_cl = max(previous_cl, version.cl)
    story.items = [i for i in review.items(conn, include_settled=True) if i.row_id == row_id
                   or row_id in i.other_ids]  # fmt: skip
    number = merged.values.get("id_number")
    if table == "applicants" and number:
        story.same_person = [
            dict(row)
            for row in conn.execute(
                "SELECT a.id, a.name, a.office, a.batch_id, a.status FROM applicants AS a"
                " WHERE a.id_number = ? AND a.id != ? ORDER BY a.id",
                (number, row_id),
            )
        ]
    return story
