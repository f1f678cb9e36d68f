"""Opening a register file for a `datasette intake …` command: a clear Chinese error, never a
traceback, for a missing file, a file that is not SQLite, or a database that is not a register."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import click

from ..schema.connection import connect
from ..schema.registers import notice_problem, register_office


def open_register(db: str) -> sqlite3.Connection:
    if not Path(db).is_file():
        raise click.ClickException(f"登记簿文件不存在：{db}（先运行 datasette intake init）")
    try:
        conn = connect(db)
        office = register_office(conn)
    except sqlite3.DatabaseError as error:
        raise click.ClickException(f"{db} 不是有效的登记簿（{error}）") from error
    if office is None:
        conn.close()
        raise click.ClickException(f"{db} 不是受理登记簿（先运行 datasette intake init）")
    problem = notice_problem(conn)
    if problem:
        conn.close()
        raise click.ClickException(f"{db}：{problem}")
    return conn
