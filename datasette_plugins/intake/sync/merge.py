"""The merge: a row's state is a pure function of the set of its versions.

- The row exists when its largest causal length is odd and some version created it (an insert
  or a restore: ``written`` NULL). An edit never outvotes a deletion it had not seen; a restore,
  made after seeing the deletion, has the larger length and does.
- Each column takes the value of the latest version (clock, then office code) that writes it.
  Columns of a group (``schema.GROUPS``) are always written together, so they stay consistent.

Since nothing depends on the order versions arrived in, registers holding the same versions hold
the same rows. ``rebuild`` writes that state into the live table for rows whose versions changed.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field

from .columns import json_row_sql, quote


@dataclass(frozen=True)
class Version:
    table: str
    row_id: str
    clock: int
    origin: str
    cl: int
    written: tuple[str, ...] | None  # None: every column
    values: dict[str, object]
    vv: dict[str, int] = field(default_factory=dict)
    seq: int = 0
    part: int | None = None

    @property
    def key(self) -> tuple[int, str]:
        return (self.clock, self.origin)

    @property
    def deletion(self) -> bool:
        return self.cl % 2 == 0

    def writes(self, column: str) -> bool:
        return not self.deletion and (self.written is None or column in self.written)

    def has_seen(self, other: Version) -> bool:
        """Had the writer of this version seen ``other`` (or something later of its office)?"""
        if other.origin == self.origin and other.clock <= self.clock:
            return True
        return self.vv.get(other.origin, -1) >= other.clock


@dataclass
class Merged:
    exists: bool
    values: dict[str, object]
    winners: dict[str, Version]
    deciding: Version | None  # the version that set the causal length (a deletion when deleted)


def merge(versions: list[Version], columns: list[str]) -> Merged:
    winners: dict[str, Version] = {}
    for version in versions:
        for column in columns:
            if version.writes(column):
                best = winners.get(column)
                if best is None or version.key > best.key:
                    winners[column] = version
    values = {column: winner.values.get(column) for column, winner in winners.items()}
    deciding = max(versions, key=lambda v: (v.cl, v.key), default=None)
    created = any(v.written is None and not v.deletion for v in versions)
    exists = deciding is not None and not deciding.deletion and created
    return Merged(exists, values, winners, deciding)


def parse_version(table: str, row: sqlite3.Row | tuple, live: dict[str, object] | None) -> Version:
    """A version from a ``_sync_versions`` row (row_id, clock, origin, cl, written, cols, vv, seq,
    part); a NULL ``cols`` means the live row holds its values."""
    row_id, clock, origin, cl, written, cols, vv, seq, part = tuple(row)
    values = json.loads(cols) if cols is not None else dict(live or {})
    return Version(
        table,
        row_id,
        clock,
        origin,
        cl,
        None if written is None else tuple(json.loads(written)),
        values,
        json.loads(vv) if vv else {},
        seq,
        part,
    )


VERSION_COLUMNS = "row_id, clock, origin, cl, written, cols, vv, seq, part"


def live_row(conn: sqlite3.Connection, table: str, row_id: str) -> dict[str, object] | None:
    cursor = conn.execute(f'SELECT * FROM {quote(table)} WHERE "id" = ?', (row_id,))
    row = cursor.fetchone()
    if row is None:
        return None
    return dict(zip([d[0] for d in cursor.description], row, strict=True))


def row_versions(
    conn: sqlite3.Connection, table: str, row_id: str, live: dict[str, object] | None
) -> list[Version]:
    rows = conn.execute(
        f"SELECT {VERSION_COLUMNS} FROM _sync_versions WHERE tbl = ? AND row_id = ?"
        " ORDER BY clock, origin",
        (table, row_id),
    ).fetchall()
    return [parse_version(table, row, live) for row in rows]


@dataclass
class Rebuilt:
    inserted: int = 0
    updated: int = 0
    deleted: int = 0


def _latest(
    table: str, condition: str, value: str, order: str = "v.clock DESC, v.origin DESC"
) -> str:
    """SQL: ``value`` of the row's latest version (``order``) that meets ``condition``."""
    return (
        f"(SELECT {value} FROM _sync_versions AS v WHERE v.tbl = '{table}' AND v.row_id = r.row_id"
        f" AND {condition} ORDER BY {order} LIMIT 1)"
    )


def merged_sql(table: str, columns: list[str], touched: str) -> str:
    """SQL selecting ``merge`` of the rows listed in ``touched`` (a table of ``row_id``): the
    row id, whether the row exists, and each column's winning value — the same rules as
    ``merge``, over every row at once. Versions' ``cols`` must hold their values (see
    ``keep_live_values``)."""
    exists = (
        f"COALESCE({_latest(table, '1', 'v.cl % 2 = 1', 'v.cl DESC, v.clock DESC, v.origin DESC')},"
        " 0) AND EXISTS (SELECT 1 FROM _sync_versions AS v WHERE v.tbl = '"
        f"{table}' AND v.row_id = r.row_id AND v.written IS NULL AND v.cl % 2 = 1)"
    )
    values = ", ".join(
        _latest(
            table,
            f"v.cl % 2 = 1 AND (v.written IS NULL OR instr(v.written, '\"{c}\"') > 0)",
            f"json_extract(v.cols, '$.\"{c}\"')",
        )
        + f" AS {quote(c)}"
        for c in columns
    )
    return f"SELECT r.row_id AS row_id, {exists} AS present, {values} FROM {touched} AS r"


def keep_live_values(
    conn: sqlite3.Connection, table: str, columns: list[str], touched: str
) -> None:
    """A row's sole version keeps its values in the live row (``cols`` NULL): copy them into the
    version before the rows listed in ``touched`` change."""
    t = quote(table)
    conn.execute(
        f"""
        UPDATE _sync_versions SET cols = (SELECT {json_row_sql("l", columns)} FROM main.{t} AS l
                                          WHERE l."id" = _sync_versions.row_id)
        WHERE tbl = ? AND cols IS NULL AND row_id IN (SELECT row_id FROM {touched})
          AND EXISTS (SELECT 1 FROM main.{t} AS l WHERE l."id" = _sync_versions.row_id)
        """,
        (table,),
    )


def rebuild(conn: sqlite3.Connection, table: str, columns: list[str], touched: str) -> Rebuilt:
    """Write the merged state of the rows listed in ``touched`` (a table of ``row_id``) into the
    live table, in a few statements over all of them (inside the caller's transaction, with
    ``_sync_state.applying`` set so that no local version is recorded; the register's row rules
    and audit triggers see every insert, update and delete)."""
    t = quote(table)
    keep_live_values(conn, table, columns, touched)
    conn.execute("DROP TABLE IF EXISTS temp.merged_rows")
    conn.execute(f"CREATE TABLE temp.merged_rows AS {merged_sql(table, columns, touched)}")
    counts = Rebuilt()
    counts.deleted = conn.execute(
        f'DELETE FROM main.{t} WHERE "id" IN (SELECT row_id FROM temp.merged_rows'
        " WHERE NOT present)"
    ).rowcount
    others = [c for c in columns if c != "id"]
    if others:
        counts.updated = conn.execute(
            f"""
            UPDATE main.{t} SET {", ".join(f"{quote(c)} = m.{quote(c)}" for c in others)}
            FROM temp.merged_rows AS m
            WHERE m.row_id = {t}."id" AND m.present
              AND ({" OR ".join(f"m.{quote(c)} IS NOT {t}.{quote(c)}" for c in others)})
            """
        ).rowcount
    names = ", ".join(quote(c) for c in columns)
    counts.inserted = conn.execute(
        f"""
        INSERT INTO main.{t} ({names}) SELECT {", ".join(f"m.{quote(c)}" for c in columns)}
        FROM temp.merged_rows AS m
        WHERE m.present AND NOT EXISTS (SELECT 1 FROM main.{t} AS l WHERE l."id" = m.row_id)
        ORDER BY m.row_id
        """
    ).rowcount
    conn.execute("DROP TABLE temp.merged_rows")
    return counts
