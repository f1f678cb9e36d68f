"""Receipt numbers a person can read over the phone: ``batches.receipt_no``, 1, 2, 3 … per office.

New batches get the next number from a live trigger (``schema/live.py``). This step adds the
column and numbers the batches this register's office already holds, in receiving order. The
live triggers are dropped first (``registers.upgrade`` reinstalls them right after the
migrations): their rules would refuse touching a forwarded batch, and this is a schema step, not
a clerk's change. Sync's tracking triggers stay, so the numbers travel like any change.
"""

from __future__ import annotations

import sqlite3

TABLES = ("units", "batches", "applicants")


def migrate(conn: sqlite3.Connection) -> None:
    conn.execute("ALTER TABLE batches ADD COLUMN receipt_no INTEGER")
    conn.execute("CREATE INDEX batches_receipt_no ON batches (office, receipt_no)")
    marks = ", ".join("?" for _ in TABLES)
    for (name,) in conn.execute(
        f"SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ({marks})",
        TABLES,
    ).fetchall():
        if not name.startswith("_sync_"):
            conn.execute(f'DROP TRIGGER "{name}"')
    conn.execute(
        """
        UPDATE batches SET receipt_no = (
            SELECT count(*) FROM batches AS earlier
            WHERE earlier.office = batches.office
              AND (earlier.received_at, earlier.id) <= (batches.received_at, batches.id))
        WHERE office = (SELECT office FROM register WHERE singleton = 1)
        """
    )
