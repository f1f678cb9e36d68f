# ruff: noqa: E501 - frozen SQL text
"""Sync (issue 6): version table, tracking triggers, conflicts, sync_log and their views.

Frozen history: the tables and triggers as issue 6 made them (one version per row, whole-row
last-writer-wins). ``m0203_column_versions`` turns them into per-column versions; the live
definitions are in ``sync/schema.py``.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable

from ..tables import SYNCED_TABLES

# The office of this register, for versions written by local triggers. Versions written before
# the register row exists (never in practice: init_register writes it right after migrating)
# get '' and are given the office by ``claim_unowned_versions``.
OWN_OFFICE_SQL = "COALESCE((SELECT office FROM register WHERE singleton = 1), '')"

STATE_DDL = [
    """
    CREATE TABLE IF NOT EXISTS _sync_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        hlc INTEGER NOT NULL DEFAULT 0,
        local_seq INTEGER NOT NULL DEFAULT 0,
        export_seq INTEGER NOT NULL DEFAULT 0,
        applying INTEGER NOT NULL DEFAULT 0,
        key_file TEXT
    )
    """,
    "INSERT OR IGNORE INTO _sync_state (id) VALUES (1)",
    """
    CREATE TABLE IF NOT EXISTS _sync_versions (
        tbl TEXT NOT NULL,
        row_id TEXT NOT NULL,
        clock INTEGER NOT NULL,
        origin TEXT NOT NULL,
        vv TEXT,
        deleted INTEGER NOT NULL DEFAULT 0,
        local_seq INTEGER,
        PRIMARY KEY (tbl, row_id)
    ) WITHOUT ROWID
    """,
    """
    CREATE INDEX IF NOT EXISTS _sync_versions_own
    ON _sync_versions (tbl, local_seq) WHERE local_seq IS NOT NULL
    """,
    """
    CREATE TABLE IF NOT EXISTS _sync_destinations (
        destination TEXT PRIMARY KEY,
        exported_local_seq INTEGER NOT NULL DEFAULT 0,
        last_export_at TEXT,
        last_file TEXT
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS _sync_exports (
        sequence INTEGER PRIMARY KEY,
        export_id TEXT NOT NULL,
        destination TEXT NOT NULL,
        file_name TEXT,
        created_at TEXT NOT NULL,
        counts TEXT
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS _sync_imports (
        source_office TEXT NOT NULL,
        sequence INTEGER NOT NULL,
        export_id TEXT NOT NULL,
        manifest_sha256 TEXT NOT NULL,
        file_name TEXT,
        imported_at TEXT NOT NULL,
        summary TEXT,
        PRIMARY KEY (source_office, sequence)
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS _sync_keys (
        office TEXT PRIMARY KEY,
        public_key TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        added_at TEXT NOT NULL,
        note TEXT
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS sync_conflicts (
        id INTEGER PRIMARY KEY,
        table_name TEXT NOT NULL,
        row_id TEXT NOT NULL,
        loser_origin TEXT NOT NULL,
        loser_clock INTEGER NOT NULL,
        loser_deleted INTEGER NOT NULL,
        loser_row TEXT,
        loser_vv TEXT,
        loser_local_seq INTEGER,
        winner_origin TEXT NOT NULL,
        winner_clock INTEGER NOT NULL,
        winner_deleted INTEGER NOT NULL,
        detected_at TEXT NOT NULL,
        detected_in TEXT,
        reviewed_at TEXT,
        reviewed_by TEXT,
        review_note TEXT,
        UNIQUE (table_name, row_id, loser_origin, loser_clock)
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS sync_log (
        id INTEGER PRIMARY KEY,
        logged_at TEXT NOT NULL,
        action TEXT NOT NULL,
        outcome TEXT NOT NULL,
        file_name TEXT,
        source_office TEXT,
        sequence INTEGER,
        message TEXT NOT NULL,
        detail TEXT
    )
    """,
    """
    CREATE VIEW IF NOT EXISTS sync_conflicts_review AS
    SELECT
        c.id AS 编号,
        c.table_name AS 表,
        c.row_id AS 记录编号,
        c.loser_origin AS 落选版本办公室,
        strftime('%Y-%m-%d %H:%M:%f', (c.loser_clock >> 16) / 1000.0, 'unixepoch', '+8 hours') AS 落选版本时间,
        CASE c.loser_deleted WHEN 1 THEN '删除' ELSE '修改' END AS 落选操作,
        c.loser_row AS 落选版本内容,
        c.winner_origin AS 采用版本办公室,
        strftime('%Y-%m-%d %H:%M:%f', (c.winner_clock >> 16) / 1000.0, 'unixepoch', '+8 hours') AS 采用版本时间,
        CASE c.winner_deleted WHEN 1 THEN '删除' ELSE '修改' END AS 采用操作,
        c.detected_at AS 发现时间,
        c.detected_in AS 发现于文件,
        CASE WHEN c.reviewed_at IS NULL THEN '待复核' ELSE '已复核' END AS 复核状态,
        c.reviewed_by AS 复核人,
        c.review_note AS 复核意见
    FROM sync_conflicts AS c
    ORDER BY c.reviewed_at IS NOT NULL, c.id DESC
    """,
]


# The merged register at the 高评委办公室 holds every office's applicants; the same person
# (身份证号) registered by two offices shows here, one line per registration.
DUPLICATES_VIEW = """
CREATE VIEW IF NOT EXISTS duplicate_id_numbers AS
SELECT
    a.id_number AS 身份证号,
    a.name AS 姓名,
    a.office AS 受理部门,
    u.name AS 用人单位,
    a.batch_id AS 批次,
    a.status AS 状态,
    a.id AS 记录编号,
    d.office_count AS 登记部门数
FROM applicants AS a
JOIN (
    SELECT id_number, COUNT(DISTINCT office) AS office_count
    FROM applicants
    GROUP BY id_number
    HAVING COUNT(DISTINCT office) > 1
) AS d ON d.id_number = a.id_number
LEFT JOIN units AS u ON u.id = a.unit_id
ORDER BY a.id_number, a.office, a.id
"""


def trigger_names(table: str) -> list[str]:
    return [f"_sync_track_{table}_{event}" for event in ("insert", "update", "rekey", "delete")]


def _record_version(table: str, row_ref: str, deleted: int) -> str:
    """Trigger statements: tick the clock and record the new local version of one row."""
    return f"""
        UPDATE _sync_state SET hlc = MAX(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) << 16), local_seq = local_seq + 1 WHERE id = 1;
        INSERT INTO _sync_versions (tbl, row_id, clock, origin, vv, deleted, local_seq)
        SELECT '{table}', {row_ref}, s.hlc, {OWN_OFFICE_SQL}, NULL, {deleted}, s.local_seq
        FROM _sync_state AS s WHERE s.id = 1
        ON CONFLICT (tbl, row_id) DO UPDATE SET
            vv = CASE
                WHEN _sync_versions.origin = excluded.origin AND _sync_versions.vv IS NULL THEN NULL
                ELSE json_set(
                    COALESCE(_sync_versions.vv,
                             json_object(_sync_versions.origin, _sync_versions.clock)),
                    '$."' || excluded.origin || '"', excluded.clock)
            END,
            clock = excluded.clock,
            origin = excluded.origin,
            deleted = excluded.deleted,
            local_seq = excluded.local_seq;
    """


def trigger_ddl(table: str) -> list[str]:
    """CREATE TRIGGER statements that track one synced table (primary key column ``id``)."""
    insert, update, rekey, delete = trigger_names(table)
    when = "(SELECT applying FROM _sync_state WHERE id = 1) = 0"
    return [
        f"""CREATE TRIGGER IF NOT EXISTS "{insert}" AFTER INSERT ON "{table}"
        WHEN {when}
        BEGIN {_record_version(table, 'NEW."id"', 0)} END""",
        f"""CREATE TRIGGER IF NOT EXISTS "{update}" AFTER UPDATE ON "{table}"
        WHEN {when}
        BEGIN {_record_version(table, 'NEW."id"', 0)} END""",
        f"""CREATE TRIGGER IF NOT EXISTS "{rekey}" AFTER UPDATE OF "id" ON "{table}"
        WHEN {when} AND OLD."id" IS NOT NEW."id"
        BEGIN {_record_version(table, 'OLD."id"', 1)} END""",
        f"""CREATE TRIGGER IF NOT EXISTS "{delete}" AFTER DELETE ON "{table}"
        WHEN {when}
        BEGIN {_record_version(table, 'OLD."id"', 1)} END""",
    ]


def install(conn: sqlite3.Connection, tables: Iterable[str]) -> None:
    """Create the sync tables and track ``tables``; rows already present get a first version.

    Runs inside the caller's transaction (no COMMIT here), so a migration runner can wrap it.
    """
    tables = tuple(tables)
    for statement in STATE_DDL:
        conn.execute(statement)
    for table in tables:
        for statement in trigger_ddl(table):
            conn.execute(statement)
        backfill(conn, table)
    if "applicants" in tables:
        conn.execute(DUPLICATES_VIEW)


def backfill(conn: sqlite3.Connection, table: str) -> int:
    """Give a first local version to rows that have none (rows written before tracking)."""
    last = conn.execute("SELECT hlc, local_seq FROM _sync_state WHERE id = 1").fetchone()
    start = max(last[0] + 1, (time.time_ns() // 1_000_000) << 16)
    cursor = conn.execute(
        f"""
        INSERT INTO _sync_versions (tbl, row_id, clock, origin, vv, deleted, local_seq)
        SELECT ?, t."id", ? + n - 1, {OWN_OFFICE_SQL},
               NULL, 0, ? + n
        FROM (SELECT "id", ROW_NUMBER() OVER (ORDER BY "id") AS n FROM "{table}"
              WHERE "id" NOT IN (SELECT row_id FROM _sync_versions WHERE tbl = ?)) AS t
        """,
        (table, start, last[1], table),
    )
    added = cursor.rowcount
    if added > 0:
        conn.execute(
            "UPDATE _sync_state SET hlc = ?, local_seq = local_seq + ? WHERE id = 1",
            (start + added - 1, added),
        )
    return added


def migrate(conn: sqlite3.Connection) -> None:
    install(conn, SYNCED_TABLES)
