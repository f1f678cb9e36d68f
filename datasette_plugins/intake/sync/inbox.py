"""Import one file and log the outcome, whatever it is (for the CLI and the watcher).

``import_and_log`` never raises for a bad file: a refused file gives an ``Outcome`` with status
``rejected`` (or ``waiting``, when it will go in by itself once this register has what it lacks)
with the Chinese reason and what to do, one line in ``sync_log`` (a file retried with the same
result is not logged again) and its state in ``sync_files``; the register is untouched.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..domain.datafiles import notice
from ..domain.offices import load_offices
from ..schema.connection import transaction
from . import apply, keys, schema, synclog
from .errors import RejectedFile, SyncError

STATUS_REJECTED = "rejected"
STATUS_WAITING = "waiting"

# Refusals that go away by themselves once this register has what it lacks.
WAIT_CODES = frozenset({"unknown-key"})

# What a clerk should do about each kind of refusal (no hint names a file).
TODO = {
    "damaged": "请向来源办公室重新索取这份文件（请对方重新导出）。",
    "checksum": "请向来源办公室重新索取这份文件（请对方重新导出）。",
    "tampered": "文件被改动过，请勿使用；请来源办公室重新导出，并告知高评委办公室。",
    "not-a-change-file": "这不是同步变更文件，请勿放入收件箱。",
    "bad-signature": "文件被改动过，请勿使用；请来源办公室重新导出，并告知高评委办公室。",
    "forged-part": "文件中有冒充其他办公室的内容，请勿使用；请告知高评委办公室。",
    "unknown-key": "请导入高评委办公室发布的最新密钥目录（"
    "keys --import-directory），之后会自动重试。",
    "revoked-key": "签名密钥已吊销：请来源办公室用新密钥重新导出。",
    "not-for-us": "这份文件不是发给本办公室的：请原样转交给收件办公室。",
    "cannot-decrypt": "请来源办公室按密钥目录中本办公室现用的公钥重新导出。",
    "no-private-key": "请确认本办公室的私钥文件仍在原处（见 datasette intake keys DB）。",
    "replay": "请与来源办公室核对其登记簿是否从备份恢复过（按 TRUST.md 的重建步骤处理）。",
    "other-notice": "这份文件属于另一次评审，请勿导入本登记簿。",
    "format-version": "请两边把程序升级到同一版本后，请对方重新导出。",
    "schema": "请两边把程序升级到同一版本后，请对方重新导出。",
    "unknown-office": "来源办公室不在受理部门名录中，请勿使用这份文件。",
    "clock-ahead": "请来源办公室校正电脑时钟后重新导出。",
    "refused-by-register": "请来源办公室核对其程序版本后重新导出。",
    "missing": "文件已不在原处。",
    "unreadable": "请检查文件权限。",
}


@dataclass(frozen=True)
class Outcome:
    path: Path
    status: str  # applied | duplicate | own | rejected | waiting
    message: str
    code: str | None = None
    report: apply.ImportReport | None = None

    @property
    def accepted(self) -> bool:
        return self.status not in (STATUS_REJECTED, STATUS_WAITING)

    @property
    def todo(self) -> str:
        return TODO.get(self.code or "", "")


def directory_offices() -> list[str]:
    return sorted(load_offices())


def notice_id() -> str:
    return notice().id


def office_key(conn: sqlite3.Connection) -> keys.OfficeKey | None:
    """This office's private key, from the file the register points to (None if unusable)."""
    office = schema.get_office(conn)
    row = conn.execute("SELECT key_file FROM _sync_state WHERE id = 1").fetchone()
    if not office or row is None or not row[0]:
        return None
    try:
        return keys.load_signing_key(Path(row[0]), office)
    except SyncError:
        return None


def _note_file(conn: sqlite3.Connection, outcome: Outcome) -> bool:
    """Record the file's state; True when it is news (not the same result as last time)."""
    state = {STATUS_REJECTED: "refused", STATUS_WAITING: "waiting"}.get(outcome.status, "done")
    name = outcome.path.name
    before = conn.execute(
        "SELECT state, code FROM sync_files WHERE file_name = ?", (name,)
    ).fetchone()
    conn.execute(
        "INSERT INTO sync_files (file_name, state, code, reason, todo, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (file_name) DO UPDATE SET state = excluded.state,"
        " code = excluded.code, reason = excluded.reason, todo = excluded.todo,"
        " updated_at = excluded.updated_at",
        (name, state, outcome.code, outcome.message, outcome.todo, synclog.now_text()),
    )
    return before is None or tuple(before) != (state, outcome.code) or state == "done"


def import_and_log(
    conn: sqlite3.Connection,
    path: Path,
    *,
    offices: Iterable[str] | None = None,
    notice: str | None = None,
    key: keys.OfficeKey | None = None,
) -> Outcome:
    """Verify and apply ``path``; log the outcome. Database errors propagate."""
    offices = directory_offices() if offices is None else offices
    notice = notice_id() if notice is None else notice
    key = key or office_key(conn)
    try:
        report = apply.import_file(conn, path, offices=offices, notice_id=notice, key=key)
    except RejectedFile as refusal:
        status = STATUS_WAITING if refusal.code in WAIT_CODES else STATUS_REJECTED
        outcome = Outcome(path, status, refusal.message, refusal.code)
        with transaction(conn):
            if _note_file(conn, outcome):
                synclog.record(
                    conn,
                    action=synclog.ACTION_IMPORT,
                    outcome=synclog.OUTCOME_WAITING
                    if status == STATUS_WAITING
                    else synclog.OUTCOME_REJECTED,
                    message=f"{path.name}：{refusal.message}",
                    file_name=path.name,
                    detail={"code": refusal.code, "todo": outcome.todo},
                )
        return outcome
    outcome = Outcome(path, report.status, report.summary(), report=report)
    with transaction(conn):
        _note_file(conn, outcome)
        if report.status != apply.STATUS_APPLIED:
            # An applied file is logged inside its own transaction; the no-op cases are here.
            synclog.record(
                conn,
                action=synclog.ACTION_IMPORT,
                outcome=synclog.OUTCOME_DUPLICATE
                if report.status == apply.STATUS_DUPLICATE
                else synclog.OUTCOME_SKIPPED,
                message=report.summary(),
                file_name=path.name,
                source_office=report.source_office,
                sequence=report.sequence,
            )
    return outcome
