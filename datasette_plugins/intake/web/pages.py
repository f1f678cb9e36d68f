"""The plugin's routes: intake page, receipt, status steps, units, dashboard. Thin layers only:
parse the request, check permissions, call store/receipts/dashboard, render a template."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl, quote

from datasette.database import Database
from datasette.resources import DatabaseResource, TableResource
from datasette.utils.asgi import Response

from ..domain import clock, statuses
from ..domain.copies import paper_clause, paper_items
from ..domain.errors import IntakeError
from ..domain.fields import ROUTES
from ..domain.offices import COMMITTEE_CODE, load_offices
from ..records import store
from ..records.dashboard import deadline, office_figures, totals
from ..records.receipts import load_receipt
from ..schema.registers import register_office
from .charts import stacked_bars
from .rules_js import rules_js

BASE = "/-/intake"


def actor_label(actor: dict[str, Any] | None) -> str | None:
    """The id written to the audit log; API-token writes are marked as such."""
    if not actor or not actor.get("id"):
        return None
    label = str(actor["id"])
    return f"{label}#token" if actor.get("token") else label


def with_rows(fn: Callable[[sqlite3.Connection], Any]) -> Callable[[sqlite3.Connection], Any]:
    """Run fn with sqlite3.Row rows on Datasette's connection, restoring its row factory."""

    def run(conn: sqlite3.Connection) -> Any:
        previous = conn.row_factory
        conn.row_factory = sqlite3.Row
        try:
            return fn(conn)
        finally:
            conn.row_factory = previous

    return run


async def _page(datasette, request, template: str, context: dict[str, Any], status: int = 200):
    html = await datasette.render_template(template, context, request=request)
    return Response.html(html, status=status)


async def _problem(datasette, request, title: str, message: str, status: int) -> Response:
    context = {"title": title, "message": message, "login": not request.actor}
    return await _page(datasette, request, "intake_problem.html", context, status)


async def _register(datasette, request, *, write: bool) -> tuple[Database, str] | Response:
    """The register named in the URL, after checking the actor may see (or write) it."""
    name = request.url_vars["database"]
    if not request.actor:
        return await _problem(datasette, request, "请先登录", "受理登记簿仅供受理人员使用。", 403)
    if name not in datasette.databases:
        return await _problem(
            datasette, request, "找不到登记簿", f"没有名为“{name}”的登记簿。", 404
        )
    db = datasette.get_database(name)
    office = await db.execute_fn(register_office)
    if office is None:
        return await _problem(
            datasette, request, "不是受理登记簿", f"“{name}”不是受理登记簿。", 404
        )
    if not await datasette.allowed(
        action="view-database", resource=DatabaseResource(name), actor=request.actor
    ):
        return await _problem(datasette, request, "无权查看", "您无权查看该受理点的登记簿。", 403)
    if write:
        for table in ("batches", "applicants"):
            if not await datasette.allowed(
                action="update-row" if table == "batches" else "insert-row",
                resource=TableResource(name, table),
                actor=request.actor,
            ):
                return await _problem(
                    datasette, request, "无权写入", "您只能在本受理点的登记簿中登记收件。", 403
                )
    return db, office


async def _form(request) -> dict[str, list[str]]:
    body = (await request.post_body()).decode("utf-8", errors="replace")
    values: dict[str, list[str]] = {}
    for key, value in parse_qsl(body, keep_blank_values=True):
        values.setdefault(key, []).append(value)
    return values


def _first(form: dict[str, list[str]], key: str) -> str:
    return (form.get(key) or [""])[0]


def _batch_input(form: dict[str, list[str]]) -> store.BatchInput:
    columns = (
        "a_id",
        "a_position",
        "a_name",
        "a_id_number",
        "a_route",
        "a_review",
        "a_exceptional",
    )
    count = max((len(form.get(c, [])) for c in columns), default=0)
    people = []
    for i in range(count):
        value = {c: (form.get(c) or [])[i] if i < len(form.get(c) or []) else "" for c in columns}
        if not value["a_name"].strip() and not value["a_id_number"].strip():
            continue  # the empty row kept open for typing
        people.append(
            store.ApplicantInput(
                name=value["a_name"],
                id_number=value["a_id_number"],
                route=value["a_route"],
                review_form_copies=value["a_review"],
                exceptional_form_copies=value["a_exceptional"],
                position=value["a_position"] or None,
                id=value["a_id"] or None,
            )
        )
    return store.BatchInput(
        unit=_first(form, "unit"),
        mandate_copies=_first(form, "mandate_copies"),
        roster_copies=_first(form, "roster_copies"),
        courier=_first(form, "courier"),
        note=_first(form, "note"),
        received_at=_first(form, "received_at"),
        applicants=people,
        batch_id=_first(form, "batch_id") or None,
    )


def _intake_data(batch_id: str | None) -> Callable[[sqlite3.Connection], dict[str, Any]]:
    def read(conn: sqlite3.Connection) -> dict[str, Any]:
        units = [r[0] for r in conn.execute("SELECT name FROM units ORDER BY name LIMIT 5000")]
        recent = [
            dict(r)
            for r in conn.execute(
                "SELECT b.id, b.received_at, b.status, b.clerk, u.name AS unit,"
                " (SELECT count(*) FROM applicants a WHERE a.batch_id = b.id) AS people"
                " FROM batches b JOIN units u ON u.id = b.unit_id"
                " ORDER BY b.received_at DESC LIMIT 15"
            )
        ]
        batch, people = None, []
        if batch_id:
            row = conn.execute(
                "SELECT b.*, u.name AS unit FROM batches b JOIN units u ON u.id = b.unit_id"
                " WHERE b.id = ?",
                (batch_id,),
            ).fetchone()
            if row is not None:
                batch = dict(row)
                people = [
                    dict(r)
                    for r in conn.execute(
                        "SELECT * FROM applicants WHERE batch_id = ? ORDER BY roster_position",
                        (batch_id,),
                    )
                ]
        return {"units": units, "recent": recent, "batch": batch, "people": people}

    return read


def _paper_numbers() -> dict[str, int]:
    return {item.id: item.copies for item in paper_items()}


async def intake_page(datasette, request) -> Response:
    found = await _register(datasette, request, write=request.method == "POST")
    if isinstance(found, Response):
        return found
    db, office = found
    error: IntakeError | None = None
    submitted: store.BatchInput | None = None
    if request.method == "POST":
        submitted = _batch_input(await _form(request))
        actor = actor_label(request.actor) or ""
        try:
            batch_id = await db.execute_write_fn(
                with_rows(lambda conn: store.save_batch(conn, actor, submitted)), request=request
            )
        except IntakeError as problem:
            error = problem
        else:
            return Response.redirect(f"{BASE}/{quote(db.name)}/receipt/{quote(batch_id)}")
    batch_id = submitted.batch_id if submitted else request.args.get("batch")
    data = await db.execute_fn(with_rows(_intake_data(batch_id)))
    if submitted is not None:
        form = {
            "unit": submitted.unit,
            "courier": submitted.courier,
            "mandate_copies": submitted.mandate_copies,
            "roster_copies": submitted.roster_copies,
            "received_at": submitted.received_at,
            "note": submitted.note,
            "batch_id": submitted.batch_id or "",
        }
        rows = [
            {
                "id": p.id or "",
                "roster_position": p.position or "",
                "name": p.name,
                "id_number": p.id_number,
                "route": p.route,
                "review_form_copies": p.review_form_copies,
                "exceptional_form_copies": p.exceptional_form_copies,
            }
            for p in submitted.applicants
        ]
    else:
        batch = data["batch"] or {}
        form = {
            "unit": batch.get("unit", ""),
            "courier": batch.get("courier") or "",
            "mandate_copies": "",
            "roster_copies": "",
            "received_at": "",
            "note": batch.get("note") or "",
            "batch_id": batch.get("id", ""),
        }
        rows = [
            {**p, "review_form_copies": "", "exceptional_form_copies": ""} for p in data["people"]
        ]
    context = {
        "db": db.name,
        "base": BASE,
        "office": office,
        "office_name": _office_name(office),
        "units": data["units"],
        "recent": data["recent"],
        "form": form,
        "rows": rows,
        "routes": ROUTES,
        "paper": _paper_numbers(),
        "clause": paper_clause(),
        "error": error,
        "labels": statuses.LABELS,
        "actor": request.actor,
    }
    return await _page(datasette, request, "intake_page.html", context, 400 if error else 200)


def _office_name(code: str) -> str:
    office = load_offices().get(code)
    return office.name if office else code


async def receipt_page(datasette, request) -> Response:
    found = await _register(datasette, request, write=False)
    if isinstance(found, Response):
        return found
    db, office = found
    batch_id = request.url_vars["batch_id"]
    try:
        receipt = await db.execute_fn(with_rows(lambda conn: load_receipt(conn, batch_id)))
    except IntakeError as problem:
        return await _problem(datasette, request, "找不到批次", problem.message, 404)
    context = {
        "db": db.name,
        "base": BASE,
        "office": office,
        "r": receipt,
        "routes": ROUTES,
        "labels": statuses.LABELS,
        "error": request.args.get("error"),
        "actor": request.actor,
    }
    return await _page(datasette, request, "intake_receipt.html", context)


async def status_action(datasette, request) -> Response:
    found = await _register(datasette, request, write=True)
    if isinstance(found, Response):
        return found
    db, _office = found
    batch_id = request.url_vars["batch_id"]
    form = await _form(request)
    actor = actor_label(request.actor) or ""
    target = f"{BASE}/{quote(db.name)}/receipt/{quote(batch_id)}"
    try:
        await db.execute_write_fn(
            with_rows(
                lambda conn: store.set_batch_status(
                    conn, actor, batch_id, _first(form, "status"), _first(form, "reason")
                )
            ),
            request=request,
        )
    except IntakeError as problem:
        return Response.redirect(f"{target}?error={quote(problem.message)}")
    return Response.redirect(target)


async def unit_action(datasette, request) -> Response:
    found = await _register(datasette, request, write=True)
    if isinstance(found, Response):
        return found
    db, _office = found
    form = await _form(request)
    actor = actor_label(request.actor) or ""
    try:
        await db.execute_write_fn(
            with_rows(
                lambda conn: store.add_unit(
                    conn, actor, _first(form, "unit_name"), _first(form, "credit_code")
                )
            ),
            request=request,
        )
    except IntakeError as problem:
        return await _problem(datasette, request, "单位未登记", problem.message, 400)
    return Response.redirect(
        f"{BASE}/{quote(db.name)}?unit_added={quote(_first(form, 'unit_name'))}"
    )


async def dashboard_page(datasette, request) -> Response:
    found = await _register(datasette, request, write=False)
    if isinstance(found, Response):
        return found
    db, office = found
    items = await db.execute_fn(office_figures)
    committee = office == COMMITTEE_CODE
    context = {
        "db": db.name,
        "base": BASE,
        "office": office,
        "office_name": _office_name(office),
        "committee": committee,
        "items": items,
        "total": totals(items),
        "deadline": deadline(clock.today()),
        "chart": stacked_bars(items) if committee else "",
        "labels": statuses.LABELS,
        "actor": request.actor,
    }
    return await _page(datasette, request, "intake_dashboard.html", context)


async def rules_script(datasette, request) -> Response:
    """The page's live checks, generated from the rules' one definition (web/rules_js.py)."""
    return Response(
        rules_js(),
        content_type="text/javascript; charset=utf-8",
        headers={"Cache-Control": "no-cache"},
    )


def routes() -> list[tuple[str, Callable[..., Any]]]:
    db = r"(?P<database>[^/]+)"
    return [
        (rf"^{BASE}/rules\.js$", rules_script),
        (rf"^{BASE}/{db}/?$", intake_page),
        (rf"^{BASE}/{db}/receipt/(?P<batch_id>[^/]+)$", receipt_page),
        (rf"^{BASE}/{db}/status/(?P<batch_id>[^/]+)$", status_action),
        (rf"^{BASE}/{db}/units$", unit_action),
        (rf"^{BASE}/{db}/dashboard$", dashboard_page),
    ]
