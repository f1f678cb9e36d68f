"""Opening a register file outside Datasette (commands, scripts, sync, tests)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from .actor import prepare_connection


def connect(path: str | Path) -> sqlite3.Connection:
    """A connection in autocommit mode (use `with transaction(conn):`), ready for the triggers."""
    conn = sqlite3.connect(str(path), isolation_level=None, timeout=30)
    conn.row_factory = sqlite3.Row
    prepare_connection(conn)
    conn.execute("PRAGMA busy_timeout = 30000")
    return conn


class transaction:  # noqa: N801 - used as `with transaction(conn):`
    """BEGIN IMMEDIATE … COMMIT, or ROLLBACK on any exception (stores nothing on bad input)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.nested = conn.in_transaction

    def __enter__(self) -> sqlite3.Connection:
        if not self.nested:
            self.conn.execute("BEGIN IMMEDIATE")
        return self.conn

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if self.nested:
            return
        if exc_type is None:
            self.conn.execute("COMMIT")
        else:
            self.conn.execute("ROLLBACK")
