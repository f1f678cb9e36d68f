"""Apply the schema migrations of `schema/migrations/`, in name order, once each."""

from __future__ import annotations

import importlib
import pkgutil
import re
import sqlite3
from datetime import UTC, datetime

from . import migrations as migrations_package

_NAME = re.compile(r"^m\d{4}_[a-z0-9_]+$")


def migration_names() -> list[str]:
    """Every migration module name, sorted (m0100_core, m0101_…, m0200_…)."""
    return sorted(
        info.name
        for info in pkgutil.iter_modules(migrations_package.__path__)
        if _NAME.match(info.name)
    )


def applied_migrations(conn: sqlite3.Connection) -> set[str]:
    conn.execute(
        "CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
    )
    return {row[0] for row in conn.execute("SELECT name FROM _migrations")}


def apply_migrations(conn: sqlite3.Connection) -> list[str]:
    """Apply every migration not yet recorded in _migrations; return the names applied.

    Each migration runs in its own transaction together with its _migrations row, so a failing
    migration leaves the register as it was before that migration. Safe when several processes
    start at once (the workers of `datasette intake serve`): whoever takes the write lock second
    finds the migration recorded and skips it.
    """
    done = applied_migrations(conn)
    applied: list[str] = []
    for name in migration_names():
        if name in done:
            continue
        module = importlib.import_module(f"{migrations_package.__name__}.{name}")
        previous = conn.isolation_level
        conn.isolation_level = None  # we manage the transaction ourselves
        try:
            conn.execute("BEGIN IMMEDIATE")
            if name in applied_migrations(conn):  # applied by another process meanwhile
                conn.execute("ROLLBACK")
                continue
            try:
                module.migrate(conn)
                conn.execute(
                    "INSERT INTO _migrations (name, applied_at) VALUES (?, ?)",
                    (name, datetime.now(UTC).isoformat(timespec="seconds")),
                )
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        finally:
            conn.isolation_level = previous
        applied.append(name)
    return applied


def execute_script(conn: sqlite3.Connection, script: str) -> None:
    """Run several SQL statements inside the current transaction.

    Use this in migrations instead of conn.executescript(), which COMMITs first and so would
    break the one-transaction-per-migration rule. Statements (triggers included) are split with
    sqlite3.complete_statement.
    """
    pending = ""
    for piece in script.split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \n\t;"):
                conn.execute(pending)
            pending = ""
    if pending.strip(" \n\t;"):
        conn.execute(pending)
