"""Export: a signed change file, encrypted for its destination offices.

What goes in:

- this office's own versions not yet sent to the destinations (``seq`` after their watermark),
  as parts this office signs, one part per table and office of the rows;
- for every row those versions touch, the versions of the rows it refers to (an applicant's
  batch and unit, a batch's unit): own ones in the same parts, other offices' ones as the
  **original parts** their authors signed, unchanged, so the file applies on its own and nobody
  can alter another office's versions on the way;
- for a recovery export (``for_office``), everything this register holds of that office: the
  versions of its rows (own ones signed here, others' as original parts) and every part it wrote.

Order of work, so that a crash at any point loses nothing and never reuses a sequence number:
1. one transaction reserves the next sequence number and copies the own versions into parts;
2. the change file is written as ``*.part``, synced, and renamed to its final name;
3. a second transaction moves the destinations' watermarks. A crash between 2 and 3 only means
   the same versions go again next time, which importers ignore.
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

from . import changefile, crypto, parts, schema, synclog
from .columns import parent_links, quote, table_columns
from .directory import destination_key
from .errors import SyncError
from .keys import OfficeKey


@dataclass(frozen=True)
class ExportResult:
    path: Path | None
    sequence: int | None
    destinations: tuple[str, ...]
    counts: dict[str, dict[str, int]]
    relayed: int = 0

    @property
    def destination(self) -> str:
        return "、".join(self.destinations)

    @property
    def total(self) -> int:
        return sum(c["rows"] + c["deletions"] for c in self.counts.values())

    def summary(self) -> str:
        if self.path is None:
            return f"没有需要导出到 {self.destination} 的新变更。"
        pieces = [
            f"{table} {c['rows']} 条、删除 {c['deletions']} 条"
            for table, c in self.counts.items()
            if c["rows"] or c["deletions"]
        ]
        if self.relayed:
            pieces.append(f"转带其他办公室签名的原始数据 {self.relayed} 份")
        return (
            f"已导出第 {self.sequence} 号变更文件 {self.path.name}（加密，仅 {self.destination}"
            " 可读）：" + "；".join(pieces)
        )


def export_changes(
    conn: sqlite3.Connection,
    to_dir: Path,
    key: OfficeKey,
    *,
    notice_id: str,
    destinations: list[str] | tuple[str, ...],
    for_office: str | None = None,
    tables: tuple[str, ...] = schema.SYNC_TABLES,
) -> ExportResult:
    office = schema.get_office(conn)
    if not office:
        raise SyncError("本登记册尚未设置所属办公室，无法导出。")
    if key.office != office:
        raise SyncError(f"私钥属于办公室 {key.office}，而本登记册属于 {office}。")
    if not to_dir.is_dir():
        raise SyncError(f"导出目录不存在：{to_dir}")
    destinations = tuple(dict.fromkeys(destinations))
    if not destinations:
        raise SyncError("请用 --destination 指定收件办公室（可写多个），文件只有它们能打开。")
    if office in destinations:
        raise SyncError("收件办公室不能是本办公室自己。")
    recipients = [destination_key(conn, d) for d in destinations]

    with tempfile.TemporaryDirectory(prefix="intake-export-") as scratch_name:
        scratch = Path(scratch_name)
        streams = [stream_name(r.office, r.key_id) for r in recipients]
        reserved = _reserve_and_copy(
            conn, scratch, office, streams, for_office, tables, notice_id, key
        )
        if reserved is None:
            synclog.record_now(
                conn,
                action=synclog.ACTION_EXPORT,
                outcome=synclog.OUTCOME_NOTHING,
                message=f"没有需要导出到 {'、'.join(destinations)} 的新变更。",
            )
            return ExportResult(None, None, destinations, {})
        sequence, up_to, max_clock, own_parts, relayed, counts = reserved
        file_key = crypto.new_file_key()
        members: dict[str, Path] = {}
        entries = []
        for number, chunks in enumerate([*own_parts, *relayed], start=1):
            member = f"parts/{number:04d}.bin"
            encrypted = scratch / f"{number:04d}.bin"
            with encrypted.open("wb") as target:
                crypto.encrypt_stream(file_key, chunks(), target)
            members[member] = encrypted
            entries.append(changefile.member_entry(member, encrypted))
        export_id = uuid.uuid4().hex
        incarnation = schema.incarnation(conn)
        envelope: dict[str, object] = {
            "format": changefile.FORMAT,
            "format_version": changefile.FORMAT_VERSION,
            "notice": notice_id,
            "source_office": office,
            "incarnation": incarnation,
            "export_id": export_id,
            "sequence": sequence,
            "created_at": synclog.now_text(),
            "key_id": key.key_id,
            "max_clock": max_clock,
            "recovery_for": for_office,
            "destinations": [
                {
                    "office": r.office,
                    "key_id": r.key_id,
                    "file_key": crypto.b64(crypto.wrap_key(file_key, r.box_public)),
                }
                for r in recipients
            ],
            "parts": entries,
        }
        name = changefile.file_name(office, incarnation, sequence, export_id)
        path = changefile.write(to_dir, name, envelope, members, key.sign)

    result = ExportResult(path, sequence, destinations, counts, len(relayed))
    conn.execute("BEGIN IMMEDIATE")
    try:
        if for_office is None:
            for stream in streams:
                conn.execute(
                    """
                    INSERT INTO _sync_destinations
                        (destination, exported_local_seq, last_export_at, last_file)
                    VALUES (?, ?, ?, ?)
                    ON CONFLICT (destination) DO UPDATE SET
                        exported_local_seq = MAX(exported_local_seq, excluded.exported_local_seq),
                        last_export_at = excluded.last_export_at, last_file = excluded.last_file
                    """,
                    (stream, up_to, synclog.now_text(), name),
                )
        conn.execute(
            "INSERT INTO _sync_exports (sequence, export_id, destination, file_name, created_at,"
            " counts) VALUES (?, ?, ?, ?, ?, ?)",
            (sequence, export_id, "、".join(destinations), name, synclog.now_text(),
             json.dumps(counts)),
        )  # fmt: skip
        synclog.record(
            conn,
            action=synclog.ACTION_EXPORT,
            outcome=synclog.OUTCOME_EXPORTED,
            message=result.summary(),
            file_name=name,
            source_office=office,
            sequence=sequence,
            detail={"destinations": list(destinations), "counts": counts, "for": for_office},
        )
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return result


SELECTION = "temp.export_versions"
REFERRED = "temp.export_referred"


def _scratch_tables(conn: sqlite3.Connection) -> None:
    """The export's temporary tables, made once per connection and before any transaction: a
    schema change rolled back (an export with nothing to send) makes SQLite parse every schema
    of the connection again, the register's large triggers included."""
    conn.execute(
        f"CREATE TABLE IF NOT EXISTS {SELECTION} (tbl TEXT, row_id TEXT, clock INTEGER,"
        " origin TEXT, PRIMARY KEY (tbl, row_id, clock, origin)) WITHOUT ROWID"
    )
    conn.execute(f"CREATE TABLE IF NOT EXISTS {REFERRED} (row_id TEXT PRIMARY KEY) WITHOUT ROWID")


def stream_name(office: str, key_id: str) -> str:
    """What a watermark follows: a destination office reading with one key (a rebuilt register
    has a new key, so it starts from nothing and is sent everything again)."""
    return f"{office}@{key_id[:16]}"


def _watermark(conn: sqlite3.Connection, stream: str) -> int:
    row = conn.execute(
        "SELECT exported_local_seq FROM _sync_destinations WHERE destination = ?", (stream,)
    ).fetchone()
    return int(row[0]) if row else 0


def _select(
    conn: sqlite3.Connection,
    office: str,
    streams: list[str],
    for_office: str | None,
    tables: tuple[str, ...],
) -> set[int]:
    """Fill the selection of own versions; return the ids of stored parts to relay."""
    conn.execute(f"DELETE FROM {SELECTION}")
    relay: set[int] = set()
    if for_office is None:
        since = min(_watermark(conn, stream) for stream in streams)
        conn.execute(
            f"INSERT INTO {SELECTION} SELECT tbl, row_id, clock, origin FROM _sync_versions"
            " WHERE seq > ? AND origin = ?",
            (since, office),
        )
        # A destination office reading with a new key (a rebuilt register) also gets back what
        # it wrote with its earlier keys, as the original parts, from every office holding them.
        for stream in streams:
            reader = stream.split("@")[0]
            rebuilt = conn.execute(
                "SELECT 1 FROM _sync_keys WHERE office = ? AND status != 'active'", (reader,)
            ).fetchone()
            if rebuilt and _watermark(conn, stream) == 0:
                relay |= {
                    r[0]
                    for r in conn.execute("SELECT id FROM _sync_parts WHERE author = ?", (reader,))
                }
    else:
        prefix = f"{for_office}-"
        conn.execute(
            f"INSERT INTO {SELECTION} SELECT tbl, row_id, clock, origin FROM _sync_versions"
            " WHERE origin = ? AND substr(row_id, 1, 7) = ?",
            (office, prefix),
        )
        relay |= {
            r[0]
            for r in conn.execute(
                "SELECT id FROM _sync_parts WHERE author = ? UNION SELECT DISTINCT part"
                " FROM _sync_versions WHERE part IS NOT NULL AND substr(row_id, 1, 7) = ?",
                (for_office, prefix),
            )
        }
    # The rows these versions refer to, children first (an applicant's batch brings its unit).
    links = parent_links(conn, [t for t in tables if t in schema.SYNCED_TABLES])
    for child in reversed(tables):
        for child_table, column, parent in links:
            if child_table != child:
                continue
            conn.execute(f"DELETE FROM {REFERRED}")
            conn.execute(
                f"INSERT OR IGNORE INTO {REFERRED} SELECT t.{quote(column)}"
                f' FROM {SELECTION} AS s JOIN main.{quote(child)} AS t ON t."id" = s.row_id'
                f" WHERE s.tbl = ? AND t.{quote(column)} IS NOT NULL",
                (child,),
            )
            referred = f"SELECT row_id FROM {REFERRED}"
            conn.execute(
                f"INSERT OR IGNORE INTO {SELECTION} SELECT tbl, row_id, clock, origin"
                f" FROM _sync_versions WHERE tbl = ? AND origin = ? AND row_id IN ({referred})",
                (parent, office),
            )
            relay |= {
                r[0]
                for r in conn.execute(
                    "SELECT DISTINCT part FROM _sync_versions WHERE tbl = ? AND origin != ?"
                    f" AND part IS NOT NULL AND row_id IN ({referred})",
                    (parent, office),
                )
            }
    return relay


def _reserve_and_copy(
    conn: sqlite3.Connection,
    scratch: Path,
    office: str,
    streams: list[str],
    for_office: str | None,
    tables: tuple[str, ...],
    notice_id: str,
    key: OfficeKey,
):  # type: ignore[no-untyped-def]
    """In one transaction: select the versions, copy own ones straight into one part file per
    table, reserve a sequence number. Then split a table's file by the office of its rows if it
    holds several, and sign each part. Returns (sequence, seq covered, largest clock, own parts,
    relayed parts, counts) — parts as callables giving their plain chunks — or None when there
    is nothing to export.
    """
    written: list[tuple[str, list[str], Path]] = []
    try:
        files = {}  # every table gets a part file, attached before the transaction
        for index, table in enumerate(sorted(tables)):
            columns = table_columns(conn, table)
            path = scratch / f"{table}.sqlite"
            parts.create_database(path, columns)
            conn.execute(f"ATTACH DATABASE ? AS export_{index}", (str(path),))
            conn.execute(f"PRAGMA export_{index}.synchronous = OFF")  # scratch: no fsync
            files[table] = (columns, path, f"export_{index}")
        _scratch_tables(conn)
        conn.execute("BEGIN IMMEDIATE")
        relay = _select(conn, office, streams, for_office, tables)
        up_to, sequence = conn.execute(
            "SELECT local_seq, export_seq + 1 FROM _sync_state WHERE id = 1"
        ).fetchone()
        for table, (columns, path, alias) in files.items():
            if conn.execute(f"SELECT 1 FROM {SELECTION} WHERE tbl = ?", (table,)).fetchone():
                _write_table(conn, table, columns, alias)
                written.append((table, columns, path))
        relayed = []
        max_clock = 0
        for part_id in sorted(relay):
            header, signature, clock = conn.execute(
                "SELECT header, signature, json_extract(header, '$.max_clock')"
                " FROM _sync_parts WHERE id = ?",
                (part_id,),
            ).fetchone()
            relayed.append(_stored_part(conn, part_id, bytes(header), bytes(signature)))
            max_clock = max(max_clock, clock)
        if not written and not relayed:
            conn.execute("ROLLBACK")
            return None
        conn.execute("UPDATE _sync_state SET export_seq = ? WHERE id = 1", (sequence,))
        conn.execute("COMMIT")
    finally:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        conn.execute(f"DELETE FROM {SELECTION}")
        conn.execute(f"DELETE FROM {REFERRED}")
        for (name,) in conn.execute("SELECT name FROM pragma_database_list").fetchall():
            if name.startswith("export_"):
                conn.execute(f"DETACH DATABASE {name}")
    own_parts = []
    counts: dict[str, dict[str, int]] = {}
    for table, columns, path in written:
        for row_office, part in _by_row_office(path, columns):
            total, deletions, clock = _part_counts(part)
            max_clock = max(max_clock, clock)
            own_parts.append(_sign_part(part, notice_id, key, table, row_office, columns,
                                        total, deletions, clock))  # fmt: skip
            entry = counts.setdefault(table, {"rows": 0, "deletions": 0})
            entry["rows"] += total - deletions
            entry["deletions"] += deletions
    return sequence, up_to, max_clock, own_parts, relayed, counts


def _write_table(conn: sqlite3.Connection, table: str, columns: list[str], alias: str) -> None:
    """Copy the selected own versions of ``table`` into the part file attached as ``alias``, in
    the part's order (values from ``cols``, or from the live row while ``cols`` is NULL)."""
    names = ", ".join(quote(c) for c in (*parts.META_COLUMNS, *columns))
    values = ", ".join(
        f"CASE WHEN v.cols IS NULL THEN t.{quote(c)} ELSE json_extract(v.cols, '$.\"{c}\"') END"
        for c in columns
    )
    conn.execute(
        f"""
        INSERT INTO {alias}.changes ({names})
        SELECT v.row_id, v.clock, v.origin, v.cl, v.written, v.vv, {values}
        FROM {SELECTION} AS s JOIN _sync_versions AS v USING (tbl, row_id, clock, origin)
        LEFT JOIN main.{quote(table)} AS t ON v.cols IS NULL AND t."id" = v.row_id
        WHERE s.tbl = ? ORDER BY s.row_id, s.clock, s.origin
        """,
        (table,),
    )


def _by_row_office(path: Path, columns: list[str]) -> list[tuple[str, Path]]:
    """(office of the rows, part file): the table's file itself when its rows are all of one
    office (the usual case), else one new file per office."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        offices = [r[0] for r in conn.execute(
            "SELECT DISTINCT substr(__row_id, 1, 6) FROM changes ORDER BY 1")]  # fmt: skip
        if len(offices) == 1:
            return [(offices[0], path)]
        split = []
        names = ", ".join(quote(c) for c in (*parts.META_COLUMNS, *columns))
        for row_office in offices:
            part = path.with_name(f"{path.stem}-{row_office}.sqlite")
            parts.create_database(part, columns)
            conn.execute("ATTACH DATABASE ? AS part", (str(part),))
            conn.execute("PRAGMA part.synchronous = OFF")
            conn.execute(
                f"INSERT INTO part.changes ({names}) SELECT {names} FROM changes"
                " WHERE substr(__row_id, 1, 6) = ? ORDER BY rowid",
                (row_office,),
            )
            conn.execute("DETACH DATABASE part")
            split.append((row_office, part))
        return split
    finally:
        conn.close()


def _part_counts(path: Path) -> tuple[int, int, int]:
    """(versions, deletions, largest clock) of a part file."""
    conn = sqlite3.connect(path)
    try:
        total, deletions, clock = conn.execute(
            "SELECT COUNT(*), COALESCE(SUM(__cl % 2 = 0), 0), COALESCE(MAX(__clock), 0)"
            " FROM changes"
        ).fetchone()
    finally:
        conn.close()
    return int(total), int(deletions), int(clock)


def _sign_part(path, notice_id, key, table, row_office, columns, total, deletions, clock):  # type: ignore[no-untyped-def]
    data = path.with_suffix(".gz")
    parts.gzip_file(path, data)
    header = parts.make_header(
        notice=notice_id,
        author=key.office,
        key_id=key.key_id,
        table=table,
        row_office=row_office,
        columns=columns,
        versions=total,
        deletions=deletions,
        max_clock=clock,
        data=data,
        sqlite_bytes=path.stat().st_size,
    )
    signature = key.sign(header)

    def chunks():  # type: ignore[no-untyped-def]
        with data.open("rb") as handle:
            yield from parts.plain_chunks(header, signature, handle)

    return chunks


def _stored_part(conn: sqlite3.Connection, part_id: int, header: bytes, signature: bytes):  # type: ignore[no-untyped-def]
    """A part kept in ``_sync_parts``, relayed byte for byte as its author signed it."""

    def chunks():  # type: ignore[no-untyped-def]
        yield parts.prefix(header, signature)
        with conn.blobopen("_sync_parts", "data", part_id, readonly=True) as blob:
            yield from iter(lambda: blob.read(1024 * 1024), b"")

    return chunks
