"""Import a change file: verify everything first, then apply it in one transaction.

Before anything is written: the zip structure, the manifest, every part's sha256
(``changefile.read``), the source office (in the directory, not this office), the signature with
the key registered for that office, the sequence (a sequence already imported from another file
is a replay), the clock, and each part database (integrity, columns, counts, origins).

Then, in one ``BEGIN IMMEDIATE`` transaction, with ``_sync_state.applying = 1`` so that the
tracking triggers do not mint local versions (2 during the bulk insert of each table: the
register's insert triggers stand aside and the same rules and audit run once over the inserted
rows, see schema/live.py), for each synced table:
conflict losers are recorded, deletions that win are applied, rows that win are upserted, and the
version table takes the winning versions. The local clock moves up to the file's largest clock.
Importing a file already imported changes nothing.
"""

from __future__ import annotations

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
from ..schema.tables import NOW, SYNCED_TABLES
from . import changefile, hlc, keys, synclog, tracking
from .columns import json_row_sql, parent_links, quote, table_columns
from .conflicts import dominates_sql, wins_sql
from .errors import RejectedFile

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
    older: int = 0
    conflicts: int = 0


@dataclass
class ImportReport:
    path: Path
    source_office: str
    sequence: int
    status: str
    tables: dict[str, TableCounts] = field(default_factory=dict)

    @property
    def changed(self) -> int:
        return sum(c.inserted + c.updated + c.deleted for c in self.tables.values())

    @property
    def conflicts(self) -> int:
        return sum(c.conflicts for c in self.tables.values())

    def summary(self) -> str:
        head = f"{self.path.name}（{self.source_office} 第 {self.sequence} 号）"
        if self.status == STATUS_DUPLICATE:
            return f"{head}：此前已导入过，未作任何改动。"
        if self.status == STATUS_OWN:
            return f"{head}：是本办公室自己导出的文件，已跳过。"
        pieces = []
        for table, c in self.tables.items():
            pieces.append(
                f"{table} 新增 {c.inserted}、更新 {c.updated}、删除 {c.deleted}、"
                f"未变 {c.unchanged + c.older}、冲突 {c.conflicts}"
            )
        text = f"{head}：已导入。" + "；".join(pieces)
        if self.conflicts:
            text += f"。有 {self.conflicts} 个冲突版本已记入 sync_conflicts，请主管复核。"
        return text


def import_file(
    conn: sqlite3.Connection,
    path: Path,
    *,
    offices: Iterable[str],
    notice_id: str,
    tables: tuple[str, ...] = SYNCED_TABLES,
) -> ImportReport:
    """Verify and apply one change file. Raises RejectedFile (register untouched) when refused."""
    change = changefile.read(path)
    own_office = tracking.get_office(conn)
    offices = set(offices)
    report = _verify(conn, change, offices, notice_id, own_office)
    if report is not None:
        return report
    with tempfile.TemporaryDirectory(prefix="intake-import-") as scratch:
        attached: dict[str, tuple[str, list[str], changefile.PartInfo]] = {}
        try:
            for index, part in enumerate(change.parts):
                if part.table not in tables:
                    raise RejectedFile(
                        "unknown-table", f"文件含有本登记册不同步的表“{part.table}”，已拒收。"
                    )
                part_path = change.write_part(part, Path(scratch))
                alias = f"import_part_{index}"
                conn.execute("ATTACH DATABASE ? AS " + alias, (str(part_path),))
                attached[part.table] = (alias, part.columns, part)
            parents = {parent for _, _, parent in parent_links(conn, list(tables))}
            for table, (alias, _, part) in attached.items():
                _check_part(conn, alias, part, change.source_office, table in parents, offices)
                _check_clocks(conn, alias, part, int(change.manifest["max_clock"]))  # type: ignore[arg-type]
            try:
                return _apply(conn, change, attached, tables)
            except sqlite3.IntegrityError as error:
                reason = str(error)
                raise RejectedFile(
                    "refused-by-register",
                    f"登记簿的规则拒绝了文件中的数据（{reason}），登记簿未作任何改动。"
                    "如缺少的是更早文件中的单位或批次，请先导入那些文件，再重新导入本文件。",
                ) from error
        finally:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            for alias, _, _ in attached.values():
                conn.execute("DETACH DATABASE " + alias)


def _verify(
    conn: sqlite3.Connection,
    change: changefile.ChangeFile,
    offices: set[str],
    notice_id: str,
    own_office: str | None,
) -> ImportReport | None:
    """Raise RejectedFile for a file that must not be applied; a report when there is no work."""
    manifest = change.manifest
    source = change.source_office
    if manifest["notice"] != notice_id:
        raise RejectedFile(
            "other-notice",
            f"该文件属于另一次评审（{manifest['notice']}），本登记册是 {notice_id}。",
        )
    if source not in offices:
        raise RejectedFile(
            "unknown-office", f"来源办公室“{source}”不在受理部门名录中，文件已拒收。"
        )
    registered = keys.verify_key(conn, source)
    if registered is None:
        raise RejectedFile(
            "unknown-key",
            f"本登记册没有办公室 {source} 的公钥，无法核验签名，文件已拒收"
            f"（请先用 `datasette intake keys DB --import-public` 导入该办公室的公钥）。",
        )
    verify_key, registered_id = registered
    if change.key_id != registered_id:
        raise RejectedFile(
            "unknown-key",
            f"文件由一把未登记的密钥签名（不是办公室 {source} 已登记的公钥），文件已拒收。",
        )
    if not keys.signature_is_valid(verify_key, change.manifest_bytes, change.signature):
        raise RejectedFile(
            "bad-signature", f"签名核验失败：清单被改动过，或文件不是办公室 {source} 签发的。"
        )
    if hlc.too_far_ahead(int(manifest["max_clock"])):  # type: ignore[arg-type]
        raise RejectedFile(
            "clock-ahead",
            f"文件中的修改时间比本机时间晚两天以上，办公室 {source} 的电脑时钟可能有误，已拒收。",
        )
    if source == own_office:
        return ImportReport(change.path, source, change.sequence, STATUS_OWN)
    return _already_imported(conn, change)


def _already_imported(
    conn: sqlite3.Connection, change: changefile.ChangeFile
) -> ImportReport | None:
    """A no-op report for a file imported before; RejectedFile for another file reusing its
    sequence number (a replay, or the other office's register was restored from a backup)."""
    source = change.source_office
    seen = conn.execute(
        "SELECT manifest_sha256, file_name FROM _sync_imports"
        " WHERE source_office = ? AND sequence = ?",
        (source, change.sequence),
    ).fetchone()
    if seen is None:
        return None
    if seen[0] == change.manifest_sha256:
        return ImportReport(change.path, source, change.sequence, STATUS_DUPLICATE)
    raise RejectedFile(
        "replay",
        f"办公室 {source} 的第 {change.sequence} 号变更文件此前已导入过（{seen[1]}），"
        "这份文件却内容不同：可能是旧序号重放或对方登记册被回退，已拒收。",
    )


def _check_part(
    conn: sqlite3.Connection,
    alias: str,
    part: changefile.PartInfo,
    source: str,
    is_parent: bool,
    offices: set[str],
) -> None:
    """Verify one part database. Versions from another office than the signer are accepted only
    in parent tables (units, batches), and only as rows, never as deletions: they are the
    current versions of what the file's own rows refer to (see ``export._copy_parents``)."""

    def bad(detail: str) -> RejectedFile:
        return RejectedFile("damaged", f"数据部分 {part.name} 不合格：{detail}")

    try:
        if conn.execute(f"PRAGMA {alias}.quick_check").fetchone()[0] != "ok":
            raise bad("数据库结构损坏。")
        kind = conn.execute(
            f"SELECT type FROM {alias}.sqlite_master WHERE name = 'changes'"
        ).fetchone()
        if kind is None or kind[0] != "table":
            raise bad("缺少 changes 表。")
        columns = table_columns(conn, "changes", alias)
        if columns != [*changefile.META_COLUMNS, *part.columns]:
            raise bad("列与清单不符。")
        local = set(table_columns(conn, part.table))
        missing = [c for c in part.columns if c not in local]
        if missing or "id" not in part.columns:
            raise RejectedFile(
                "schema",
                f"表 {part.table} 的列 {'、'.join(missing) or 'id'} 在本登记册中不存在"
                "（两边程序版本不一致），已拒收。",
            )
        total, deletions, wrong = conn.execute(
            f"""
            SELECT COUNT(*), COALESCE(SUM(__deleted = 1), 0),
                   COALESCE(SUM((__origin IS NOT ? AND (NOT ? OR __deleted != 0))
                       OR __deleted NOT IN (0, 1)
                       OR typeof(__clock) != 'integer' OR __clock <= 0
                       OR typeof(__row_id) != 'text' OR __row_id = ''
                       OR (__deleted = 0 AND "id" IS NOT __row_id)
                       OR (__vv IS NOT NULL AND NOT json_valid(__vv))
                       OR __origin NOT IN (SELECT value FROM json_each(?))), 0)
            FROM {alias}.changes
            """,
            (source, is_parent, json.dumps(sorted(offices))),
        ).fetchone()
    except sqlite3.DatabaseError as error:
        raise bad(f"无法读取（{error}）。") from error
    if total != part.rows + part.deletions or deletions != part.deletions:
        raise bad("条数与清单不符。")
    if wrong:
        raise bad(f"有 {wrong} 条记录的版本信息无效或不是来源办公室的修改。")


def _check_clocks(
    conn: sqlite3.Connection, alias: str, part: changefile.PartInfo, max_clock: int
) -> None:
    """No version may be newer than the manifest says (that bound is checked against the
    machine's clock in ``_verify``)."""
    (beyond,) = conn.execute(
        f"SELECT COUNT(*) FROM {alias}.changes WHERE __clock > ?", (max_clock,)
    ).fetchone()
    if beyond:
        raise RejectedFile(
            "damaged", f"数据部分 {part.name} 中有 {beyond} 条记录的修改时间晚于清单所写。"
        )


def _apply(
    conn: sqlite3.Connection,
    change: changefile.ChangeFile,
    attached: dict[str, tuple[str, list[str], changefile.PartInfo]],
    tables: tuple[str, ...],
) -> ImportReport:
    source = change.source_office
    report = ImportReport(change.path, source, change.sequence, STATUS_APPLIED)
    detected_at = synclog.now_text()
    with acting_as(f"{SYNC_ACTOR_PREFIX}{source}"):
        conn.execute("BEGIN IMMEDIATE")
        # Someone may have imported the same file while we were checking it.
        done = _already_imported(conn, change)
        if done is not None:
            conn.execute("ROLLBACK")
            return done
        conn.execute("UPDATE _sync_state SET applying = 1 WHERE id = 1")
        for table in tables:
            if table in attached:
                alias, columns, _ = attached[table]
                report.tables[table] = _apply_table(
                    conn, alias, table, columns, detected_at, change.path.name
                )
        conn.execute(
            "UPDATE _sync_state SET hlc = MAX(hlc, ?), applying = 0 WHERE id = 1",
            (int(change.manifest["max_clock"]),),  # type: ignore[arg-type]
        )
        conn.execute(
            "INSERT INTO _sync_imports (source_office, sequence, export_id, manifest_sha256,"
            " file_name, imported_at, summary) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                source,
                change.sequence,
                change.export_id,
                change.manifest_sha256,
                change.path.name,
                detected_at,
                report.summary(),
            ),
        )
        synclog.record(
            conn,
            action=synclog.ACTION_IMPORT,
            outcome=synclog.OUTCOME_APPLIED,
            message=report.summary(),
            file_name=change.path.name,
            source_office=source,
            sequence=change.sequence,
            detail={t: vars(c) for t, c in report.tables.items()},
        )
        _pause_for_tests()
        conn.execute("COMMIT")
    return report


def _apply_table(
    conn: sqlite3.Connection,
    alias: str,
    table: str,
    columns: list[str],
    detected_at: str,
    file_name: str,
) -> TableCounts:
    part = f"{alias}.changes"
    t = quote(table)
    join = f"LEFT JOIN _sync_versions AS v ON v.tbl = '{table}' AND v.row_id = c.__row_id"
    wins = wins_sql("c.__clock", "c.__origin", "v.clock", "v.origin")
    loses = wins_sql("v.clock", "v.origin", "c.__clock", "c.__origin")
    counts = TableCounts()
    (
        counts.inserted,
        counts.updated,
        counts.deleted,
        counts.unchanged,
        counts.older,
        has_local,
    ) = conn.execute(
        f"""
        SELECT
            COALESCE(SUM(c.__deleted = 0 AND (v.row_id IS NULL OR (v.deleted = 1 AND {wins}))), 0),
            COALESCE(SUM(c.__deleted = 0 AND v.deleted = 0 AND {wins}), 0),
            COALESCE(SUM(c.__deleted = 1 AND v.deleted = 0 AND {wins}), 0),
            COALESCE(SUM(v.row_id IS NULL AND c.__deleted = 1), 0)
                + COALESCE(SUM(v.clock = c.__clock AND v.origin = c.__origin), 0)
                + COALESCE(SUM(c.__deleted = 1 AND v.deleted = 1 AND {wins}), 0),
            COALESCE(SUM({loses}), 0),
            COUNT(v.row_id)
        FROM {part} AS c {join}
        """
    ).fetchone()
    if has_local:
        before = conn.total_changes
        local_columns = table_columns(conn, table)
        conn.execute(
            f"""
            INSERT OR IGNORE INTO sync_conflicts (table_name, row_id, loser_origin, loser_clock,
                loser_deleted, loser_row, loser_vv, loser_local_seq, winner_origin, winner_clock,
                winner_deleted, detected_at, detected_in)
            SELECT '{table}', v.row_id, v.origin, v.clock, v.deleted,
                CASE WHEN v.deleted = 0 THEN {json_row_sql("t", local_columns)} END,
                v.vv, v.local_seq, c.__origin, c.__clock, c.__deleted, ?, ?
            FROM {part} AS c JOIN _sync_versions AS v
                ON v.tbl = '{table}' AND v.row_id = c.__row_id
            LEFT JOIN main.{t} AS t ON t."id" = v.row_id
            WHERE {wins} AND NOT (c.__deleted = 1 AND v.deleted = 1)
              AND NOT {dominates_sql("c.__clock", "c.__origin", "c.__vv", "v.clock", "v.origin")}
            """,
            (detected_at, file_name),
        )
        conn.execute(
            f"""
            INSERT OR IGNORE INTO sync_conflicts (table_name, row_id, loser_origin, loser_clock,
                loser_deleted, loser_row, loser_vv, loser_local_seq, winner_origin, winner_clock,
                winner_deleted, detected_at, detected_in)
            SELECT '{table}', c.__row_id, c.__origin, c.__clock, c.__deleted,
                CASE WHEN c.__deleted = 0 THEN {json_row_sql("c", columns)} END,
                c.__vv, NULL, v.origin, v.clock, v.deleted, ?, ?
            FROM {part} AS c JOIN _sync_versions AS v
                ON v.tbl = '{table}' AND v.row_id = c.__row_id
            WHERE {loses} AND NOT (c.__deleted = 1 AND v.deleted = 1)
              AND NOT {dominates_sql("v.clock", "v.origin", "v.vv", "c.__clock", "c.__origin")}
            """,
            (detected_at, file_name),
        )
        counts.conflicts = conn.total_changes - before
        conn.execute(
            f"""
            DELETE FROM main.{t} WHERE "id" IN (
                SELECT c.__row_id FROM {part} AS c JOIN _sync_versions AS v
                    ON v.tbl = '{table}' AND v.row_id = c.__row_id
                WHERE c.__deleted = 1 AND v.deleted = 0 AND {wins})
            """
        )
        upsert_from = (
            f"FROM {part} AS c {join} WHERE c.__deleted = 0 AND (v.row_id IS NULL OR {wins})"
        )
    else:
        upsert_from = f"FROM {part} AS c WHERE c.__deleted = 0"
    target = ", ".join(quote(c) for c in columns)
    source_columns = ", ".join(f"c.{quote(c)}" for c in columns)
    updates = ", ".join(f"{quote(c)} = excluded.{quote(c)}" for c in columns if c != "id")
    # The register's insert triggers stand aside for this one statement (applying = 2): its rows
    # are checked and audited below in one query each, far cheaper than per-row triggers.
    # Rows it updates still go through the update triggers.
    (last_rowid,) = conn.execute(f"SELECT COALESCE(MAX(rowid), 0) FROM main.{t}").fetchone()
    conn.execute("UPDATE _sync_state SET applying = 2 WHERE id = 1")
    conn.execute(
        f"""
        INSERT INTO main.{t} ({target}) SELECT {source_columns} {upsert_from}
        ON CONFLICT ("id") DO {"UPDATE SET " + updates if updates else "NOTHING"}
        """
    )
    conn.execute("UPDATE _sync_state SET applying = 1 WHERE id = 1")
    _check_and_audit_inserted(conn, table, last_rowid)
    conn.execute(
        f"""
        INSERT INTO _sync_versions (tbl, row_id, clock, origin, vv, deleted, local_seq)
        SELECT '{table}', c.__row_id, c.__clock, c.__origin, c.__vv, c.__deleted, NULL
        FROM {part} AS c WHERE true
        ON CONFLICT (tbl, row_id) DO UPDATE SET
            clock = excluded.clock, origin = excluded.origin, vv = excluded.vv,
            deleted = excluded.deleted, local_seq = NULL
        WHERE (excluded.clock, excluded.origin) > (_sync_versions.clock, _sync_versions.origin)
        """
    )
    return counts


def _check_and_audit_inserted(conn: sqlite3.Connection, table: str, last_rowid: int) -> None:
    """The register's insert rules and audit for the rows inserted after rowid ``last_rowid``.

    The rules that hold for sync actors, in the order of the check triggers (``schema/checks``);
    a breach aborts the import like a trigger would (IntegrityError, the transaction is rolled
    back). Then one
    audit row per inserted row: actor ``sync:<office>``, time, the whole row as stored.
    """
    t = quote(table)
    if table in SYNCED_TABLES:
        problem = problem_sql(bulk_rules(table))
        found = conn.execute(
            f"""
            SELECT row_id, problem FROM (
                SELECT NEW.rowid AS n, NEW."id" AS row_id, {problem} AS problem
                FROM main.{t} AS NEW WHERE NEW.rowid > ?)
            WHERE problem IS NOT NULL ORDER BY n LIMIT 1
            """,
            (last_rowid,),
        ).fetchone()
        if found is not None:
            raise sqlite3.IntegrityError(f"{found[1]}（记录 {found[0]}）")
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
