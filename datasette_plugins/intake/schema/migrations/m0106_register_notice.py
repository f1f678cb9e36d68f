"""Each register records the notice it is for (``register.notice``, the notice id): its routes,
paper checklist and dates are that notice's, and its sync files say so. A register opened by a
program configured for another notice is refused (``registers.upgrade``) instead of being judged
by another round's rules.

A register made before this migration is taken to be of the notice the program runs with when
this migration first opens it (every such register was made for the 2023 notice). The
``register`` row cannot be updated once written (live trigger ``register_fixed``): this migration
drops that trigger to fill the new column, and the live schema puts it back right after.
"""

from __future__ import annotations

import sqlite3

from ...domain.datafiles import notice


def migrate(conn: sqlite3.Connection) -> None:
    conn.execute("DROP TRIGGER IF EXISTS register_fixed")
    conn.execute("ALTER TABLE register ADD COLUMN notice TEXT")
    conn.execute("UPDATE register SET notice = ?", (notice().id,))
