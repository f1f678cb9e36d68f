"""The review queue's actions: each one an ordinary write by a clerk, synced and audited.

They go through the register's triggers like any other write (its rules for local writes hold,
the audit log records the clerk, the tracking triggers make a version that travels), so the
other registers converge on the same result and their queue loses the same item.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from ..domain.errors import IntakeError, from_database
from ..domain.ids import new_id
from ..schema.actor import acting_as
from ..schema.connection import transaction
from . import merge, schema, synclog
from .columns import quote, table_columns
from .review import TABLE_LABELS

DECISIONS = {"keep": "保留现值", "dismiss": "确认无误", "confirm-delete": "确认删除"}
PARENTS = {"batches": [("unit_id", "units")], "applicants": [("unit_id", "units"),
                                                              ("batch_id", "batches")]}  # fmt: skip


@contextmanager
def _write(conn: sqlite3.Connection, actor: str) -> Iterator[None]:
    """One transaction of the clerk ``actor``; the register's refusals become IntakeError."""
    if not actor:
        raise IntakeError("必须注明操作人")
    try:
        with acting_as(actor), transaction(conn):
            yield
    except sqlite3.IntegrityError as error:
        raise from_database(error) from error


def _check_table(table: str) -> None:
    if table not in schema.SYNCED_TABLES:
        raise IntakeError("未知的表")


def restore(conn: sqlite3.Connection, actor: str, table: str, row_id: str) -> None:
    """Bring a deleted row back with its content (every column as the versions merge), after
    restoring the rows it refers to if they were deleted too."""
    _check_table(table)
    with _write(conn, actor):
        _restore(conn, table, row_id)


def _restore(conn: sqlite3.Connection, table: str, row_id: str) -> None:
    if merge.live_row(conn, table, row_id) is not None:
        return
    columns = table_columns(conn, table)
    versions = merge.row_versions(conn, table, row_id, None)
    merged = merge.merge(versions, columns)
    if not versions or "id" not in merged.values:
        raise IntakeError(f"本登记簿没有该{TABLE_LABELS[table]}的内容，无法恢复（尚未收到）。")
    for column, parent in PARENTS.get(table, []):
        parent_id = merged.values.get(column)
        if parent_id and merge.live_row(conn, parent, str(parent_id)) is None:
            _restore(conn, parent, str(parent_id))
    names = [c for c in columns if c in merged.values]
    conn.execute(
        f"INSERT INTO {quote(table)} ({', '.join(quote(c) for c in names)})"
        f" VALUES ({', '.join('?' for _ in names)})",
        [merged.values[c] for c in names],
    )


def delete(conn: sqlite3.Connection, actor: str, table: str, row_id: str) -> None:
    _check_table(table)
    with _write(conn, actor):
        if conn.execute(f'DELETE FROM {quote(table)} WHERE "id" = ?', (row_id,)).rowcount != 1:
            raise IntakeError(f"该{TABLE_LABELS[table]}已不在登记簿中。")


def move(conn: sqlite3.Connection, actor: str, applicant_id: str, batch_id: str) -> None:
    """Move an applicant to another batch (and that batch's unit)."""
    batch = conn.execute("SELECT unit_id FROM batches WHERE id = ?", (batch_id,)).fetchone()
    if batch is None:
        raise IntakeError("目标批次不存在，请填写登记簿中已有的批次编号。", field="batch_id")
    with _write(conn, actor):
        cursor = conn.execute(
            "UPDATE applicants SET batch_id = ?, unit_id = ? WHERE id = ?",
            (batch_id, batch[0], applicant_id),
        )
        if cursor.rowcount != 1:
            raise IntakeError("该申报人已不在登记簿中。")


def accept_loser(
    conn: sqlite3.Connection, actor: str, table: str, row_id: str, version: str
) -> None:
    """Write the losing version's values again, now knowing both (no longer a conflict)."""
    _check_table(table)
    try:
        clock_text, origin = version.split(":", 1)
        clock = int(clock_text)
    except ValueError:
        raise IntakeError("无效的版本") from None
    live = merge.live_row(conn, table, row_id)
    if live is None:
        raise IntakeError(f"该{TABLE_LABELS[table]}已被删除，请先恢复。")
    versions = merge.row_versions(conn, table, row_id, live)
    loser = next((v for v in versions if v.key == (clock, origin)), None)
    if loser is None:
        raise IntakeError("找不到该版本。")
    columns = [c for c in table_columns(conn, table) if c != "id" and loser.writes(c)]
    changed = {c: loser.values.get(c) for c in columns if live.get(c) != loser.values.get(c)}
    if not changed:
        return
    with _write(conn, actor):
        sets = ", ".join(f"{quote(c)} = ?" for c in changed)
        conn.execute(
            f'UPDATE {quote(table)} SET {sets} WHERE "id" = ?', [*changed.values(), row_id]
        )


def decide(conn: sqlite3.Connection, actor: str, item: str, decision: str, note: str = "") -> str:
    """Record how an item was settled (a synced row of ``review_decisions``)."""
    if decision not in DECISIONS:
        raise IntakeError("未知的处理方式")
    office = schema.get_office(conn)
    if not office:
        raise IntakeError("这不是一个已初始化的受理登记簿")
    decision_id = new_id(office, "R")
    with _write(conn, actor):
        conn.execute(
            "INSERT INTO review_decisions (id, office, item, decision, note, decided_by,"
            " decided_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (decision_id, office, item[:500], decision, note[:500] or None, actor,
             synclog.now_text()),
        )  # fmt: skip
    return decision_id
