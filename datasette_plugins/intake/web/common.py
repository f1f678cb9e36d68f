"""What every clerk's page shares: the register named in the URL, permission checks, forms,
rendering with the one Chinese layout (``templates/intake_base.html``)."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote

from datasette.database import Database
from datasette.resources import DatabaseResource, TableResource
from datasette.utils.asgi import Response

from ..accounts.store import ROLES
from ..domain import clock, statuses
from ..domain.offices import load_offices
from .state import state

BASE = "/-/intake"
# Datasette's own templates the register overrides with its Chinese layout.
LAYOUT_TEMPLATES = ("error.html", "csrf_error.html")
STATIC = Path(__file__).resolve().parent / "static"


def actor_label(actor: dict[str, Any] | None) -> str | None:
    """The id written to the audit log; API-token writes are marked as such."""
    if not actor or not actor.get("id"):
        return None
    label = str(actor["id"])
    return f"{label}#token" if actor.get("token") else label


def display_name(actor: dict[str, Any] | None) -> str:
    """The name a receipt shows for the person acting (falls back on the account id)."""
    if not actor:
        return ""
    return str(actor.get("name") or actor.get("id") or "")


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


@cache
def _asset_version(name: str) -> str:
    return hashlib.sha256((STATIC / name).read_bytes()).hexdigest()[:10]


def asset(name: str) -> str:
    """The URL of a file of web/static/, versioned by its content (cached for a year)."""
    return f"{BASE}/static/{name}?v={_asset_version(name)}"


def office_name(code: str | None) -> str:
    office = load_offices().get(code or "")
    return office.name if office else str(code or "")


def review_count(conn: sqlite3.Connection) -> int | None:
    """Open items of the sync stream's review queue, or None while that queue does not exist."""
    try:
        from ..sync import review  # the sync stream's module (issue 13)
    except ImportError:
        return None
    return int(review.open_count(conn))


# What every template of the register may use, whatever renders it (Jinja globals).
GLOBALS: dict[str, Any] = {
    "base": BASE,
    "asset": asset,
    "labels": statuses.LABELS,
    "badges": statuses.BADGES,
    "local_time": clock.local_text,
    "human_time": clock.human_text,
    "machine_time": clock.machine_text,
    "quote": quote,
}


def layout(datasette: Any, request: Any, db: str | None = None) -> dict[str, Any]:
    """The layout's context: who is signed in, their register, the navigation."""
    actor = getattr(request, "actor", None) if request is not None else None
    office = actor.get("office") if actor else None
    db = db or (state(datasette).database_for(office) if actor else None)
    return {
        **GLOBALS,
        "me": actor,
        "role_label": ROLES.get(str(actor.get("role")), "") if actor else "",
        "nav_db": db,
        "nav_office": office_name(state(datasette).offices.get(db or "", office)),
        "path": request.path if request is not None else "",
    }


async def render(
    datasette: Any, request: Any, template: str, context: dict[str, Any], status: int = 200,
    db: str | None = None,
) -> Response:  # fmt: skip
    full = {**layout(datasette, request, db), **context}
    html = await datasette.render_template(template, full, request=request)
    return Response.html(html, status=status)


async def problem(datasette: Any, request: Any, title: str, message: str, status: int) -> Response:
    context = {"title": title, "message": message, "status": status}
    return await render(datasette, request, "intake_problem.html", context, status)


async def login_redirect(request: Any) -> Response:
    target = request.full_path if request.method == "GET" else f"{BASE}/"
    return Response.redirect(f"{BASE}/login?next={quote(target, safe='')}")


async def register_for(
    datasette: Any, request: Any, *, write: bool
) -> tuple[Database, str] | Response:
    """The register named in the URL, after checking the actor may see (or write) it."""
    name = request.url_vars["database"]
    if not request.actor:
        return await login_redirect(request)
    if name not in datasette.databases or name not in state(datasette).offices:
        return await problem(
            datasette, request, "找不到登记簿", f"没有名为“{name}”的受理登记簿。", 404
        )
    db = datasette.get_database(name)
    office = state(datasette).offices[name]
    if not await datasette.allowed(
        action="view-database", resource=DatabaseResource(name), actor=request.actor
    ):
        return await problem(datasette, request, "无权查看", "您无权查看该受理点的登记簿。", 403)
    if write:
        for table, action in (("batches", "update-row"), ("applicants", "insert-row")):
            if not await datasette.allowed(
                action=action, resource=TableResource(name, table), actor=request.actor
            ):
                return await problem(
                    datasette, request, "无权写入", "您只能在本受理点的登记簿中登记收件。", 403
                )
    return db, office


async def form_data(request: Any) -> dict[str, list[str]]:
    body = (await request.post_body()).decode("utf-8", errors="replace")
    values: dict[str, list[str]] = {}
    for key, value in parse_qsl(body, keep_blank_values=True):
        values.setdefault(key, []).append(value)
    return values


def first(form: dict[str, list[str]], key: str) -> str:
    return (form.get(key) or [""])[0]


def safe_next(target: str | None) -> str:
    """Where to go after logging in: a path of the register's pages only (no open redirect)."""
    if target and target.startswith(f"{BASE}/") and "//" not in target and "\\" not in target:
        return target
    return f"{BASE}/"
