"""The review queue: what needs a person, derived from the register's rows and versions.

Nothing here is stored: every item follows from the live rows and the versions, so registers
that hold the same versions show the same queue. An item is settled by an ordinary, synced,
audited change (``resolve.py``): a write that removes the cause (restore, move, delete, take the
losing value), or a row in ``review_decisions`` (keep the current value, confirm a deletion, a
double registration that is right) — which travels like any other row.

Kinds (``KINDS`` gives their Chinese names):

- ``orphan``: an applicant whose batch or unit, or a batch whose unit, is not in the register
  (deleted by another office meanwhile, or not received yet);
- ``same-batch-person`` / ``same-position``: two applicants of one batch with one 身份证号 / one
  roster position (two offices added them at once);
- ``same-person``: one 身份证号 in several batches (also what the counter warns about);
- ``same-unit-name``: two units of one office with one name (a rebuilt register re-entered it);
- ``conflict``: a value written by an office that lost to a concurrent one (same column);
- ``edit-after-delete``: a row deleted by an office that had not seen another office's change.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from ..domain import fields
from ..domain.offices import load_offices
from . import hlc, merge
from .columns import table_columns

KINDS = {
    "orphan": "上级记录缺失",
    "same-batch-person": "同一批次重复登记同一人",
    "same-position": "同一批次花名册序号重复",
    "same-person": "同一人在多个批次",
    "same-unit-name": "同一受理点单位重名",
    "conflict": "同时修改的冲突",
    "edit-after-delete": "删除时未看到的修改",
}
TABLE_LABELS = {
    "units": "单位",
    "batches": "批次",
    "applicants": "申报人",
    "review_decisions": "复核",
}
COLUMN_LABELS = {
    "name": "名称/姓名", "id_number": "身份证号", "note": "备注", "status": "状态",
    "status_reason": "状态原因", "route": "申报类型", "roster_position": "花名册序号",
    "batch_id": "所属批次", "unit_id": "用人单位", "specialty": "申报专业",
    "courier": "送件人", "credit_code": "统一社会信用代码", "contact": "联系人", "phone": "电话",
    # copy counts: the notice's names of the forms (domain/copies.py)
    **{count.column: f"{count.label}份数" for count in fields.COUNTS},
}  # fmt: skip


@dataclass(frozen=True)
class Action:
    action: str  # restore | restore-parent | move | delete | accept | decide
    label: str
    table: str = ""
    row_id: str = ""
    value: str = ""  # the loser version (clock:office) for accept, the decision for decide


@dataclass
class ReviewItem:
    kind: str
    key: str
    table: str
    row_id: str
    title: str
    detail: str
    actions: list[Action] = field(default_factory=list)
    other_ids: list[str] = field(default_factory=list)
    decision: str | None = None

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind]

    @property
    def anchor(self) -> str:
        return f"{self.kind}-{self.row_id}"


def office_label(code: str) -> str:
    office = load_offices().get(code)
    return f"{office.short_name}（{code}）" if office else code


def _decisions(conn: sqlite3.Connection) -> dict[str, str]:
    return {
        item: decision
        for item, decision in conn.execute(
            "SELECT item, decision FROM review_decisions ORDER BY decided_at"
        )
    }


def items(conn: sqlite3.Connection, include_settled: bool = False) -> list[ReviewItem]:
    found = [
        *_orphans(conn),
        *_same_batch(conn),
        *_same_person(conn),
        *_same_unit_name(conn),
        *_version_items(conn),
    ]
    decided = _decisions(conn)
    for item in found:
        item.decision = decided.get(item.key)
    return [i for i in found if include_settled or i.decision is None]


# Open items per register file: (incarnation, local_seq) when counted, the count.
_COUNTS: dict[str, tuple[tuple[object, ...], int]] = {}


def open_count(conn: sqlite3.Connection) -> int:
    """How many items wait for a person (the start page and the dashboard show it on every
    view). Counted again only when the register changed: every write the queue depends on (a
    clerk's, an import's, a resolution, a decision) adds versions, so the register's
    ``_sync_state.local_seq`` (with its incarnation) is the queue's change counter, whichever
    connection wrote."""
    (file,) = conn.execute("SELECT file FROM pragma_database_list WHERE name = 'main'").fetchone()
    state = tuple(
        conn.execute("SELECT incarnation, local_seq FROM _sync_state WHERE id = 1").fetchone()
    )
    cached = _COUNTS.get(file) if file else None
    if cached is not None and cached[0] == state:
        return cached[1]
    count = len(items(conn))  # read after the counter: a newer count is only counted again
    if file:
        _COUNTS[file] = (state, count)
    return count


def _person(row: sqlite3.Row | tuple) -> str:
    return f"{row[1]}（{row[0]}）"


def _parent_state(conn: sqlite3.Connection, table: str, row_id: str) -> str:
    """Why a referred row is missing: deleted (by whom) or never received."""
    versions = merge.row_versions(conn, table, row_id, None)
    if not versions:
        return f"尚未收到（由 {office_label(row_id[:6])} 登记，请该办公室导出变更）"
    deciding = max(versions, key=lambda v: (v.cl, v.key))
    if deciding.deletion:
        when = hlc.to_text(deciding.clock)
        return f"已被 {office_label(deciding.origin)} 于 {when} 删除"
    return "尚未收到完整记录"


def _orphans(conn: sqlite3.Connection) -> list[ReviewItem]:
    found = []
    checks = [
        ("applicants", "batch_id", "batches", "所属批次"),
        ("applicants", "unit_id", "units", "用人单位"),
        ("batches", "unit_id", "units", "用人单位"),
    ]
    for table, column, parent, label in checks:
        rows = conn.execute(
            f"SELECT c.id, c.{column}, {'c.name' if table == 'applicants' else 'c.received_at'}"
            f" FROM {table} AS c WHERE NOT EXISTS (SELECT 1 FROM {parent} AS p"
            f" WHERE p.id = c.{column}) ORDER BY c.id"
        ).fetchall()
        for row_id, parent_id, name in rows:
            state = _parent_state(conn, parent, parent_id)
            what = f"申报人 {name}" if table == "applicants" else f"批次（收件 {name}）"
            actions = []
            if "删除" in state:
                actions.append(Action("restore-parent", f"恢复该{label}", parent, parent_id))
            if table == "applicants" and column == "batch_id":
                actions.append(Action("move", "移到其他批次", table, row_id))
            actions.append(Action("delete", f"删除该{TABLE_LABELS[table]}", table, row_id))
            found.append(
                ReviewItem(
                    "orphan",
                    f"orphan:{table}:{row_id}:{parent_id}",
                    table,
                    row_id,
                    f"{what} 的{label} {parent_id} {state}",
                    "登记簿先照收了这条记录（各登记簿内容保持一致），请决定如何处理。",
                    actions,
                    [parent_id],
                )
            )
    return found


def _same_batch(conn: sqlite3.Connection) -> list[ReviewItem]:
    found = []
    for column, kind, label in (
        ("id_number", "same-batch-person", "身份证号"),
        ("roster_position", "same-position", "花名册序号"),
    ):
        groups = conn.execute(
            f"SELECT batch_id, {column}, group_concat(id, ' ') FROM (SELECT batch_id, {column},"
            f" id FROM applicants ORDER BY id) GROUP BY batch_id, {column} HAVING COUNT(*) > 1"
        ).fetchall()
        for batch_id, value, ids_text in groups:
            ids = ids_text.split()
            people = conn.execute(
                f"SELECT id, name, office FROM applicants WHERE id IN ({','.join('?' * len(ids))})"
                " ORDER BY id",
                ids,
            ).fetchall()
            names = "、".join(f"{p[1]}（{office_label(p[2])}登记）" for p in people)
            actions = [Action("delete", f"删除 {p[1]}（{p[0][-6:]}）", "applicants", p[0])
                       for p in people]  # fmt: skip
            if kind == "same-position":
                actions.append(Action("decide", "确认无误", value="dismiss"))
            found.append(
                ReviewItem(
                    kind,
                    f"{kind}:{batch_id}:{' '.join(ids)}",
                    "applicants",
                    ids[0],
                    f"批次 {batch_id} 中{label} {value} 登记了 {len(ids)} 次：{names}",
                    "两个办公室同时在同一批次登记了这些记录。请保留一条，删除其余。",
                    actions,
                    ids[1:],
                )
            )
    return found


def _same_person(conn: sqlite3.Connection) -> list[ReviewItem]:
    found = []
    groups = conn.execute(
        "SELECT id_number, group_concat(id, ' ') FROM (SELECT id_number, id, batch_id"
        " FROM applicants ORDER BY id) GROUP BY id_number HAVING COUNT(DISTINCT batch_id) > 1"
    ).fetchall()
    for _number, ids_text in groups:
        ids = ids_text.split()
        people = conn.execute(
            f"SELECT a.id, a.name, a.office, a.batch_id, u.name FROM applicants AS a"
            f" LEFT JOIN units AS u ON u.id = a.unit_id WHERE a.id IN ({','.join('?' * len(ids))})"
            " ORDER BY a.id",
            ids,
        ).fetchall()
        where = "；".join(
            f"{office_label(p[2])} 批次 {p[3]}（{p[4] or '单位未知'}）" for p in people
        )
        actions = [Action("decide", "确认无误（各处登记都保留）", value="dismiss")]
        actions += [Action("delete", f"删除 {office_label(p[2])} 的登记", "applicants", p[0])
                    for p in people]  # fmt: skip
        found.append(
            ReviewItem(
                "same-person",
                f"same-person:{' '.join(ids)}",
                "applicants",
                ids[0],
                f"{people[0][1]} 的身份证号在 {len(ids)} 个批次中登记",
                f"登记在：{where}。同一人通常只应由一个受理点报送。",
                actions,
                ids[1:],
            )
        )
    return found


def _same_unit_name(conn: sqlite3.Connection) -> list[ReviewItem]:
    found = []
    groups = conn.execute(
        "SELECT office, name, group_concat(id, ' ') FROM (SELECT office, name, id FROM units"
        " ORDER BY id) GROUP BY office, name HAVING COUNT(*) > 1"
    ).fetchall()
    for office, name, ids_text in groups:
        ids = ids_text.split()
        actions = [Action("decide", "确认无误", value="dismiss")]
        actions += [Action("delete", f"删除单位记录 {i[-6:]}", "units", i) for i in ids]
        found.append(
            ReviewItem(
                "same-unit-name",
                f"same-unit-name:{' '.join(ids)}",
                "units",
                ids[0],
                f"{office_label(office)} 有 {len(ids)} 个同名单位“{name}”",
                "常见于登记簿重建后重新登记了单位，随后又收回了原来的记录。"
                "请删除没有批次的那一条，或确认无误。",
                actions,
                ids[1:],
            )
        )
    return found


def _version_items(conn: sqlite3.Connection) -> list[ReviewItem]:
    """Conflict losers and edits a deleting office had not seen, row by row."""
    found = []
    rows = conn.execute(
        "SELECT tbl, row_id FROM _sync_versions GROUP BY tbl, row_id"
        " HAVING COUNT(DISTINCT origin) > 1 ORDER BY tbl, row_id"
    ).fetchall()
    columns_of: dict[str, list[str]] = {}
    for table, row_id in rows:
        columns = columns_of.setdefault(table, table_columns(conn, table))
        live = merge.live_row(conn, table, row_id)
        versions = merge.row_versions(conn, table, row_id, live)
        merged = merge.merge(versions, columns)
        found += conflicts(table, row_id, versions, merged, columns)
        if merged.deciding is not None and merged.deciding.deletion:
            found += edits_after_delete(table, row_id, versions, merged.deciding)
    return found


def _name(version_values: dict[str, object], row_id: str) -> str:
    return str(version_values.get("name") or row_id)


def conflicts(
    table: str,
    row_id: str,
    versions: list[merge.Version],
    merged: merge.Merged,
    columns: list[str],
) -> list[ReviewItem]:
    found = []
    for loser in versions:
        lost = []
        for column in columns:
            winner = merged.winners.get(column)
            if winner is None or winner is loser or not loser.writes(column):
                continue
            if loser.values.get(column) == winner.values.get(column):
                continue
            if winner.has_seen(loser):
                continue
            lost.append((column, winner))
        if not lost:
            continue
        changes = "；".join(
            f"{COLUMN_LABELS.get(c, c)}：{office_label(loser.origin)}写“{loser.values.get(c)}”，"
            f"现采用 {office_label(w.origin)} 的“{w.values.get(c)}”"
            for c, w in lost
        )
        found.append(
            ReviewItem(
                "conflict",
                f"conflict:{table}:{row_id}:{loser.clock}:{loser.origin}",
                table,
                row_id,
                f"{TABLE_LABELS.get(table, table)} {_name(merged.values, row_id)}："
                f"{office_label(loser.origin)} 于 {hlc.to_text(loser.clock)} 的修改"
                "被同时的另一修改覆盖",
                changes + "。两处修改时彼此都没有看到对方；按时间先后自动采用了较晚的一个。",
                [
                    Action(
                        "accept", "改用落选的值", table, row_id, f"{loser.clock}:{loser.origin}"
                    ),
                    Action("decide", "保留现值", value="keep"),
                ],
            )
        )
    return found


def edits_after_delete(
    table: str, row_id: str, versions: list[merge.Version], deletion: merge.Version
) -> list[ReviewItem]:
    found = []
    for version in versions:
        if version.deletion or deletion.has_seen(version):
            continue
        found.append(
            ReviewItem(
                "edit-after-delete",
                f"edit-after-delete:{table}:{row_id}:{version.clock}:{version.origin}:"
                f"{deletion.clock}",
                table,
                row_id,
                f"{TABLE_LABELS.get(table, table)} {_name(version.values, row_id)} 已被"
                f" {office_label(deletion.origin)} 删除，但删除时没有看到"
                f" {office_label(version.origin)} 于 {hlc.to_text(version.clock)} 的修改",
                "规则：删除优先于删除方未看到的修改，记录保持删除，修改内容完整保留在历史中。"
                "如该记录应当保留，请“恢复”。",
                [
                    Action("restore", "恢复该记录", table, row_id),
                    Action("decide", "确认删除", value="confirm-delete"),
                ],
            )
        )
    return found
