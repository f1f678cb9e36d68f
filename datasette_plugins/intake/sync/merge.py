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
from collections.abc import Iterable
from dataclasses import dataclass, field

from .columns import quote


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


def rebuild(
    conn: sqlite3.Connection, table: str, columns: list[str], row_ids: Iterable[str]
) -> Rebuilt:
    """Write the merged state of ``row_ids`` into the live table (inside the caller's
    transaction, with ``_sync_state.applying`` set so that no local version is recorded)."""
    counts = Rebuilt()
    t = quote(table)
    for row_id in row_ids:
        live = live_row(conn, table, row_id)
        versions = row_versions(conn, table, row_id, live)
        if live is not None and len(versions) > 1:
            # The sole version's values lived in the live row: keep them before it changes.
            conn.execute(
                "UPDATE _sync_versions SET cols = ? WHERE tbl = ? AND row_id = ? AND cols IS NULL",
                (json.dumps(live, ensure_ascii=False), table, row_id),
            )
        merged = merge(versions, columns)
        if merged.exists:
            if live is None:
                names = [c for c in columns if c in merged.values]
                conn.execute(
                    f"INSERT INTO {t} ({', '.join(quote(c) for c in names)})"
                    f" VALUES ({', '.join('?' for _ in names)})",
                    [merged.values[c] for c in names],
                )
                counts.inserted += 1
            else:
                changed = {c: v for c, v in merged.values.items() if live.get(c) != v}
                if changed:
                    sets = ", ".join(f"{quote(c)} = ?" for c in changed)
                    conn.execute(
                        f'UPDATE {t} SET {sets} WHERE "id" = ?', [*changed.values(), row_id]
                    )
                    counts.updated += 1
        elif live is not None:
            conn.execute(f'DELETE FROM {t} WHERE "id" = ?', (row_id,))
            counts.deleted += 1
    return counts
