"""What a clerk checks: this register's sync state, files waiting or refused and what to do, the
review queue's size, and content hashes to compare over the phone (equal once registers have
exchanged every file)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from . import schema
from .columns import quote
from .digest import content_hash, versions_hash


@dataclass
class FileState:
    file_name: str
    state: str
    reason: str
    todo: str
    updated_at: str

    @property
    def label(self) -> str:
        return {"waiting": "等待中", "refused": "已拒收"}.get(self.state, self.state)


@dataclass
class SyncStatus:
    office: str | None
    fingerprint: str | None
    directory_version: int
    content_hash: str
    versions_hash: str
    rows: dict[str, int]
    exports: list[tuple[str, str | None, str | None]] = field(default_factory=list)
    imports: list[tuple[str, int, int, str]] = field(default_factory=list)
    files: list[FileState] = field(default_factory=list)
    open_reviews: int = 0

    def lines(self) -> list[str]:
        text = [
            f"本登记簿所属办公室：{self.office or '（未设置）'}",
            f"本办公室公钥指纹：{self.fingerprint or '（尚未生成密钥）'}",
            "密钥目录："
            + (f"第 {self.directory_version} 版" if self.directory_version else "尚未导入"),
            f"内容摘要：{self.content_hash[:16]}（与其他办公室核对：交换全部文件后应相同）",
            f"版本摘要：{self.versions_hash[:16]}",
            "记录数：" + "，".join(f"{table} {count}" for table, count in self.rows.items()),
            f"待复核事项：{self.open_reviews}",
        ]
        for destination, when, name in self.exports:
            text.append(f"已导出到“{destination}”：最近 {when}，{name}")
        for source, files, highest, when in self.imports:
            text.append(f"已导入 {source} 的文件 {files} 个（最大序号 {highest}），最近 {when}")
        waiting = [f for f in self.files if f.state != "done"]
        if not waiting:
            text.append("没有等待中或被拒收的文件。")
        for item in waiting:
            text.append(f"{item.label}：{item.file_name}（{item.updated_at}）{item.reason}")
            if item.todo:
                text.append(f"    怎么办：{item.todo}")
        return text


def read_status(conn: sqlite3.Connection) -> SyncStatus:
    from .review import open_count

    office = schema.get_office(conn)
    fingerprint = None
    if office:
        row = conn.execute(
            "SELECT fingerprint FROM _sync_keys WHERE office = ? AND status = 'active'"
            " ORDER BY directory_version = 0 DESC, added_at DESC",
            (office,),
        ).fetchone()
        fingerprint = row[0] if row else None
    (directory_version,) = conn.execute(
        "SELECT COALESCE(MAX(version), 0) FROM _sync_directory"
    ).fetchone()
    rows = {
        t: conn.execute(f"SELECT COUNT(*) FROM {quote(t)}").fetchone()[0]
        for t in schema.SYNCED_TABLES
    }
    status = SyncStatus(
        office, fingerprint, directory_version, content_hash(conn), versions_hash(conn), rows
    )
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
    status.files = [
        FileState(*row)
        for row in conn.execute(
            "SELECT file_name, state, reason, COALESCE(todo, ''), updated_at FROM sync_files"
            " WHERE state != 'done' ORDER BY updated_at DESC, file_name"
        )
    ]
    status.open_reviews = open_count(conn)
    return status
