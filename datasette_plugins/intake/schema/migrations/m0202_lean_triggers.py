"""Cheaper per-row triggers, the same rules and the same audit trail (scripts/bench-sync).

m0100_core gave every rule its own BEFORE trigger (17 for an applicant insert, plus the actor
check) and the audit trigger gave each audit row a random text id and looked the office up
twice. Measured on 100,000 applicants imported by sync: 2.6-3.0 s, against 1.0 s without the
register's own triggers. This migration keeps every rule and every audit row but:

- checks each table's rules in one BEFORE trigger per event: a CASE over the conditions of
  ``row_rules.ordered_rules`` (m0100's order), so the same message wins when several fail;
- gives ``audit_log`` an INTEGER PRIMARY KEY (its rowid, increasing with time: no random key,
  no separate primary-key index; old rows keep their order), looks the office up once by
  primary key, and drops the index on ``at`` (``id`` order is time order);
- writes an update's changes with one ``json_object`` whose unchanged columns are NULL, removed
  by ``json_patch`` (the same JSON as m0100's UNION ALL / json_group_object);
- lets sync's importer check and audit the rows it inserts in bulk: while
  ``_sync_state.applying = 2`` (set by ``sync/apply.py`` around its one INSERT … SELECT per
  table, inside its own transaction, never visible to other connections) the insert triggers
  stand aside, and the importer runs the same rules over the inserted rows in one query and
  writes one audit row per inserted row (actor ``sync:<office>``, time, the whole row).
  Updates and deletions, by any path, still go through the triggers.

A sync migration number (m02xx) because the triggers read ``_sync_state`` (m0201).

Frozen since 2026-11-30: the triggers themselves are no longer created here but by the live
schema (``schema/live.py``, generated from the rules' one definition and installed after every
migration run), so this step only drops m0100's per-rule triggers and rebuilds ``audit_log``.
"""

from __future__ import annotations

import sqlite3

from ..migrate import execute_script

AUDIT_TABLE = """
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    office TEXT NOT NULL,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('insert', 'update', 'delete')),
    table_name TEXT NOT NULL,
    row_id TEXT NOT NULL,
    changes TEXT NOT NULL
);
CREATE INDEX audit_log_row ON audit_log (table_name, row_id);
"""
TABLES = ("units", "batches", "applicants", "audit_log")


def _drop_old_triggers(conn: sqlite3.Connection) -> None:
    """m0100's check, actor and audit triggers (not sync's)."""
    names = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'"
            f" AND tbl_name IN ({', '.join('?' for _ in TABLES)})",
            TABLES,
        )
    ]
    for name in names:
        if not name.startswith("_sync_"):
            conn.execute(f'DROP TRIGGER "{name}"')


def _rebuild_audit_log(conn: sqlite3.Connection) -> None:
    conn.execute("ALTER TABLE audit_log RENAME TO _audit_log_m0100")
    conn.execute("DROP INDEX IF EXISTS audit_log_row")
    conn.execute("DROP INDEX IF EXISTS audit_log_at")
    execute_script(conn, AUDIT_TABLE)
    conn.execute(
        "INSERT INTO audit_log (office, at, actor, action, table_name, row_id, changes)"
        " SELECT office, at, actor, action, table_name, row_id, changes"
        " FROM _audit_log_m0100 ORDER BY rowid"
    )
    conn.execute("DROP TABLE _audit_log_m0100")


def migrate(conn: sqlite3.Connection) -> None:
    _drop_old_triggers(conn)
    _rebuild_audit_log(conn)
