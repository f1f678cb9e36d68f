"""The receipt (回执) of a batch, and the steps a clerk takes from it (forward, return, reopen)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from datasette.utils.asgi import Response

from ..domain import statuses
from ..domain.errors import IntakeError
from ..domain.fields import ROUTES
from ..records import store
from ..records.receipts import load_receipt
from .common import (
    BASE,
    actor_label,
    display_name,
    first,
    form_data,
    problem,
    register_for,
    render,
    with_rows,
)


async def _show(
    datasette: Any, request: Any, db: Any, office: str, batch_id: str, error: str = "",
    status: int = 200,
) -> Response:  # fmt: skip
    try:
        receipt = await db.execute_fn(with_rows(lambda conn: load_receipt(conn, batch_id)))
    except IntakeError as missing:
        return await problem(datasette, request, "找不到批次", missing.message, 404)
    context = {
        "db": db.name,
        "office": office,
        "r": receipt,
        "routes": ROUTES,
        "actions": statuses.actions_from(str(receipt.batch["status"])),
        "action_labels": statuses.ACTIONS,
        "open": receipt.batch["status"] in statuses.OPEN,
        "error": error,
    }
    return await render(datasette, request, "intake_receipt.html", context, status, db=db.name)


async def receipt_page(datasette: Any, request: Any) -> Response:
    found = await register_for(datasette, request, write=False)
    if isinstance(found, Response):
        return found
    db, office = found
    return await _show(datasette, request, db, office, request.url_vars["batch_id"])


async def status_action(datasette: Any, request: Any) -> Response:
    found = await register_for(datasette, request, write=True)
    if isinstance(found, Response):
        return found
    db, office = found
    batch_id = request.url_vars["batch_id"]
    form = await form_data(request)
    actor = actor_label(request.actor) or ""
    name = display_name(request.actor)
    try:
        await db.execute_write_fn(
            with_rows(
                lambda conn: store.set_batch_status(
                    conn, actor, batch_id, first(form, "status"), first(form, "reason"), name
                )
            ),
            request=request,
        )
    except IntakeError as refused:
        return await _show(datasette, request, db, office, batch_id, refused.message, 400)
    return Response.redirect(f"{BASE}/{quote(db.name)}/receipt/{quote(batch_id)}")
