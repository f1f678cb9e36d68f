"""Import a change file: verify everything first, then apply every new version in one transaction.

Before anything is decrypted or inflated (``changefile.open_file`` reads only the zip directory
and a small envelope): the envelope's format, the notice, the carrying office (in the directory,
its key in this register's key directory and not revoked), the carrier's **signature**, the
clock, the file stream (office, register incarnation, sequence: a stream already seen with
other content is a replay), that this office is a destination, and every member's size and
sha256. Then each part is decrypted and checked as it streams: its **author's signature** (the
office whose versions it holds, who may differ from the carrier), sizes, sha256, and the
inflated SQLite file (integrity, columns, every version's origin is the author, clocks, causal
lengths). Anything wrong: the file is refused with a Chinese reason and the register is untouched.

Then, in one ``BEGIN IMMEDIATE`` transaction with ``_sync_state.applying`` set (local versions
are not minted): every part is kept (``_sync_parts``: what lets this register relay it later),
every version not yet known is added to ``_sync_versions``, and the rows they touch are rebuilt
from their versions (``merge``). Rules that span rows do not refuse anything here (converge
first); the review queue shows what needs a person. A row met for the first time with a single
version is inserted in bulk (the register's insert rules and audit run once over those rows).
Importing the same file again changes nothing.
"""

from __future__ import annotations

import base64
import json
import os
import sqlite3
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..schema.actor import SYNC_ACTOR_PREFIX, acting_as, current_actor
from ..schema.checks import bulk_rules, problem_sql
from ..schema.tables import NOW
from . import changefile, crypto, hlc, merge, parts, schema, synclog
from .columns import json_row_sql, quote, table_columns
from .directory import author_key
from .errors import RejectedFile
from .keys import OfficeKey, signature_is_valid

# Tests set this to a file path: inside the import transaction, after every write and before
# COMMIT, the importer creates that file and waits (so a test can SIGKILL it there).
PAUSE_ENV = "INTAKE_SYNC_TEST_PAUSE_FILE"

STATUS_APPLIED = "applied"
STATUS_DUPLICATE = "duplicate"
STATUS_OWN = "own"


@dataclass
class TableCounts:
    inserted: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    versions: int = 0


@dataclass
class ImportReport:
    path: Path
    source_office: str
    sequence: int
    status: str
    tables: dict[str, TableCounts] = field(default_factory=dict)
    authors: list[str] = field(default_factory=list)

    @property
    def changed(self) -> int:
        return sum(c.inserted + c.updated + c.deleted for c in self.tables.values())

    def summary(self) -> str:
        head = f"{self.path.name}（{self.source_office} 第 {self.sequence} 号）"
        if self.status == STATUS_DUPLICATE:
            return f"{head}：此前已导入过，未作任何改动。"
        if self.status == STATUS_OWN:
            return f"{head}：是本办公室自己导出的文件，已跳过。"
        pieces = [
            f"{table} 新增 {c.inserted}、更新 {c.updated}、删除 {c.deleted}、未变 {c.unchanged}"
            for table, c in self.tables.items()
        ]
        others = [a for a in self.authors if a != self.source_office]
        text = f"{head}：已导入。" + "；".join(pieces)
        if others:
            text += f"。其中有 {'、'.join(others)} 签名的原始数据（经 {self.source_office} 转带）"
        return text


def import_file(
    conn: sqlite3.Connection,
    path: Path,
    *,
    offices: Iterable[str],
    notice_id: str,
    key: OfficeKey | None,
    tables: tuple[str, ...] = schema.SYNC_TABLES,
) -> ImportReport:
    """Verify and apply one change file. Raises RejectedFile (register untouched) when refused."""
    opened = changefile.open_file(path)
    own_office = schema.get_office(conn) or ""
    report = _verify(conn, opened, set(offices), notice_id, own_office)
    if report is not None:
        return report
    opened.verify_members()
    file_key = _file_key(opened, own_office, key)
    with tempfile.TemporaryDirectory(prefix="intake-import-") as scratch:
        unpacked = _unpack_parts(conn, opened, file_key, Path(scratch), notice_id, tables)
        sources = _group_by_table(unpacked, Path(scratch))
        attached: list[str] = []
        try:
            for table, source in sources.items():
                alias = f"import_{table}"
                conn.execute(f"ATTACH DATABASE ? AS {alias}", (str(source),))
                attached.append(alias)
            try:
                return _apply(conn, opened, unpacked, tables)
            except sqlite3.IntegrityError as error:
                raise RejectedFile(
                    "refused-by-register",
                    f"文件中的数据违反登记簿的规则（{error}），文件已拒收，登记簿未作任何改动。"
                    "请来源办公室核对其程序版本。",
                ) from error
        finally:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            for alias in attached:
                conn.execute(f"DETACH DATABASE {alias}")


def _verify(
    conn: sqlite3.Connection,
    opened: changefile.OpenedFile,
    offices: set[str],
    notice_id: str,
    own_office: str,
) -> ImportReport | None:
    """Raise RejectedFile for a file that must not be applied; a report when there is no work."""
    envelope = opened.envelope
    source = opened.source_office
    if envelope["notice"] != notice_id:
        raise RejectedFile(
            "other-notice",
            f"该文件属于另一次评审（{envelope['notice']}），本登记册是 {notice_id}。",
        )
    if source not in offices:
        raise RejectedFile(
            "unknown-office", f"来源办公室“{source}”不在受理部门名录中，文件已拒收。"
        )
    carrier = author_key(conn, source, opened.key_id, opened.max_clock, "文件")
    if not signature_is_valid(carrier.verify_key, opened.envelope_bytes, opened.signature):
        raise RejectedFile(
            "bad-signature", f"签名核验失败：清单被改动过，或文件不是办公室 {source} 签发的。"
        )
    if hlc.too_far_ahead(opened.max_clock):
        raise RejectedFile(
            "clock-ahead",
            f"文件中的修改时间比本机时间晚两天以上，办公室 {source} 的电脑时钟可能有误，已拒收。",
        )
    if source == own_office and opened.incarnation == schema.incarnation(conn):
        return ImportReport(opened.path, source, opened.sequence, STATUS_OWN)
    return _already_imported(conn, opened)


def _already_imported(
    conn: sqlite3.Connection, opened: changefile.OpenedFile
) -> ImportReport | None:
    """A no-op report for a file imported before; RejectedFile for another file of the same
    stream reusing its sequence number (a replay, or a register restored from a backup)."""
    source = opened.source_office
    seen = conn.execute(
        "SELECT manifest_sha256, file_name FROM _sync_imports"
        " WHERE source_office = ? AND incarnation = ? AND sequence = ?",
        (source, opened.incarnation, opened.sequence),
    ).fetchone()
    if seen is None:
        return None
    if seen[0] == opened.envelope_sha256:
        return ImportReport(opened.path, source, opened.sequence, STATUS_DUPLICATE)
    raise RejectedFile(
        "replay",
        f"办公室 {source} 的第 {opened.sequence} 号变更文件此前已导入过（{seen[1]}），"
        "这份文件却内容不同：可能是旧序号重放，或对方登记簿从备份恢复后没有按规程重建，已拒收。",
    )


def _file_key(opened: changefile.OpenedFile, own_office: str, key: OfficeKey | None) -> bytes:
    entry = opened.destination(own_office)
    if entry is None:
        readers = "、".join(opened.destination_offices()) or "（无）"
        raise RejectedFile(
            "not-for-us",
            f"这份文件是加密发给 {readers} 的，本办公室（"
            f"{own_office}）无法打开，登记簿未作任何改动。"
            "如果是代为转交，请把文件原样交给收件办公室。",
        )
    if key is None:
        raise RejectedFile(
            "no-private-key",
            "找不到本办公室的私钥文件，无法解密收到的文件（"
            "私钥位置见 `datasette intake keys DB`）。",
        )
    try:
        wrapped = base64.b64decode(str(entry.get("file_key")), validate=True)
        return crypto.unwrap_key(wrapped, key.box_key())
    except (ValueError, crypto.DecryptionFailed) as error:
        raise RejectedFile(
            "cannot-decrypt",
            f"无法用本办公室（{own_office}）的私钥解开这份文件：它可能是发给本办公室的旧密钥的，"
            "或文件被改动过。登记簿未作任何改动。",
        ) from error


@dataclass
class Unpacked:
    index: int
    header: parts.PartHeader
    signature: bytes
    data: Path
    database: Path


def _unpack_parts(
    conn: sqlite3.Connection,
    opened: changefile.OpenedFile,
    file_key: bytes,
    scratch: Path,
    notice_id: str,
    tables: tuple[str, ...],
) -> list[Unpacked]:
    found = []
    for index, entry in enumerate(opened.part_entries):
        name = str(entry["member"])

        def check_signature(header: parts.PartHeader, signature: bytes, name: str = name) -> None:
            if header.notice != notice_id or header.table not in tables:
                raise RejectedFile("damaged", f"数据部分 {name} 不属于本登记簿（评审或表不符）。")
            if header.max_clock > opened.max_clock:
                raise RejectedFile("damaged", f"数据部分 {name} 的修改时间晚于清单所写。")
            author = author_key(conn, header.author, header.key_id, header.max_clock,
                                f"数据部分 {name}")  # fmt: skip
            if not signature_is_valid(author.verify_key, header.raw, signature):
                raise RejectedFile(
                    "forged-part",
                    f"数据部分 {name} 自称由办公室 {header.author} 写入，但签名核验失败："
                    f"内容被 {opened.source_office} 或途中他人改动过，"
                    "整个文件已拒收，登记簿未作任何改动。",
                )

        data, database = scratch / f"{index}.gz", scratch / f"{index}.sqlite"
        try:
            with opened.member(name) as handle:
                header, signature = parts.unpack(
                    crypto.decrypt_stream(file_key, handle), name, check_signature, data, database
                )
        except crypto.DecryptionFailed as error:
            raise RejectedFile(
                "damaged", f"数据部分 {name} 解密失败：文件被改动过或不完整，已拒收。"
            ) from error
        _check_part(conn, header, database, name, index)
        found.append(Unpacked(index, header, signature, data, database))
    return found


def _check_part(
    conn: sqlite3.Connection, header: parts.PartHeader, database: Path, name: str, index: int
) -> None:
    """The inflated part: integrity, columns, counts, and that every version is the author's."""

    def bad(detail: str) -> RejectedFile:
        return RejectedFile("damaged", f"数据部分 {name} 不合格：{detail}")

    local = table_columns(conn, header.table)
    missing = [c for c in header.columns if c not in local]
    if missing:
        raise RejectedFile(
            "schema",
            f"表 {header.table} 的列 {'、'.join(missing)} 在本登记册中不存在"
            "（两边程序版本不一致），已拒收。",
        )
    part = sqlite3.connect(database, isolation_level=None)
    try:
        if part.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise bad("数据库结构损坏。")
        kind = part.execute("SELECT type FROM sqlite_master WHERE name = 'changes'").fetchone()
        if kind is None or kind[0] != "table":
            raise bad("缺少 changes 表。")
        if table_columns(part, "changes") != [*parts.META_COLUMNS, *header.columns]:
            raise bad("列与说明部分不符。")
        known = json.dumps([c for c in header.columns if c != "id"])
        total, deletions, wrong, others = part.execute(
            """
            SELECT COUNT(*), COALESCE(SUM(__cl % 2 = 0), 0),
                COALESCE(SUM(typeof(__clock) != 'integer' OR __clock <= 0 OR __clock > :max
                    OR typeof(__cl) != 'integer' OR __cl < 1
                    OR typeof(__row_id) != 'text' OR substr(__row_id, 1, 7) != :prefix
                    OR (__written IS NULL AND ("id" IS NOT __row_id OR __cl % 2 = 0))
                    OR (__cl % 2 = 0 AND __written IS NOT '[]')
                    OR (__written IS NOT NULL AND (NOT json_valid(__written)
                        OR json_type(__written) != 'array' OR EXISTS (SELECT 1 FROM
                        json_each(__written) WHERE value NOT IN (SELECT value FROM
                        json_each(:known)))))
                    OR (__vv IS NOT NULL AND (NOT json_valid(__vv)
                        OR json_type(__vv) != 'object'))), 0),
                COALESCE(SUM(__origin IS NOT :author), 0)
            FROM changes
            """,
            {
                "max": header.max_clock,
                "prefix": header.row_office + "-",
                "known": known,
                "author": header.author,
            },
        ).fetchone()
        if others:
            raise RejectedFile(
                "forged-part",
                f"数据部分 {name} 由办公室 {header.author} 签名，却含有 {others} 条标为其他办公室"
                "写入的修改：一个办公室不能替另一个办公室签名，整个文件已拒收。",
            )
        if total != header.versions or deletions != header.deletions:
            raise bad("条数与说明部分不符。")
        if wrong:
            raise bad(f"有 {wrong} 条记录的版本信息无效。")
        part.execute(f"ALTER TABLE changes ADD COLUMN __part INTEGER NOT NULL DEFAULT {index}")
    except sqlite3.DatabaseError as error:
        raise bad(f"无法读取（{error}）。") from error
    finally:
        part.close()


def _group_by_table(unpacked: list[Unpacked], scratch: Path) -> dict[str, Path]:
    """One SQLite file per table: the part itself, or several parts copied into the first."""
    by_table: dict[str, list[Unpacked]] = {}
    for item in unpacked:
        by_table.setdefault(item.header.table, []).append(item)
    sources = {}
    for table, items in by_table.items():
        first = items[0].database
        if len(items) > 1:
            side = sqlite3.connect(first, isolation_level=None)
            try:
                names = ", ".join(quote(c) for c in table_columns(side, "changes"))
                for item in items[1:]:
                    side.execute("ATTACH DATABASE ? AS other", (str(item.database),))
                    # the same version in two parts (re-sent and relayed): its first copy counts
                    side.execute(
                        f"INSERT OR IGNORE INTO changes ({names}) SELECT {names} FROM other.changes"
                    )
                    side.execute("DETACH DATABASE other")
            finally:
                side.close()
        sources[table] = first
    return sources


def _apply(
    conn: sqlite3.Connection,
    opened: changefile.OpenedFile,
    unpacked: list[Unpacked],
    tables: tuple[str, ...],
) -> ImportReport:
    source = opened.source_office
    report = ImportReport(opened.path, source, opened.sequence, STATUS_APPLIED)
    report.authors = sorted({item.header.author for item in unpacked})
    received_at = synclog.now_text()
    with acting_as(f"{SYNC_ACTOR_PREFIX}{source}"):
        conn.execute("BEGIN IMMEDIATE")
        # Someone may have imported the same file while we were checking it.
        done = _already_imported(conn, opened)
        if done is not None:
            conn.execute("ROLLBACK")
            return done
        conn.execute("UPDATE _sync_state SET applying = 1 WHERE id = 1")
        conn.execute("DROP TABLE IF EXISTS temp.import_parts")
        conn.execute("CREATE TABLE temp.import_parts (idx INTEGER PRIMARY KEY, id INTEGER)")
        for item in unpacked:
            conn.execute(
                "INSERT INTO temp.import_parts VALUES (?, ?)",
                (item.index, _store_part(conn, item, received_at)),
            )
        present = {item.header.table for item in unpacked}
        for table in tables:
            if table in present:
                report.tables[table] = _apply_table(conn, f"import_{table}", table)
        (max_clock,) = conn.execute(
            "SELECT COALESCE(MAX(json_extract(header, '$.max_clock')), 0) FROM _sync_parts"
            " WHERE id IN (SELECT id FROM temp.import_parts)"
        ).fetchone()
        conn.execute(
            "UPDATE _sync_state SET hlc = MAX(hlc, ?), applying = 0 WHERE id = 1", (max_clock,)
        )
        conn.execute("DROP TABLE temp.import_parts")
        conn.execute(
            "INSERT INTO _sync_imports (source_office, incarnation, sequence, export_id,"
            " manifest_sha256, file_name, imported_at, summary) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (source, opened.incarnation, opened.sequence, opened.export_id,
             opened.envelope_sha256, opened.path.name, received_at, report.summary()),
        )  # fmt: skip
        synclog.record(
            conn,
            action=synclog.ACTION_IMPORT,
            outcome=synclog.OUTCOME_APPLIED,
            message=report.summary(),
            file_name=opened.path.name,
            source_office=source,
            sequence=opened.sequence,
            detail={t: vars(c) for t, c in report.tables.items()},
        )
        _pause_for_tests()
        conn.execute("COMMIT")
    return report


def _store_part(conn: sqlite3.Connection, item: Unpacked, received_at: str) -> int:
    """Keep the part as its author signed it (streamed into a blob); its id."""
    header = item.header
    existing = conn.execute(
        "SELECT id FROM _sync_parts WHERE sha256 = ?", (header.data_sha256,)
    ).fetchone()
    if existing is not None:
        return int(existing[0])
    cursor = conn.execute(
        "INSERT INTO _sync_parts (sha256, author, key_id, tbl, header, signature, data,"
        " received_at) VALUES (?, ?, ?, ?, ?, ?, zeroblob(?), ?)",
        (header.data_sha256, header.author, header.key_id, header.table, header.raw,
         item.signature, header.data_bytes, received_at),
    )  # fmt: skip
    part_id = int(cursor.lastrowid or 0)
    with item.data.open("rb") as data, conn.blobopen("_sync_parts", "data", part_id) as blob:
        for block in iter(lambda: data.read(1024 * 1024), b""):
            blob.write(block)
    return part_id


def _apply_table(conn: sqlite3.Connection, alias: str, table: str) -> TableCounts:
    src = f"{alias}.changes"
    columns = table_columns(conn, table)
    incoming = [c for c in table_columns(conn, "changes", alias) if not c.startswith("__")]
    counts = TableCounts()
    conn.execute("DROP TABLE IF EXISTS temp.import_fresh")
    conn.execute(
        f"""
        CREATE TABLE temp.import_fresh AS SELECT c.rowid AS r, c.__row_id AS row_id
        FROM {src} AS c WHERE NOT EXISTS (SELECT 1 FROM _sync_versions AS v
            WHERE v.tbl = ? AND v.row_id = c.__row_id AND v.clock = c.__clock
            AND v.origin = c.__origin)
        """,
        (table,),
    )
    (total,) = conn.execute(f"SELECT COUNT(*) FROM {src}").fetchone()
    (fresh,) = conn.execute("SELECT COUNT(*) FROM temp.import_fresh").fetchone()
    counts.unchanged, counts.versions = total - fresh, fresh
    # Rows met for the first time through one full version: inserted in bulk.
    conn.execute("DROP TABLE IF EXISTS temp.import_fast")
    conn.execute(
        f"""
        CREATE TABLE temp.import_fast AS SELECT f.r AS r FROM temp.import_fresh AS f
        JOIN {src} AS c ON c.rowid = f.r
        WHERE c.__written IS NULL AND c.__cl % 2 = 1
          AND f.row_id IN (SELECT row_id FROM temp.import_fresh GROUP BY row_id
                           HAVING COUNT(*) = 1)
          AND NOT EXISTS (SELECT 1 FROM _sync_versions AS v
                          WHERE v.tbl = ? AND v.row_id = f.row_id)
        """,
        (table,),
    )
    counts.inserted = _insert_fast(conn, src, table, incoming)
    if fresh > counts.inserted:
        counts = _apply_slow(conn, src, table, columns, incoming, counts)
    conn.execute("DROP TABLE temp.import_fresh")
    conn.execute("DROP TABLE temp.import_fast")
    return counts


def _apply_slow(
    conn: sqlite3.Connection,
    src: str,
    table: str,
    columns: list[str],
    incoming: list[str],
    counts: TableCounts,
) -> TableCounts:
    """The fresh versions not inserted in bulk: record them all (one statement), then rebuild
    the rows they touch from all their versions (``merge.rebuild``)."""
    pick = " ".join(f"WHEN {_text(c)} THEN c.{quote(c)}" for c in incoming)
    every = json_row_sql("c", incoming)
    slow = (
        "c.rowid IN (SELECT r FROM temp.import_fresh)"
        " AND c.rowid NOT IN (SELECT r FROM temp.import_fast)"
    )
    added = conn.execute(
        f"""
        INSERT INTO _sync_versions (tbl, row_id, clock, origin, cl, written, cols, vv, seq, part)
        SELECT ?, c.__row_id, c.__clock, c.__origin, c.__cl, c.__written,
            CASE WHEN c.__cl % 2 = 0 THEN '{{}}' WHEN c.__written IS NULL THEN {every}
                 ELSE (SELECT json_group_object(w.value, CASE w.value {pick} END)
                       FROM json_each(c.__written) AS w) END,
            c.__vv, s.local_seq + ROW_NUMBER() OVER (ORDER BY c.__row_id, c.__clock, c.__origin),
            p.id
        FROM {src} AS c JOIN temp.import_parts AS p ON p.idx = c.__part
        JOIN _sync_state AS s ON s.id = 1
        WHERE {slow}
        """,
        (table,),
    ).rowcount
    conn.execute("UPDATE _sync_state SET local_seq = local_seq + ? WHERE id = 1", (added,))
    conn.execute("DROP TABLE IF EXISTS temp.import_touched")
    conn.execute(
        "CREATE TABLE temp.import_touched AS SELECT DISTINCT c.__row_id AS row_id"
        f" FROM {src} AS c WHERE {slow} ORDER BY 1"
    )
    rebuilt = merge.rebuild(conn, table, columns, "temp.import_touched")
    conn.execute("DROP TABLE temp.import_touched")
    counts.inserted += rebuilt.inserted
    counts.updated += rebuilt.updated
    counts.deleted += rebuilt.deleted
    return counts


def _text(value: str) -> str:
    """A SQL string literal."""
    return "'" + value.replace("'", "''") + "'"


def _insert_fast(conn: sqlite3.Connection, src: str, table: str, incoming: list[str]) -> int:
    t = quote(table)
    names = ", ".join(quote(c) for c in incoming)
    selected = ", ".join(f"c.{quote(c)}" for c in incoming)
    (last_rowid,) = conn.execute(f"SELECT COALESCE(MAX(rowid), 0) FROM main.{t}").fetchone()
    # The register's insert triggers stand aside for this one statement (applying = 2); its rows
    # are checked and audited below in one query each, far cheaper than per-row triggers.
    conn.execute("UPDATE _sync_state SET applying = 2 WHERE id = 1")
    cursor = conn.execute(
        f"INSERT INTO main.{t} ({names}) SELECT {selected} FROM {src} AS c"
        " WHERE c.rowid IN (SELECT r FROM temp.import_fast)"
    )
    inserted = cursor.rowcount
    conn.execute("UPDATE _sync_state SET applying = 1 WHERE id = 1")
    _check_and_audit_inserted(conn, table, last_rowid)
    conn.execute(
        f"""
        INSERT INTO _sync_versions (tbl, row_id, clock, origin, cl, written, cols, vv, seq, part)
        SELECT ?, c.__row_id, c.__clock, c.__origin, c.__cl, NULL, NULL, c.__vv,
            s.local_seq + ROW_NUMBER() OVER (ORDER BY c.rowid), p.id
        FROM {src} AS c JOIN temp.import_parts AS p ON p.idx = c.__part
        JOIN _sync_state AS s ON s.id = 1
        WHERE c.rowid IN (SELECT r FROM temp.import_fast)
        """,
        (table,),
    )
    conn.execute("UPDATE _sync_state SET local_seq = local_seq + ? WHERE id = 1", (inserted,))
    return inserted


def _check_and_audit_inserted(conn: sqlite3.Connection, table: str, last_rowid: int) -> None:
    """The register's single-row insert rules and audit for the rows inserted after rowid
    ``last_rowid``: a breach refuses the file (IntegrityError); one audit row per row (actor
    ``sync:<office>``, time, the whole row as stored)."""
    t = quote(table)
    rules = bulk_rules(table) if table in schema.SYNCED_TABLES else []
    if rules:
        found = conn.execute(
            f"""
            SELECT row_id, problem FROM (
                SELECT NEW.rowid AS n, NEW."id" AS row_id, {problem_sql(rules)} AS problem
                FROM main.{t} AS NEW WHERE NEW.rowid > ?)
            WHERE problem IS NOT NULL ORDER BY n LIMIT 1
            """,
            (last_rowid,),
        ).fetchone()
        if found is not None:
            raise RejectedFile(
                "refused-by-register",
                f"文件中的数据违反登记簿的规则（{found[1]}，记录 {found[0]}），"
                "文件已拒收，登记簿未作任何改动。请来源办公室核对其程序版本。",
            )
    conn.execute(
        f"""
        INSERT INTO audit_log (office, at, actor, action, table_name, row_id, changes)
        SELECT (SELECT office FROM register WHERE singleton = 1), {NOW}, ?, 'insert', ?,
            NEW."id", {json_row_sql("NEW", table_columns(conn, table))}
        FROM main.{t} AS NEW WHERE NEW.rowid > ? ORDER BY NEW.rowid
        """,
        (current_actor(), table, last_rowid),
    )


def _pause_for_tests() -> None:
    marker = os.environ.get(PAUSE_ENV)
    if not marker:
        return
    Path(marker).write_text(str(os.getpid()), encoding="utf-8")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        time.sleep(0.05)
