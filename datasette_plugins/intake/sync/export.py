"""Export: every own change not yet sent to a destination, as one signed change file.

Only changes this office made travel in its files (rows it wrote, rows it deleted, and its own
writes that lost a conflict here before they were sent): a signature then vouches for exactly
what the signing office did. Offices relay each other's files unchanged.

Order of work, so that a crash at any point loses nothing and never reuses a sequence number:
1. one transaction reserves the next sequence number and copies the changes into part files;
2. the change file is written as ``*.part``, synced, and renamed to its final name;
3. a second transaction moves the destination's watermark. A crash between 2 and 3 only means
   the same changes go again next time, which importers ignore.
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

from ..schema.tables import SYNCED_TABLES
from . import changefile, synclog, tracking
from .columns import parent_links, quote, table_columns
from .errors import SyncError
from .keys import OfficeKey


@dataclass(frozen=True)
class ExportResult:
    path: Path | None
    sequence: int | None
    destination: str
    counts: dict[str, dict[str, int]]

    @property
    def total(self) -> int:
        return sum(c["rows"] + c["deletions"] for c in self.counts.values())

    def summary(self) -> str:
        if self.path is None:
            return f"没有需要导出到“{self.destination}”的新变更。"
        pieces = [
            f"{table} {c['rows']} 条、删除 {c['deletions']} 条"
            for table, c in self.counts.items()
            if c["rows"] or c["deletions"]
        ]
        return f"已导出第 {self.sequence} 号变更文件 {self.path.name}：" + "；".join(pieces)


def export_changes(
    conn: sqlite3.Connection,
    to_dir: Path,
    key: OfficeKey,
    *,
    notice_id: str,
    destination: str | None = None,
    tables: tuple[str, ...] = SYNCED_TABLES,
) -> ExportResult:
    office = tracking.get_office(conn)
    if not office:
        raise SyncError("本登记册尚未设置所属办公室，无法导出。")
    if key.office != office:
        raise SyncError(f"私钥属于办公室 {key.office}，而本登记册属于 {office}。")
    if not to_dir.is_dir():
        raise SyncError(f"导出目录不存在：{to_dir}")
    destination = destination or str(to_dir.resolve())

    with tempfile.TemporaryDirectory(prefix="intake-export-") as scratch:
        reserved = _reserve_and_copy(conn, Path(scratch), office, destination, tables)
        if reserved is None:
            synclog.record_now(
                conn,
                action=synclog.ACTION_EXPORT,
                outcome=synclog.OUTCOME_NOTHING,
                message=f"没有需要导出到“{destination}”的新变更。",
            )
            return ExportResult(None, None, destination, {})
        sequence, up_to, max_clock, copied = reserved
        export_id = uuid.uuid4().hex
        parts: dict[str, bytes] = {}
        entries = []
        counts: dict[str, dict[str, int]] = {}
        for table, (path, columns, rows, deletions) in copied.items():
            name = f"parts/{table}.sqlite.gz"
            data = changefile.pack_part(path)
            parts[name] = data
            entries.append(changefile.part_entry(name, table, columns, rows, deletions, data))
            counts[table] = {"rows": rows, "deletions": deletions}
        manifest: dict[str, object] = {
            "format": changefile.FORMAT,
            "format_version": changefile.FORMAT_VERSION,
            "notice": notice_id,
            "source_office": office,
            "destination": destination,
            "export_id": export_id,
            "sequence": sequence,
            "created_at": synclog.now_text(),
            "key_id": key.key_id,
            "max_clock": max_clock,
            "counts": counts,
            "parts": entries,
        }
        name = changefile.file_name(office, sequence, export_id)
        path = changefile.write(
            to_dir, name, manifest, parts, lambda message: key.signing_key.sign(message).signature
        )

    result = ExportResult(path, sequence, destination, counts)
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute(
            """
            INSERT INTO _sync_destinations
                (destination, exported_local_seq, last_export_at, last_file)
            VALUES (?, ?, ?, ?)
            ON CONFLICT (destination) DO UPDATE SET
                exported_local_seq = MAX(exported_local_seq, excluded.exported_local_seq),
                last_export_at = excluded.last_export_at, last_file = excluded.last_file
            """,
            (destination, up_to, synclog.now_text(), name),
        )
        conn.execute(
            "INSERT INTO _sync_exports (sequence, export_id, destination, file_name, created_at,"
            " counts) VALUES (?, ?, ?, ?, ?, ?)",
            (sequence, export_id, destination, name, synclog.now_text(), json.dumps(counts)),
        )
        synclog.record(
            conn,
            action=synclog.ACTION_EXPORT,
            outcome=synclog.OUTCOME_EXPORTED,
            message=result.summary(),
            file_name=name,
            source_office=office,
            sequence=sequence,
            detail={"destination": destination, "counts": counts},
        )
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return result


def _reserve_and_copy(
    conn: sqlite3.Connection,
    scratch: Path,
    office: str,
    destination: str,
    tables: tuple[str, ...],
) -> tuple[int, int, int, dict[str, tuple[Path, list[str], int, int]]] | None:
    """In one transaction: copy changes after the watermark into part files, reserve a sequence.

    Returns (sequence, local_seq covered, largest clock, {table: (part, columns, rows,
    deletions)}), or None when there is nothing to export (no sequence number is used then).
    Part databases are attached before the transaction and detached after it (SQLite refuses
    to detach a database written in an open transaction).
    """
    prepared: list[tuple[str, str, Path, list[str]]] = []
    try:
        for index, table in enumerate(tables):
            columns = table_columns(conn, table)
            path = scratch / f"{table}.sqlite"
            changefile.create_part_database(path, columns)
            alias = f"export_part_{index}"
            conn.execute("ATTACH DATABASE ? AS " + alias, (str(path),))
            prepared.append((table, alias, path, columns))
        conn.execute("BEGIN IMMEDIATE")
        try:
            tracking.claim_unowned_versions(conn)
            row = conn.execute(
                "SELECT exported_local_seq FROM _sync_destinations WHERE destination = ?",
                (destination,),
            ).fetchone()
            since = row[0] if row else 0
            up_to, sequence = conn.execute(
                "SELECT local_seq, export_seq + 1 FROM _sync_state WHERE id = 1"
            ).fetchone()
            copied: dict[str, tuple[Path, list[str], int, int]] = {}
            max_clock = 0
            for table, alias, _, columns in prepared:
                _copy_table(conn, alias, table, columns, office, since)
            _copy_parents(conn, [(table, alias, columns) for table, alias, _, columns in prepared])
            for table, alias, path, columns in prepared:
                rows, deletions, clock = conn.execute(
                    f"SELECT COALESCE(SUM(__deleted = 0), 0), COALESCE(SUM(__deleted), 0),"
                    f" COALESCE(MAX(__clock), 0) FROM {alias}.changes"
                ).fetchone()
                if rows or deletions:
                    copied[table] = (path, columns, rows, deletions)
                    max_clock = max(max_clock, clock)
            if not copied:
                conn.execute("ROLLBACK")
                return None
            conn.execute("UPDATE _sync_state SET export_seq = ? WHERE id = 1", (sequence,))
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    finally:
        for _, alias, _, _ in prepared:
            conn.execute("DETACH DATABASE " + alias)
    return sequence, up_to, max_clock, copied


def _copy_table(
    conn: sqlite3.Connection, alias: str, table: str, columns: list[str], office: str, since: int
) -> None:
    target = ", ".join(quote(c) for c in columns)
    from_row = ", ".join(f"t.{quote(c)}" for c in columns)
    conn.execute(
        f"""
        INSERT INTO {alias}.changes (__row_id, __clock, __origin, __vv, __deleted, {target})
        SELECT v.row_id, v.clock, v.origin, v.vv, v.deleted, {from_row}
        FROM _sync_versions AS v
        LEFT JOIN main.{quote(table)} AS t ON v.deleted = 0 AND t."id" = v.row_id
        WHERE v.tbl = ? AND v.local_seq > ? AND v.origin = ?
        """,
        (table, since, office),
    )
    # Own writes that lost a conflict here before they were sent still travel: the other
    # offices must see them too (they lose there as well, and are recorded there).
    from_json = ", ".join(f"json_extract(c.loser_row, '$.\"{c_}\"')" for c_ in columns)
    conn.execute(
        f"""
        INSERT INTO {alias}.changes (__row_id, __clock, __origin, __vv, __deleted, {target})
        SELECT c.row_id, c.loser_clock, c.loser_origin, c.loser_vv, c.loser_deleted, {from_json}
        FROM sync_conflicts AS c
        WHERE c.table_name = ? AND c.loser_origin = ? AND c.loser_local_seq > ?
        ORDER BY c.loser_clock
        ON CONFLICT (__row_id) DO UPDATE SET
            __clock = excluded.__clock, __vv = excluded.__vv, __deleted = excluded.__deleted,
            {", ".join(f"{quote(c_)} = excluded.{quote(c_)}" for c_ in columns)}
        WHERE excluded.__clock > {alias}.changes.__clock
        """,
        (table, office, since),
    )


def _copy_parents(conn: sqlite3.Connection, parts: list[tuple[str, str, list[str]]]) -> None:
    """Add the current version of every unit and batch that exported rows refer to.

    A file then carries what its rows need (an applicant's batch and unit), so it can be applied
    whatever files came before it. These versions may come from another office (a unit the
    committee corrected): the importer accepts such rows only in parent tables. Children first,
    so that a batch added here brings its unit too.
    """
    alias_of = {table: alias for table, alias, _ in parts}
    columns_of = {table: columns for table, _, columns in parts}
    links = parent_links(conn, list(alias_of))
    for child in reversed(list(alias_of)):
        for child_table, column, parent in links:
            if child_table != child:
                continue
            target = ", ".join(quote(c) for c in columns_of[parent])
            from_row = ", ".join(f"t.{quote(c)}" for c in columns_of[parent])
            conn.execute(
                f"""
                INSERT OR IGNORE INTO {alias_of[parent]}.changes
                    (__row_id, __clock, __origin, __vv, __deleted, {target})
                SELECT v.row_id, v.clock, v.origin, v.vv, 0, {from_row}
                FROM _sync_versions AS v JOIN main.{quote(parent)} AS t ON t."id" = v.row_id
                WHERE v.tbl = ? AND v.deleted = 0 AND v.row_id IN (
                    SELECT {quote(column)} FROM {alias_of[child]}.changes WHERE __deleted = 0)
                """,
                (parent,),
            )
