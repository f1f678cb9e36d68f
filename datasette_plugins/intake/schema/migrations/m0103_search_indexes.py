"""Indexes for the clerk's applicants search (``records/search.py``): a name's first
characters, a 身份证号's last four characters, a status; each query reads only what it shows."""

from __future__ import annotations

import sqlite3

from ..migrate import execute_script

SQL = """
CREATE INDEX applicants_name ON applicants (name);
CREATE INDEX applicants_id_last4 ON applicants (substr(id_number, 15));
CREATE INDEX applicants_status ON applicants (status);
"""


def migrate(conn: sqlite3.Connection) -> None:
    execute_script(conn, SQL)
