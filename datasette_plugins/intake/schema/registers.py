"""Creating a register file and asking it which office it belongs to."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from ..domain.datafiles import ENV, notice
from ..domain.offices import office_or_error
from . import live
from .connection import connect
from .migrate import apply_migrations


class RegisterError(ValueError):
    """A register file that cannot be created or used (message in Chinese)."""


def init_register(path: str | Path, office: str) -> sqlite3.Connection:
    """Create (or migrate) the register at `path` for `office`; return an open connection.

    Re-running on an existing register of the same office only applies new migrations; a register
    of another office is refused.
    """
    office_or_error(office)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    upgrade(conn)
    existing = register_office(conn)
    if existing is None:
        row = {
            "singleton": 1,
            "office": office,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "notice": notice().id,  # since m0106 (an older program's register fills it there)
        }
        held = {r[1] for r in conn.execute("PRAGMA table_info(register)")}
        names = [name for name in row if name in held]
        conn.execute(
            f"INSERT INTO register ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})",
            [row[name] for name in names],
        )
    elif existing != office:
        conn.close()
        raise RegisterError(f"登记簿 {path} 属于受理部门 {existing}，不能改为 {office}")
    return conn


def upgrade(conn: sqlite3.Connection) -> list[str]:
    """Apply the migrations not yet applied, then bring the live triggers up to date; refuse a
    register of another notice than the program's (RegisterError)."""
    applied = apply_migrations(conn)
    live.install(conn)
    problem = notice_problem(conn)
    if problem:
        raise RegisterError(problem)
    return applied


def notice_problem(conn: sqlite3.Connection) -> str | None:
    """Why this register must not be opened by this program (it is of another notice), or None."""
    recorded = register_notice(conn)
    if recorded is None or recorded == notice().id:
        return None
    return (
        f"该登记簿属于另一次评审（{recorded}），本程序按 {notice().id} 工作，未打开。"
        f"请按登记簿所属评审的通知数据启动（环境变量 {ENV}={recorded}）。"
    )


def register_notice(conn: sqlite3.Connection) -> str | None:
    """The id of the notice this register is for, or None (not a register yet)."""
    try:
        row = conn.execute("SELECT notice FROM register WHERE singleton = 1").fetchone()
    except sqlite3.OperationalError:  # not a register, or one from before m0106
        return None
    return None if row is None else row[0]


def register_office(conn: sqlite3.Connection) -> str | None:
    """The office code of this register (the one row of table `register`), or None."""
    try:
        row = conn.execute("SELECT office FROM register WHERE singleton = 1").fetchone()
    except sqlite3.OperationalError:
        return None
    return None if row is None else row[0]
