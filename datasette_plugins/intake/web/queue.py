"""The review queue's open count for the start page and the dashboard, without freezing a worker.

The sync stream's queue is derived from the whole register (``sync.review.open_count``): it
reads every applicant, about a second at 100,000 applicants. Reads run on a worker's event loop
(``serving/inline_reads.py``), so counting there would stop every other clerk served by that
worker for as long. Here the count runs in a thread of its own, on a read-only connection of
its own, and is kept until the register changes (SQLite's ``PRAGMA data_version`` on that
connection moves whenever any other connection, in any process, commits a change).
"""

from __future__ import annotations

import asyncio
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..schema.actor import prepare_connection
from .common import review_count
from .state import state


@dataclass
class Counter:
    conn: sqlite3.Connection
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    version: int | None = None
    count: int | None = None

    def count_if_changed(self) -> int | None:
        version = self.conn.execute("PRAGMA data_version").fetchone()[0]
        if version != self.version:
            self.count = review_count(self.conn)
            self.version = version
        return self.count


def _counter(datasette: Any, db: Any) -> Counter:
    counters = state(datasette).queue_counters
    found = counters.get(db.name)
    if found is None:
        uri = f"{Path(db.path).resolve().as_uri()}?mode=ro"
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False, isolation_level=None)
        conn.row_factory = sqlite3.Row
        prepare_connection(conn)
        found = counters[db.name] = Counter(conn)
    return found


async def open_count(datasette: Any, db: Any) -> int | None:
    """Open items of the register's review queue (None while the sync stream has no queue)."""
    counter = _counter(datasette, db)
    async with counter.lock:  # one count at a time per register; the others wait for it
        return await asyncio.to_thread(counter.count_if_changed)
