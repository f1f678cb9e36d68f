"""Rules across rows move from UNIQUE indexes to the live triggers (``schema/checks.py``).

m0100 made (office, name) of units and (batch_id, id_number), (batch_id, roster_position) of
applicants UNIQUE. A register that imports other offices' changes must converge whatever the
order of files, and a duplicate that arrives by sync becomes an item of the review queue rather
than a refused file; so these become plain indexes and the rule is a local check (clerks,
commands and the JSON API are still refused, with the same Chinese message as before).
"""

from __future__ import annotations

import sqlite3

from ..migrate import execute_script

SQL = """
DROP INDEX units_office_name;
CREATE INDEX units_office_name ON units (office, name);
DROP INDEX applicants_batch_person;
CREATE INDEX applicants_batch_person ON applicants (batch_id, id_number);
DROP INDEX applicants_batch_position;
CREATE INDEX applicants_batch_position ON applicants (batch_id, roster_position);
"""


def migrate(conn: sqlite3.Connection) -> None:
    execute_script(conn, SQL)
