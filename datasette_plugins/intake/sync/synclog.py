"""The ``sync_log`` table: one line per import, export or refused file, in Chinese, for clerks."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime

# Values of sync_log.action and sync_log.outcome (Chinese: they are shown as is in Datasette).
ACTION_IMPORT = "导入"
ACTION_EXPORT = "导出"
ACTION_WATCH = "收件箱"
OUTCOME_APPLIED = "已导入"
OUTCOME_DUPLICATE = "重复，未改动"
OUTCOME_SKIPPED = "已跳过"
OUTCOME_REJECTED = "已拒收"
OUTCOME_WAITING = "等待中"
OUTCOME_EXPORTED = "已导出"
OUTCOME_NOTHING = "无新变更"
OUTCOME_ERROR = "出错"


def now_text() -> str:
    return datetime.now(UTC).astimezone().isoformat(timespec="seconds")


def record(
    conn: sqlite3.Connection,
    *,
    action: str,
    outcome: str,
    message: str,
    file_name: str | None = None,
    source_office: str | None = None,
    sequence: int | None = None,
    detail: dict[str, object] | None = None,
) -> None:
    """Add one line to sync_log inside the caller's transaction (or on its own)."""
    conn.execute(
        """
        INSERT INTO sync_log
            (logged_at, action, outcome, file_name, source_office, sequence, message, detail)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        """,
        (
            now_text(),
            action,
            outcome,
            file_name,
            source_office,
            sequence,
            message,
            json.dumps(detail, ensure_ascii=False, sort_keys=True) if detail else None,
        ),
    )


def record_now(conn: sqlite3.Connection, **fields: object) -> None:
    """Record one line in a transaction of its own (used for refusals: nothing else is written)."""
    if conn.in_transaction:
        record(conn, **fields)  # type: ignore[arg-type]
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        record(conn, **fields)  # type: ignore[arg-type]
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
