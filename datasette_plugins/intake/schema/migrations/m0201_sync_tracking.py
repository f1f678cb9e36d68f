"""Sync (issue 6): version table, tracking triggers, conflicts, sync_log and their views.

See ``datasette_plugins/intake/sync/tracking.py``. Every write to a synced table, by any path,
is recorded by triggers; nothing is added to the synced tables themselves.
"""

from __future__ import annotations

import sqlite3

from ...sync import tracking
from ..tables import SYNCED_TABLES


def migrate(conn: sqlite3.Connection) -> None:
    tracking.install(conn, SYNCED_TABLES)
