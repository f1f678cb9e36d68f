"""A content hash of the synced tables: two registers that converged have the same hash."""

from __future__ import annotations

import hashlib
import json
import sqlite3

from ..schema.tables import SYNCED_TABLES
from .columns import quote, table_columns


def content_hash(conn: sqlite3.Connection, tables: tuple[str, ...] = SYNCED_TABLES) -> str:
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
