"""The routes an applicant may have are the notice's (the live trigger ``applicants.route``,
generated from the notice data), not a list frozen into the table: m0100 wrote
``CHECK (route IN ('normal', 'transfer', 'skilled', 'exceptional'))``, the 2023 notice's routes,
into the applicants table, so a register for a notice with another route (a points route)
could not store its applicants.

SQLite cannot drop a CHECK constraint, but its documented procedure for removing one (ALTER
TABLE, "other kinds of table schema changes": the on-disk content does not change) edits the
table's definition in ``sqlite_schema`` and bumps the schema version, inside the migration's
transaction. Every row already stored keeps a route of 2023, which the live trigger still
accepts; nothing is copied, so this is instant at any size.
"""

from __future__ import annotations

import re
import sqlite3

# m0100's constraint, with the whitespace it was written with (any amount, to be safe).
ROUTE_CHECK = re.compile(r"\s*CHECK\s*\(\s*route\s+IN\s*\([^()]*\)\s*\)")


def migrate(conn: sqlite3.Connection) -> None:
    row = conn.execute(
        "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'applicants'"
    ).fetchone()
    new_sql = ROUTE_CHECK.sub("", row[0])
    if new_sql == row[0]:
        return
    version = conn.execute("PRAGMA schema_version").fetchone()[0]
    conn.execute("PRAGMA writable_schema = ON")
    try:
        conn.execute(
            "UPDATE sqlite_schema SET sql = ? WHERE type = 'table' AND name = 'applicants'",
            (new_sql,),
        )
        conn.execute(f"PRAGMA schema_version = {version + 1}")
    finally:
        conn.execute("PRAGMA writable_schema = OFF")
    problems = [r[0] for r in conn.execute("PRAGMA quick_check(applicants)")]
    if problems != ["ok"]:
        raise sqlite3.DatabaseError(
            "applicants after removing the route CHECK: " + "; ".join(problems)
        )
