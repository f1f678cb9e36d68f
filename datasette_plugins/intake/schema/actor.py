"""Who is writing: the actor that the register's audit triggers record.

The audit and validation triggers call the SQL function intake_actor(). It returns the actor set
with `acting_as(...)` in the current thread, so every connection that writes to a register must be
prepared with `prepare_connection(conn)` (Datasette does this through the plugin's
prepare_connection hook; `connection.connect()` does it for scripts and commands).
A write with no actor set is refused by the database (写入登记簿必须注明操作人).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_state = threading.local()

# Actors whose id starts with this prefix apply changes that were already validated in the office
# that made them (sync): local-only rules such as status transitions are not re-checked.
SYNC_ACTOR_PREFIX = "sync:"


def current_actor() -> str | None:
    return getattr(_state, "actor", None)


@contextmanager
def acting_as(actor: str | None) -> Iterator[None]:
    """Attribute every write made by this thread inside the block to `actor`."""
    previous = current_actor()
    _state.actor = actor
    try:
        yield
    finally:
        _state.actor = previous


def prepare_connection(conn: sqlite3.Connection) -> None:
    """Register the SQL functions the register's triggers need."""
    conn.create_function("intake_actor", 0, current_actor)
