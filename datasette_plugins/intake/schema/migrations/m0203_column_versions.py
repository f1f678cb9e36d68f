"""Sync converges first, then asks a person (issue 10): per-column versions.

1. ``_sync_versions`` becomes a log of every version (``sync/schema.py`` explains the columns):
   each row's current version of m0201 becomes its first version (causal length 1, or 2 for a
   tombstone), every conflict loser kept in ``sync_conflicts`` becomes a version of its own
   (losers that were deletions stay in ``_sync_conflicts_m0201`` only: as versions they would now
   delete rows that are live). The old tables are kept, renamed ``_…_m0201``.
2. ``_sync_state`` gains the register's ``incarnation`` (a file stream is office + incarnation +
   sequence, so a rebuilt register is not taken for a replay); ``_sync_imports`` is keyed by it;
   ``_sync_keys`` may hold several keys per office (rotation and revocation through the key
   directory).

Rules that span rows stand aside for sync actors in the register's live schema
(``schema.checks.CONVERGING``); what they would have refused becomes a review-queue item.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import sqlite3

from ...sync import schema
from ..migrate import execute_script

RENAME = """
ALTER TABLE _sync_versions RENAME TO _sync_versions_m0201;
ALTER TABLE _sync_imports RENAME TO _sync_imports_m0201;
ALTER TABLE _sync_keys RENAME TO _sync_keys_m0201;
ALTER TABLE sync_conflicts RENAME TO _sync_conflicts_m0201;
DROP VIEW IF EXISTS sync_conflicts_review;
DROP INDEX IF EXISTS _sync_versions_own;
ALTER TABLE _sync_state ADD COLUMN incarnation TEXT;
"""

OLD_TRIGGERS = ("insert", "update", "rekey", "delete")
TABLES = ("units", "batches", "applicants")


def _json_row(conn: sqlite3.Connection, table: str) -> str:
    columns = [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
    return "json_object(" + ", ".join(f"'{c}', t.\"{c}\"" for c in columns) + ")"


def migrate(conn: sqlite3.Connection) -> None:
    for table in TABLES:
        for event in OLD_TRIGGERS:
            conn.execute(f'DROP TRIGGER IF EXISTS "_sync_track_{table}_{event}"')
    execute_script(conn, RENAME)
    execute_script(conn, schema.TABLES_DDL)
    conn.execute("UPDATE _sync_state SET incarnation = ? WHERE id = 1", (secrets.token_hex(8),))
    (next_seq,) = conn.execute("SELECT local_seq FROM _sync_state WHERE id = 1").fetchone()
    conn.execute(
        """
        INSERT INTO _sync_versions (tbl, row_id, clock, origin, cl, written, cols, vv, seq, part)
        SELECT tbl, row_id, clock, origin, 1 + deleted,
            CASE deleted WHEN 1 THEN '[]' END, CASE deleted WHEN 1 THEN '{}' END, vv,
            COALESCE(local_seq, ? + ROW_NUMBER() OVER (ORDER BY clock, origin)), NULL
        FROM _sync_versions_m0201
        """,
        (next_seq,),
    )
    conn.execute(
        """
        INSERT OR IGNORE INTO _sync_versions
            (tbl, row_id, clock, origin, cl, written, cols, vv, seq, part)
        SELECT table_name, row_id, loser_clock, loser_origin, 1, NULL, loser_row, loser_vv,
            (SELECT MAX(seq) FROM _sync_versions) + ROW_NUMBER() OVER (ORDER BY id), NULL
        FROM _sync_conflicts_m0201 WHERE loser_deleted = 0 AND loser_row IS NOT NULL
        """
    )
    for table in TABLES:  # a row with several versions keeps every version's values
        conn.execute(
            f"""
            UPDATE _sync_versions SET cols = (SELECT {_json_row(conn, table)}
                FROM "{table}" AS t WHERE t.id = _sync_versions.row_id)
            WHERE tbl = ? AND cols IS NULL AND (SELECT COUNT(*) FROM _sync_versions AS o
                WHERE o.tbl = _sync_versions.tbl AND o.row_id = _sync_versions.row_id) > 1
            """,
            (table,),
        )
    conn.execute(
        "UPDATE _sync_state SET local_seq = (SELECT COALESCE(MAX(seq), 0) FROM _sync_versions)"
    )
    conn.execute(
        """
        INSERT INTO _sync_imports (source_office, incarnation, sequence, export_id,
            manifest_sha256, file_name, imported_at, summary)
        SELECT source_office, '', sequence, export_id, manifest_sha256, file_name, imported_at,
            summary FROM _sync_imports_m0201
        """
    )
    for office, public_key, fingerprint, added_at, note in conn.execute(
        "SELECT office, public_key, fingerprint, added_at, note FROM _sync_keys_m0201"
    ).fetchall():
        key_id = hashlib.sha256(base64.b64decode(public_key)).hexdigest()
        conn.execute(
            "INSERT INTO _sync_keys (office, key_id, public_key, fingerprint, status,"
            " directory_version, added_at, note) VALUES (?, ?, ?, ?, 'active', 0, ?, ?)",
            (office, key_id, public_key, fingerprint, added_at, note),
        )
    schema.install(conn)
