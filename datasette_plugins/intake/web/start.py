"""The office's start page: today's intake, the review queue's count (``queue.py``), the
deadline."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from typing import Any

from datasette.utils.asgi import Response

from ..domain import clock
from ..records.dashboard import deadline
from ..records.receipts import receipt_text
from .common import office_name, register_for, render, with_rows
from .queue import open_count

SHOWN = 30  # today's batches listed, newest first (the figures count them all)


def today_intake(conn: sqlite3.Connection) -> dict[str, Any]:
    """Today's (Asia/Shanghai) figures, and the latest batches received today with their
    people, newest first."""
    day = clock.today()
    span = (
        f"{day.isoformat()}T00:00:00+08:00",
        f"{(day + timedelta(days=1)).isoformat()}T00:00:00+08:00",
    )
    figures = conn.execute(
        "SELECT count(*), coalesce(sum(b.status = 'incomplete'), 0),"
        " (SELECT count(*) FROM applicants a JOIN batches t ON t.id = a.batch_id"
        "  WHERE t.received_at >= ?1 AND t.received_at < ?2)"
        " FROM batches b WHERE b.received_at >= ?1 AND b.received_at < ?2",
        span,
    ).fetchone()
    batches = [
        dict(row)
        for row in conn.execute(
            "SELECT b.id, b.office, b.receipt_no, b.received_at, b.status, b.clerk,"
            " u.name AS unit,"
            " (SELECT count(*) FROM applicants a WHERE a.batch_id = b.id) AS people"
            " FROM batches b JOIN units u ON u.id = b.unit_id"
            " WHERE b.received_at >= ? AND b.received_at < ? ORDER BY b.received_at DESC"
            f" LIMIT {SHOWN}",
            span,
        )
    ]
    for batch in batches:
        batch["receipt"] = receipt_text(batch["office"], batch["receipt_no"])
    return {
        "batches": batches,
        "count": int(figures[0]),
        "people": int(figures[2]),
        "incomplete": int(figures[1]),
    }


async def start_page(datasette: Any, request: Any) -> Response:
    found = await register_for(datasette, request, write=False)
    if isinstance(found, Response):
        return found
    db, office = found
    today = await db.execute_fn(with_rows(today_intake))
    today["queue"] = await open_count(datasette, db)
    context = {
        "db": db.name,
        "office": office,
        "office_name": office_name(office),
        "today": today,
        "day": clock.local_text(clock.now()).split(" ")[0],
        "deadline": deadline(clock.today()),
    }
    return await render(datasette, request, "intake_start.html", context, db=db.name)
