"""The dashboard (收件概况): batches and applicants by status, days to the deadline; at the
高评委办公室, per office with a chart."""

from __future__ import annotations

from typing import Any

from datasette.utils.asgi import Response

from ..domain import clock
from ..domain.offices import COMMITTEE_CODE
from ..records.dashboard import deadline, office_figures, totals
from .charts import stacked_bars
from .common import office_name, register_for, render
from .queue import open_count


async def dashboard_page(datasette: Any, request: Any) -> Response:
    found = await register_for(datasette, request, write=False)
    if isinstance(found, Response):
        return found
    db, office = found
    items = await db.execute_fn(office_figures)
    queue = await open_count(datasette, db)
    committee = office == COMMITTEE_CODE
    context = {
        "db": db.name,
        "office": office,
        "office_name": office_name(office),
        "committee": committee,
        "items": items,
        "total": totals(items),
        "deadline": deadline(clock.today()),
        "chart": stacked_bars(items) if committee else "",
        "review_count": queue,
    }
    return await render(datasette, request, "intake_dashboard.html", context, db=db.name)
