"""The clerk's applicants page (申报人): search as you type, filter by status.

Without JavaScript it is a plain GET form; with it, ``applicants.js`` fetches the results
fragment (``?fragment=1``) as the clerk types and announces one summary per change.
"""

from __future__ import annotations

from typing import Any

from datasette.utils.asgi import Response

from ..domain import statuses
from ..domain.fields import ROUTES
from ..records.receipts import receipt_text
from ..records.search import masked, search
from .common import register_for, render, with_rows


async def applicants_page(datasette: Any, request: Any) -> Response:
    found = await register_for(datasette, request, write=False)
    if isinstance(found, Response):
        return found
    db, office = found
    query = request.args.get("q", "")
    status = request.args.get("status", "")
    result = await db.execute_fn(with_rows(lambda conn: search(conn, query, status)))
    context = {
        "db": db.name,
        "office": office,
        "found": result,
        "raw_query": query[:80],
        "statuses": statuses.APPLICANT_STATUSES,
        "routes": ROUTES,
        "masked": masked,
        "receipt_text": receipt_text,
    }
    template = (
        "intake_applicants_results.html" if request.args.get("fragment") else
        "intake_applicants.html"
    )  # fmt: skip
    return await render(datasette, request, template, context, db=db.name)
