"""What the sync code reads of the register's schema: columns, references; rows as JSON."""

from __future__ import annotations

import sqlite3

# json_object() takes at most 127 arguments by default (SQLITE_MAX_FUNCTION_ARG): 60 pairs a call.
_PAIRS_PER_CALL = 60


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def table_columns(conn: sqlite3.Connection, table: str, schema: str = "main") -> list[str]:
    """The column names of a table, in declaration order (empty when there is no such table)."""
    rows = conn.execute(f"PRAGMA {quote(schema)}.table_xinfo({quote(table)})").fetchall()
    # hidden: 0 normal, 1 virtual-table hidden, 2/3 generated: generated columns are not copied
    return [row[1] for row in rows if row[6] == 0]


def json_row_sql(alias: str, columns: list[str]) -> str:
    """SQL building a JSON object ``{column: value}`` from ``alias``'s columns."""
    calls = []
    for start in range(0, len(columns), _PAIRS_PER_CALL):
        chunk = columns[start : start + _PAIRS_PER_CALL]
        pairs = ", ".join(f"'{name}', {alias}.{quote(name)}" for name in chunk)
        calls.append(f"json_object({pairs})")
    sql = calls[0] if calls else "json_object()"
    for call in calls[1:]:
        sql = f"json_patch({sql}, {call})"
    return sql


def parent_links(conn: sqlite3.Connection, tables: list[str]) -> list[tuple[str, str, str]]:
    """(child table, column, parent table) for every REFERENCES between synced tables."""
    links = []
    for child in tables:
        for row in conn.execute(f"PRAGMA foreign_key_list({quote(child)})"):
            parent, column = row[2], row[3]
            if parent in tables and parent != child:
                links.append((child, column, parent))
    return links
