"""Sync's clerk pages: the review queue and its actions, one row's history across offices, the
sync status (files waiting or refused, and what to do), and the key directory with its procedure.

Thin layers: check the clerk may see (or write) the register, call the plain functions of
``review``, ``resolve``, ``history``, ``status``, ``directory``, render a template.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from datasette.utils.asgi import Response

from ..domain.errors import IntakeError
from ..web.common import (
    BASE,
    actor_label,
    first,
    form_data,
    problem,
    register_for,
    render,
    with_rows,
)
from . import directory, history, resolve, review
from .status import read_status


async def review_page(datasette, request) -> Response:
    found = await register_for(datasette, request, write=False)
    if isinstance(found, Response):
        return found
    db, office = found
    settled = request.args.get("settled") == "1"
    items = await db.execute_fn(with_rows(lambda conn: review.items(conn, include_settled=settled)))
    batches = await db.execute_fn(
        with_rows(
            lambda conn: [
                dict(row)
                for row in conn.execute(
                    "SELECT b.id, u.name AS unit, b.received_at FROM batches AS b"
                    " LEFT JOIN units AS u ON u.id = b.unit_id ORDER BY b.received_at DESC"
                    " LIMIT 500"
                )
            ]
        )
    )
    context = {
        "db": db.name,
        "base": BASE,
        "office": office,
        "items": items,
        "settled": settled,
        "batches": batches,
        "kinds": review.KINDS,
        "message": request.args.get("done"),
        "error": request.args.get("error"),
        "actor": request.actor,
    }
    return await render(datasette, request, "intake_review.html", context, db=db.name)


ACTIONS: dict[str, Callable[..., Any]] = {
    "restore": lambda conn, actor, f: resolve.restore(conn, actor, f["table"], f["row_id"]),
    "restore-parent": lambda conn, actor, f: resolve.restore(conn, actor, f["table"], f["row_id"]),
    "delete": lambda conn, actor, f: resolve.delete(conn, actor, f["table"], f["row_id"]),
    "move": lambda conn, actor, f: resolve.move(conn, actor, f["row_id"], f["batch_id"].strip()),
    "accept": lambda conn, actor, f: resolve.accept_loser(
        conn, actor, f["table"], f["row_id"], f["value"]
    ),
    "decide": lambda conn, actor, f: resolve.decide(conn, actor, f["item"], f["value"], f["note"]),
}
DONE = {
    "restore": "已恢复",
    "restore-parent": "已恢复",
    "delete": "已删除",
    "move": "已移到所选批次",
    "accept": "已改用落选的值",
    "decide": "已记录处理意见",
}


async def review_action(datasette, request) -> Response:
    found = await register_for(datasette, request, write=True)
    if isinstance(found, Response):
        return found
    db, _office = found
    form = await form_data(request)
    fields = {
        key: first(form, key)
        for key in ("action", "table", "row_id", "value", "item", "batch_id", "note")
    }
    target = f"{BASE}/{quote(db.name)}/review"
    action = ACTIONS.get(fields["action"])
    if action is None:
        return Response.redirect(f"{target}?error={quote('未知的操作')}")
    actor = actor_label(request.actor) or ""
    try:
        await db.execute_write_fn(
            with_rows(lambda conn: action(conn, actor, fields)), request=request
        )
    except IntakeError as problem:
        return Response.redirect(f"{target}?error={quote(problem.message)}")
    return Response.redirect(f"{target}?done={quote(DONE[fields['action']])}")


async def history_page(datasette, request) -> Response:
    found = await register_for(datasette, request, write=False)
    if isinstance(found, Response):
        return found
    db, office = found
    table, row_id = request.url_vars["table"], request.url_vars["row_id"]
    if table not in history.TABLES:
        return await problem(datasette, request, "找不到记录", "没有这种记录。", 404)
    story = await db.execute_fn(with_rows(lambda conn: history.row_history(conn, table, row_id)))
    if story is None:
        return await problem(
            datasette, request, "找不到记录", "本登记簿没有该记录的任何版本。", 404
        )
    context = {"db": db.name, "base": BASE, "office": office, "h": story, "actor": request.actor}
    return await render(datasette, request, "intake_history.html", context, db=db.name)


async def sync_page(datasette, request) -> Response:
    found = await register_for(datasette, request, write=False)
    if isinstance(found, Response):
        return found
    db, office = found
    status = await db.execute_fn(with_rows(read_status))
    from .watcher.startup import configured_inbox

    context = {
        "db": db.name,
        "base": BASE,
        "office": office,
        "s": status,
        "inbox": configured_inbox(datasette, db.name),
        "actor": request.actor,
    }
    return await render(datasette, request, "intake_sync.html", context, db=db.name)


async def keys_page(datasette, request) -> Response:
    found = await register_for(datasette, request, write=False)
    if isinstance(found, Response):
        return found
    db, office = found

    def read(conn):  # type: ignore[no-untyped-def]
        central = directory.central_key(conn)
        (version,) = conn.execute(
            "SELECT COALESCE(MAX(version), 0) FROM _sync_directory"
        ).fetchone()
        return {
            "central": directory.fingerprint(central) if central else None,
            "version": version,
            "keys": directory.listing(conn),
        }

    data = await db.execute_fn(with_rows(read))
    context = {
        "db": db.name,
        "base": BASE,
        "office": office,
        "phone": directory.committee_phone(),
        "actor": request.actor,
        **data,
    }
    return await render(datasette, request, "intake_keys.html", context, db=db.name)


def routes() -> list[tuple[str, Callable[..., Any]]]:
    db = r"(?P<database>[^/]+)"
    return [
        (rf"^{BASE}/{db}/review$", review_page),
        (rf"^{BASE}/{db}/review/act$", review_action),
        (rf"^{BASE}/{db}/history/(?P<table>[a-z_]+)/(?P<row_id>[^/]+)$", history_page),
        (rf"^{BASE}/{db}/sync$", sync_page),
        (rf"^{BASE}/{db}/keys$", keys_page),
    ]
