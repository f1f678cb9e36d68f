"""Hybrid logical clock: physical milliseconds and a logical counter packed in one integer.

A clock value is ``milliseconds << 16 | counter``. A new local event takes
``max(last + 1, now << 16)``, so clocks only grow and stay close to wall time; when a change
file arrives the local clock first moves up to the largest clock it carries (``receive``), so
an edit made after an import is ordered after what was imported. Versions are ordered by
``(clock, office)``: the office code breaks the (rare) ties deterministically.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

COUNTER_BITS = 16

# SQL expression for "now" in milliseconds since the epoch (SQLite 3.40 has no unixepoch('subsec')).
SQL_NOW_MS = "CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)"

# SQL expression for the next local clock, given the last one in column ``hlc``.
SQL_TICK = f"MAX(hlc + 1, {SQL_NOW_MS} << {COUNTER_BITS})"

# Clocks further ahead of this machine's wall time are refused (a wrong PC clock would win every
# conflict for years and drag every register's clock along).
MAX_FUTURE_MS = 2 * 24 * 3600 * 1000


def now_clock(now_ms: int | None = None) -> int:
    """The clock value of the present instant with a zero counter."""
    if now_ms is None:
        now_ms = time.time_ns() // 1_000_000
    return now_ms << COUNTER_BITS


def tick(last: int, now_ms: int | None = None) -> int:
    """The next local clock after ``last``."""
    return max(last + 1, now_clock(now_ms))


def receive(last: int, remote: int) -> int:
    """The local clock after seeing a remote clock (the next tick will be above both)."""
    return max(last, remote)


def wins(clock: int, office: str, other_clock: int, other_office: str) -> bool:
    """Does version (clock, office) come after (other_clock, other_office)?"""
    return (clock, office) > (other_clock, other_office)


def too_far_ahead(clock: int, now_ms: int | None = None) -> bool:
    """Is the clock more than ``MAX_FUTURE_MS`` ahead of this machine's wall time?"""
    if now_ms is None:
        now_ms = time.time_ns() // 1_000_000
    return (clock >> COUNTER_BITS) > now_ms + MAX_FUTURE_MS


def to_datetime(clock: int) -> datetime:
    """The wall-clock instant (UTC) a clock value stands for."""
    return datetime.fromtimestamp((clock >> COUNTER_BITS) / 1000, tz=UTC)


def to_text(clock: int) -> str:
    """A clock value as Beijing time, for clerks (e.g. 2023-09-20 09:15)."""
    return (to_datetime(clock) + timedelta(hours=8)).strftime("%Y-%m-%d %H:%M")
