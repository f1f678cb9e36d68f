"""What a clerk checks on the phone: this register's sync state, and a content hash to compare.

Two registers that exchanged every file have the same content hash (``digest``), so offices can
confirm by reading the first characters of it to each other.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from ..schema.tables import SYNCED_TABLES
from . import tracking
from .columns import quote
from .digest import content_hash


@dataclass
class SyncStatus:
    office: str | None
    fingerprint: str | None
    content_hash: str
    rows: dict[str, int]
    exports: list[tuple[str, str | None, str | None]] = field(default_factory=list)
    imports: list[tuple[str, int, int, str]] = field(default_factory=list)
    open_conflicts: int = 0

    def lines(self) -> list[str]:
        text = [
            f"本登记簿所属办公室：{self.office or '（未设置）'}",
            f"本办公室公钥指纹：{self.fingerprint or '（尚未生成密钥）'}",
            f"内容摘要：{self.content_hash[:16]}（与其他办公室核对：交换全部文件后应相同）",
            "记录数：" + "，".join(f"{table} {count}" for table, count in self.rows.items()),
            f"待复核的冲突：{self.open_conflicts}",
        ]
        for destination, when, name in self.exports:
            text.append(f"已导出到“{destination}”：最近 {when}，{name}")
        for source, files, highest, when in self.imports:
            text.append(f"已导入 {source} 的文件 {files} 个（最大序号 {highest}），最近 {when}")
        return text


def read_status(conn: sqlite3.Connection, tables: tuple[str, ...] = SYNCED_TABLES) -> SyncStatus:
    office = tracking.get_office(conn)
    fingerprint = None
    if office:
        row = conn.execute(
            "SELECT fingerprint FROM _sync_keys WHERE office = ?", (office,)
        ).fetchone()
        fingerprint = row[0] if row else None
    rows = {t: conn.execute(f"SELECT COUNT(*) FROM {quote(t)}").fetchone()[0] for t in tables}
    status = SyncStatus(office, fingerprint, content_hash(conn, tables), rows)
    status.exports = [
        tuple(row)
        for row in conn.execute(
            "SELECT destination, last_export_at, last_file FROM _sync_destinations"
            " ORDER BY destination"
        )
    ]
    status.imports = [
        tuple(row)
        for row in conn.execute(
            "SELECT source_office, COUNT(*), MAX(sequence), MAX(imported_at) FROM _sync_imports"
            " GROUP BY source_office ORDER BY source_office"
        )
    ]
    status.open_conflicts = conn.execute(
        "SELECT COUNT(*) FROM sync_conflicts WHERE reviewed_at IS NULL"
    ).fetchone()[0]
    return status
