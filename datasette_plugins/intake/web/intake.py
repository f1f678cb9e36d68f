"""The intake page (收件登记): count a delivery's paper against 附件4 二 and save it; register
a unit. Thin: parse the form, call ``records.store``, render."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from datasette.utils.asgi import Response

from ..domain import clock
from ..domain.copies import paper
from ..domain.errors import IntakeError, IntakeProblems, SamePersonElsewhere
from ..domain.fields import ROUTES
from ..records import store
from ..records.receipts import receipt_text
from .common import (
    BASE,
    actor_label,
    display_name,
    first,
    form_data,
    office_name,
    register_for,
    render,
    with_rows,
)

# a_exceptional: copies of the applicant's route form, stored as exceptional_form_copies (the
# field is named after the column; domain/copies.py says why the column keeps its 2023 name).
ROW_FIELDS = ("a_id", "a_position", "a_name", "a_id_number", "a_route", "a_review", "a_exceptional")
# Where each field a store error names sits on the page (row fields: "a{row}-{name}").
BATCH_FIELD_IDS = {
    "unit": "unit",
    "courier": "courier",
    "received_at": "received_at",
    "mandate_copies": "mandate_copies",
    "roster_copies": "roster_copies",
    "note": "note",
}
ROW_FIELD_IDS = {
    "name": "name",
    "id_number": "id_number",
    "route": "route",
    "review_form_copies": "review",
    "exceptional_form_copies": "exceptional",
    "roster_position": "position",
}


def _rows_of(form: dict[str, list[str]]) -> list[dict[str, str]]:
    count = max((len(form.get(c, [])) for c in ROW_FIELDS), default=0)
    return [
        {c: (form.get(c) or [])[i] if i < len(form.get(c) or []) else "" for c in ROW_FIELDS}
        for i in range(count)
    ]


def batch_input(
    form: dict[str, list[str]], actor: dict[str, Any] | None
) -> tuple[store.BatchInput, list[int]]:
    """The delivery typed in the form, and for each applicant kept its 1-based form row."""
    people, form_rows = [], []
    for number, value in enumerate(_rows_of(form), start=1):
        if not any(
            value[c].strip() for c in ("a_name", "a_id_number", "a_review", "a_exceptional")
        ):
            continue  # an empty row kept open for typing
        form_rows.append(number)
        people.append(
            store.ApplicantInput(
                name=value["a_name"],
                id_number=value["a_id_number"],
                route=value["a_route"],
                review_form_copies=value["a_review"],
                route_form_copies=value["a_exceptional"],
                position=value["a_position"] or None,
                id=value["a_id"] or None,
            )
        )
    data = store.BatchInput(
        unit=first(form, "unit"),
        mandate_copies=first(form, "mandate_copies"),
        roster_copies=first(form, "roster_copies"),
        courier=first(form, "courier"),
        note=first(form, "note"),
        received_at=first(form, "received_at"),
        applicants=people,
        batch_id=first(form, "batch_id") or None,
        clerk_name=display_name(actor),
        confirm_same_person=first(form, "confirm_same_person") == "1",
    )
    return data, form_rows


def _intake_data(batch_id: str | None) -> Callable[[sqlite3.Connection], dict[str, Any]]:
    def read(conn: sqlite3.Connection) -> dict[str, Any]:
        units = [r[0] for r in conn.execute("SELECT name FROM units ORDER BY name LIMIT 5000")]
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
        return {"units": units, "batch": batch, "people": people}

    return read


def _problems(error: IntakeError | None, form_rows: list[int]) -> list[dict[str, Any]]:
    """Each problem with the id of the field it concerns (for the summary's links)."""
    if error is None or isinstance(error, SamePersonElsewhere):
        return []
    found = error.problems if isinstance(error, IntakeProblems) else [error]
    items = []
    for problem in found:
        row = form_rows[problem.row - 1] if problem.row and problem.row <= len(form_rows) else None
        if row is not None:
            target = f"a{row}-{ROW_FIELD_IDS.get(problem.field, 'name')}"
            text = f"第{row}行：{problem.message}"
        else:
            target = BATCH_FIELD_IDS.get(problem.field, "unit" if problem.field else "")
            if problem.field == "applicants":
                target = "a1-name"
            text = problem.message
        items.append({"target": target, "text": text, "row": row, "field": problem.field})
    return items


async def intake_page(datasette: Any, request: Any) -> Response:
    found = await register_for(datasette, request, write=request.method == "POST")
    if isinstance(found, Response):
        return found
    db, office = found
    error: IntakeError | None = None
    submitted: store.BatchInput | None = None
    form_rows: list[int] = []
    raw_rows: list[dict[str, str]] = []
    if request.method == "POST":
        form = await form_data(request)
        submitted, form_rows = batch_input(form, request.actor)
        raw_rows = _rows_of(form)
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
        form_values = {
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
                "id": r["a_id"],
                "roster_position": r["a_position"],
                "name": r["a_name"],
                "id_number": r["a_id_number"],
                "route": r["a_route"],
                "review_form_copies": r["a_review"],
                "exceptional_form_copies": r["a_exceptional"],
            }
            for r in raw_rows
        ]
    else:
        batch = data["batch"] or {}
        form_values = {
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
    problems = _problems(error, form_rows)
    same_person = error.found if isinstance(error, SamePersonElsewhere) else []
    for item in same_person:
        item["receipt"] = receipt_text(str(item["office"]), item["receipt_no"])
    context = {
        "db": db.name,
        "office": office,
        "office_name": office_name(office),
        "units": data["units"],
        "form": form_values,
        "rows": rows,
        "routes": ROUTES,
        "paper": paper(),
        "problems": problems,
        "invalid": {p["target"]: p["text"] for p in problems},
        "same_person": same_person,
        "submitted": submitted is not None,
        "now_hint": clock.now().strftime("%Y-%m-%d %H:%M"),
    }
    status = 409 if same_person else (400 if error else 200)
    return await render(datasette, request, "intake_page.html", context, status, db=db.name)


async def unit_action(datasette: Any, request: Any) -> Response:
    found = await register_for(datasette, request, write=True)
    if isinstance(found, Response):
        return found
    db, _office = found
    form = await form_data(request)
    actor = actor_label(request.actor) or ""
    name = first(form, "unit_name")
    try:
        await db.execute_write_fn(
            with_rows(lambda conn: store.add_unit(conn, actor, name, first(form, "credit_code"))),
            request=request,
        )
    except IntakeError as problem:
        context = {"db": db.name, "unit_error": problem.message, "unit_name": name}
        return await render(datasette, request, "intake_unit.html", context, 400, db=db.name)
    return Response.redirect(f"{BASE}/{quote(db.name)}/receive?unit_added={quote(name.strip())}")
