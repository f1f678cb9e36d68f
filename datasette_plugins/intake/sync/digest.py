"""Content hashes: registers that converged have the same ones."""

from __future__ import annotations

import hashlib
import json
import sqlite3

from .columns import quote, table_columns
from .schema import SYNC_TABLES


def content_hash(conn: sqlite3.Connection, tables: tuple[str, ...] = SYNC_TABLES) -> str:
    """sha256 over every row of every synced table, in primary-key order."""
    digest = hashlib.sha256()
    for table in tables:
        columns = table_columns(conn, table)
        digest.update(json.dumps([table, columns], ensure_ascii=False).encode())
        select = ", ".join(quote(c) for c in columns)
        for row in conn.execute(f'SELECT {select} FROM {quote(table)} ORDER BY "id"'):
            digest.update(json.dumps(list(row), ensure_ascii=False).encode())
            digest.update(b"\n")
    return digest.hexdigest()


def versions_hash(conn: sqlite3.Connection) -> str:
    """sha256 over the names of every version held (what a register has received)."""
    digest = hashlib.sha256()
    for row in conn.execute(
        "SELECT tbl, row_id, clock, origin FROM _sync_versions ORDER BY tbl, row_id, clock, origin"
    ):
        digest.update(json.dumps(list(row)).encode())
    return digest.hexdigest()
