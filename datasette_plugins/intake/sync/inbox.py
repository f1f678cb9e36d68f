"""Import one file and log the outcome, whatever it is (for the CLI and the watcher).

``import_and_log`` never raises for a bad file: a refused file gives an ``Outcome`` with status
``rejected`` and the Chinese reason, and a line in ``sync_log``; the register is untouched.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..domain.datafiles import notice
from ..domain.offices import load_offices
from . import apply, synclog
from .errors import RejectedFile

STATUS_REJECTED = "rejected"


@dataclass(frozen=True)
class Outcome:
    path: Path
    status: str  # applied | duplicate | own | rejected
    message: str
    code: str | None = None
    report: apply.ImportReport | None = None

    @property
    def accepted(self) -> bool:
        return self.status != STATUS_REJECTED


def directory_offices() -> list[str]:
    return sorted(load_offices())


def notice_id() -> str:
    return notice().id


def import_and_log(
    conn: sqlite3.Connection,
    path: Path,
    *,
    offices: Iterable[str] | None = None,
    notice: str | None = None,
) -> Outcome:
    """Verify and apply ``path``; log the outcome in sync_log. Database errors propagate."""
    offices = directory_offices() if offices is None else offices
    notice = notice_id() if notice is None else notice
    try:
        report = apply.import_file(conn, path, offices=offices, notice_id=notice)
    except RejectedFile as refusal:
        synclog.record_now(
            conn,
            action=synclog.ACTION_IMPORT,
            outcome=synclog.OUTCOME_REJECTED,
            message=f"{path.name}：{refusal.message}",
            file_name=path.name,
            detail={"code": refusal.code},
        )
        return Outcome(path, STATUS_REJECTED, refusal.message, refusal.code)
    if report.status != apply.STATUS_APPLIED:
        # An applied file is logged inside its own transaction; the no-op cases are logged here.
        synclog.record_now(
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
    return Outcome(path, report.status, report.summary(), report=report)
