"""The review queue's open count for the start page and the dashboard, without making them wait.

The sync stream's queue is derived from the whole register (``sync.review.open_count``): it
reads every applicant, one to several seconds at 100,000 applicants. Reads run on a worker's
event loop (``serving/inline_reads.py``), so counting there would stop every other clerk served
by that worker for as long. Here the count runs in a thread of its own, on a read-only
connection of its own, and is kept until the register changes (SQLite's ``PRAGMA data_version``
on that connection moves whenever any other connection, in any process, commits a change).
After a change the pages show the last count, marked as being updated, while it is counted
again (and, before the first count of a worker, that it is being counted): they never wait.
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


@dataclass(frozen=True)
class QueueCount:
    count: int | None  # None: not counted yet
    updating: bool  # the register changed since (or was never counted): a count is under way


@dataclass
class Counter:
    conn: sqlite3.Connection
    version: int | None = None  # data_version the count was made at
    count: int | None = None
    running: asyncio.Future[None] | None = field(default=None, repr=False)

    def recount(self, version: int) -> None:
        """In a worker thread: the only user of ``conn`` while it runs."""
        self.count = review_count(self.conn)
        self.version = version


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


async def open_count(datasette: Any, db: Any) -> QueueCount | None:
    """Open items of the register's review queue (None while the sync stream has no queue)."""
    counter = _counter(datasette, db)
    if counter.running is None or counter.running.done():
        if counter.running is not None and counter.running.exception() is not None:
            counter.running = None  # a failed count (seen here) is simply made again
        version = counter.conn.execute("PRAGMA data_version").fetchone()[0]  # microseconds
        if version != counter.version:
            counter.running = asyncio.ensure_future(asyncio.to_thread(counter.recount, version))
    running = counter.running
    updating = running is not None and not running.done()
    if counter.version is not None and counter.count is None:
        return None  # counted: this register has no review queue
    return QueueCount(counter.count, updating)
