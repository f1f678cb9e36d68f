"""The live definition of sync's tables and of the triggers that record every local write.

Synced tables (``units``, ``batches``, ``applicants`` and sync's own ``review_decisions``) carry
no sync metadata. Instead every write is a **version** in ``_sync_versions``:

- ``(tbl, row_id, clock, origin)`` names it: the hybrid-logical-clock value and the office that
  wrote it. Versions are never changed or removed: every accepted write stays reachable.
- ``cl`` is the row's *causal length* after the version (as in cr-sqlite): odd while the row
  exists, even once it is deleted. An insert or a restore adds one to an even length, a deletion
  adds one to an odd length; an edit keeps it. The largest length decides whether a row exists,
  so an edit made concurrently with a deletion does not bring the row back (the review queue
  shows it); a restore, made by someone who saw the deletion, does.
- ``written`` lists the columns the version writes (JSON array; NULL = every column, for an
  insert or a restore; ``[]`` for a deletion). Columns that must change together (``GROUPS``)
  are always written together, so a merge cannot pair a route with another version's 破格 flag.
- ``cols`` holds the written values (JSON object). It is NULL only while the version is the
  row's sole version and the row exists: its values are then the live row's, and the first
  later write copies them here before changing the row.
- ``vv`` is what the writer had seen of the row (JSON ``{office: newest clock}``): a version
  that lost a column to one whose writer had not seen it is a conflict loser, shown for review.
- ``seq`` orders versions by arrival in this register (exports follow it), ``part`` is the
  stored part (``_sync_parts``) that brought a version from another office.

Each column takes the value of the latest version (by clock, then office) that writes it, so
registers that hold the same versions hold the same rows, whatever the order of arrival
(``merge.py``). Triggers on each synced table record local writes; they stand aside while
``_sync_state.applying`` is set, which the importer does inside its own transaction only.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from ..schema.registers import register_office
from ..schema.tables import SYNCED_TABLES
from . import hlc
from .columns import json_row_sql, quote, table_columns

# Tables that travel between registers: the register's, then the review decisions (ordinary,
# synced, audited rows saying how a review item was settled).
SYNC_TABLES: tuple[str, ...] = (*SYNCED_TABLES, "review_decisions")

# Columns that must always be written together (one version carries the whole group).
GROUPS: dict[str, tuple[tuple[str, ...], ...]] = {
    "batches": (("status", "status_reason", "status_by", "status_at"),),
    "applicants": (("batch_id", "unit_id"), ("route", "exceptional")),
}

# The office of this register, for versions written by local triggers.
OWN_OFFICE_SQL = "COALESCE((SELECT office FROM register WHERE singleton = 1), '')"
APPLYING_SQL = "(SELECT applying FROM _sync_state WHERE id = 1)"

TABLES_DDL = """
CREATE TABLE IF NOT EXISTS _sync_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    hlc INTEGER NOT NULL DEFAULT 0,
    local_seq INTEGER NOT NULL DEFAULT 0,
    export_seq INTEGER NOT NULL DEFAULT 0,
    applying INTEGER NOT NULL DEFAULT 0,
    key_file TEXT,
    incarnation TEXT
);
INSERT OR IGNORE INTO _sync_state (id) VALUES (1);
CREATE TABLE IF NOT EXISTS _sync_versions (
    tbl TEXT NOT NULL,
    row_id TEXT NOT NULL,
    clock INTEGER NOT NULL,
    origin TEXT NOT NULL,
    cl INTEGER NOT NULL,
    written TEXT,
    cols TEXT,
    vv TEXT,
    seq INTEGER NOT NULL,
    part INTEGER,
    PRIMARY KEY (tbl, row_id, clock, origin)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS _sync_versions_seq ON _sync_versions (seq);
CREATE TABLE IF NOT EXISTS _sync_parts (
    id INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL UNIQUE,
    author TEXT NOT NULL,
    key_id TEXT NOT NULL,
    tbl TEXT NOT NULL,
    header BLOB NOT NULL,
    signature BLOB NOT NULL,
    data BLOB NOT NULL,
    received_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS _sync_destinations (
    destination TEXT PRIMARY KEY,
    exported_local_seq INTEGER NOT NULL DEFAULT 0,
    last_export_at TEXT,
    last_file TEXT
);
CREATE TABLE IF NOT EXISTS _sync_exports (
    sequence INTEGER PRIMARY KEY,
    export_id TEXT NOT NULL,
    destination TEXT NOT NULL,
    file_name TEXT,
    created_at TEXT NOT NULL,
    counts TEXT
);
CREATE TABLE IF NOT EXISTS _sync_imports (
    source_office TEXT NOT NULL,
    incarnation TEXT NOT NULL,
    sequence INTEGER NOT NULL,
    export_id TEXT NOT NULL,
    manifest_sha256 TEXT NOT NULL,
    file_name TEXT,
    imported_at TEXT NOT NULL,
    summary TEXT,
    PRIMARY KEY (source_office, incarnation, sequence)
);
CREATE TABLE IF NOT EXISTS _sync_keys (
    office TEXT NOT NULL,
    key_id TEXT NOT NULL,
    public_key TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'retired', 'revoked')),
    valid_until INTEGER,
    directory_version INTEGER NOT NULL DEFAULT 0,
    added_at TEXT NOT NULL,
    note TEXT,
    PRIMARY KEY (office, key_id)
);
CREATE TABLE IF NOT EXISTS _sync_central (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    public_key TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    trusted_at TEXT NOT NULL,
    note TEXT
);
CREATE TABLE IF NOT EXISTS _sync_directory (
    version INTEGER PRIMARY KEY,
    issued_at TEXT NOT NULL,
    document BLOB NOT NULL,
    signature BLOB NOT NULL,
    imported_at TEXT NOT NULL
);
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
);
CREATE TABLE IF NOT EXISTS sync_files (
    file_name TEXT PRIMARY KEY,
    state TEXT NOT NULL CHECK (state IN ('done', 'waiting', 'refused')),
    code TEXT,
    reason TEXT NOT NULL,
    todo TEXT,
    updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS review_decisions (
    id TEXT NOT NULL PRIMARY KEY,
    office TEXT NOT NULL,
    item TEXT NOT NULL,
    decision TEXT NOT NULL,
    note TEXT,
    decided_by TEXT NOT NULL,
    decided_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS review_decisions_item ON review_decisions (item);
"""


def trigger_names(table: str) -> list[str]:
    return [f"_sync_track_{table}_{event}" for event in ("insert", "update", "rekey", "delete")]


def _groups_of(table: str, columns: list[str]) -> list[tuple[str, ...]]:
    """Every column in one group: the declared groups, the other columns alone."""
    grouped = [g for g in GROUPS.get(table, ()) if all(c in columns for c in g)]
    inside = {c for g in grouped for c in g}
    return grouped + [(c,) for c in columns if c not in inside]


def _changed(group: tuple[str, ...]) -> str:
    return " OR ".join(f"OLD.{quote(c)} IS NOT NEW.{quote(c)}" for c in group)


def _row_versions(table: str, row_ref: str) -> str:
    return f"FROM _sync_versions WHERE tbl = '{table}' AND row_id = {row_ref}"


def _knowledge(table: str, row_ref: str) -> str:
    """What this register has seen of a row: {office: newest clock}, NULL when nothing."""
    return (
        "(SELECT NULLIF(json_group_object(origin, c), '{}') FROM (SELECT origin, MAX(clock) AS c "
        f"{_row_versions(table, row_ref)} GROUP BY origin))"
    )


def _causal_length(table: str, row_ref: str) -> str:
    return f"(SELECT COALESCE(MAX(cl), 0) {_row_versions(table, row_ref)})"


def _keep_values(table: str, columns: list[str], row_ref: str) -> str:
    """Copy the live values into the row's sole version before the row changes (see ``cols``)."""
    return (
        f"UPDATE _sync_versions SET cols = {json_row_sql('OLD', columns)}"
        f" WHERE tbl = '{table}' AND row_id = {row_ref} AND cols IS NULL;"
    )


def _record(table: str, row_ref: str, cl: str, written: str, cols: str) -> str:
    return f"""
        UPDATE _sync_state SET hlc = {hlc.SQL_TICK}, local_seq = local_seq + 1 WHERE id = 1;
        INSERT INTO _sync_versions (tbl, row_id, clock, origin, cl, written, cols, vv, seq, part)
        SELECT '{table}', {row_ref}, s.hlc, {OWN_OFFICE_SQL}, {cl}, {written}, {cols},
               {_knowledge(table, row_ref)}, s.local_seq, NULL
        FROM _sync_state AS s WHERE s.id = 1;
    """


def trigger_ddl(table: str, columns: list[str]) -> list[str]:
    """CREATE TRIGGER statements recording local writes to ``table`` as versions."""
    insert, update, rekey, delete = trigger_names(table)
    when = f"{APPLYING_SQL} = 0"
    groups = _groups_of(table, columns)
    written = (
        "(SELECT json_group_array(name) FROM ("
        + " UNION ALL ".join(f"SELECT '{c}' AS name WHERE {_changed(g)}" for g in groups for c in g)
        + "))"
    )
    values = (
        "(SELECT json_group_object(name, value) FROM ("
        + " UNION ALL ".join(
            f"SELECT '{c}' AS name, NEW.{quote(c)} AS value WHERE {_changed(g)}"
            for g in groups
            for c in g
        )
        + "))"
    )
    any_change = " OR ".join(_changed(g) for g in groups)
    new_cl = _causal_length(table, 'NEW."id"')
    old_cl = _causal_length(table, 'OLD."id"')
    created = _record(
        table,
        'NEW."id"',
        f"{new_cl} + 1 + {new_cl} % 2",
        "NULL",
        f"CASE WHEN {new_cl} = 0 THEN NULL ELSE {json_row_sql('NEW', columns)} END",
    )
    deleted = _keep_values(table, columns, 'OLD."id"') + _record(
        table, 'OLD."id"', f"{old_cl} + 2 - {old_cl} % 2", "'[]'", "'{}'"
    )
    return [
        f"""CREATE TRIGGER "{insert}" AFTER INSERT ON "{table}" WHEN {when}
        BEGIN {created} END""",
        # An update inside an insert's own trigger cascade (a receipt number given to a new
        # batch), before the insert's version exists: the insert's version, whose values are
        # the live row's, already carries it.
        f"""CREATE TRIGGER "{update}" AFTER UPDATE ON "{table}"
        WHEN {when} AND OLD."id" IS NEW."id" AND ({any_change})
            AND EXISTS (SELECT 1 {_row_versions(table, 'OLD."id"')})
        BEGIN {_keep_values(table, columns, 'OLD."id"')}
              {_record(table, 'NEW."id"', old_cl, written, values)} END""",
        f"""CREATE TRIGGER "{rekey}" AFTER UPDATE OF "id" ON "{table}"
        WHEN {when} AND OLD."id" IS NOT NEW."id"
        BEGIN {deleted} {created} END""",
        f"""CREATE TRIGGER "{delete}" AFTER DELETE ON "{table}" WHEN {when}
        BEGIN {deleted} END""",
    ]


def _review_audit_ddl() -> list[str]:
    """review_decisions is sync's own synced table: its writes are audited like the register's."""
    columns = ["id", "office", "item", "decision", "note", "decided_by", "decided_at"]
    audit = (
        "INSERT INTO audit_log (office, at, actor, action, table_name, row_id, changes)"
        " VALUES ((SELECT office FROM register WHERE singleton = 1),"
        " strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), intake_actor(), '{action}',"
        " 'review_decisions', {row}, {changes});"
    )
    refuse = "SELECT RAISE(ABORT, '写入登记簿必须注明操作人');"
    statements = []
    for event in ("INSERT", "UPDATE", "DELETE"):
        statements.append(
            "CREATE TRIGGER IF NOT EXISTS"
            f" _sync_review_decisions_actor_{event.lower()} BEFORE {event}"
            f" ON review_decisions WHEN intake_actor() IS NULL BEGIN {refuse} END"
        )
    statements += [
        "CREATE TRIGGER IF NOT EXISTS _sync_review_decisions_audit_insert AFTER INSERT ON"
        f" review_decisions WHEN {APPLYING_SQL} IS NOT 2 BEGIN "
        + audit.format(action="insert", row="NEW.id", changes=json_row_sql("NEW", columns))
        + " END",
        "CREATE TRIGGER IF NOT EXISTS _sync_review_decisions_audit_update AFTER UPDATE ON"
        " review_decisions BEGIN "
        + audit.format(action="update", row="NEW.id", changes=json_row_sql("NEW", columns))
        + " END",
        "CREATE TRIGGER IF NOT EXISTS _sync_review_decisions_audit_delete AFTER DELETE ON"
        " review_decisions BEGIN "
        + audit.format(action="delete", row="OLD.id", changes=json_row_sql("OLD", columns))
        + " END",
    ]
    return statements


def install(conn: sqlite3.Connection, tables: Iterable[str] = SYNC_TABLES) -> None:
    """Create sync's tables (if missing) and (re)create the tracking triggers of ``tables``.

    Runs inside the caller's transaction (no COMMIT here). Call it again after a migration that
    rebuilds a synced table (its triggers go with the old table) or adds a column.
    """
    from ..schema.migrate import execute_script

    execute_script(conn, TABLES_DDL)
    for statement in _review_audit_ddl():
        conn.execute(statement)
    for table in tables:
        for name in trigger_names(table):
            conn.execute(f'DROP TRIGGER IF EXISTS "{name}"')
        for statement in trigger_ddl(table, table_columns(conn, table)):
            conn.execute(statement)


def get_office(conn: sqlite3.Connection) -> str | None:
    """This register's own office (table ``register``, written by ``init_register``)."""
    return register_office(conn)


def incarnation(conn: sqlite3.Connection) -> str:
    """This register file's stream id: a new register (or a rebuilt one) starts a new stream."""
    return str(conn.execute("SELECT incarnation FROM _sync_state WHERE id = 1").fetchone()[0])
