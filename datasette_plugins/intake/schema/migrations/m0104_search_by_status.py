"""Indexes for the clerk's applicants search filtered by a status (``records/search.py``): a
name's or a 身份证号's start within one status is one index range, not a walk through every
applicant with that start (about 20 ms at 100,000 applicants, ``scripts/bench-register``)."""

from __future__ import annotations

import sqlite3

from ..migrate import execute_script

SQL = """
CREATE INDEX applicants_status_name ON applicants (status, name);
CREATE INDEX applicants_status_id_number ON applicants (status, id_number);
"""


def migrate(conn: sqlite3.Connection) -> None:
    execute_script(conn, SQL)
