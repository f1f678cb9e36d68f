"""Who is asking: the register's session cookie or API token → a Datasette actor.

The actor is looked up in the accounts file on every request (a few tens of microseconds), so a
session ended by logout or a password change in one worker process is ended in all of them.
Datasette's own ``ds_actor`` cookie is never issued and is ignored (``gate.py`` removes it).
"""

from __future__ import annotations

from http.cookies import SimpleCookie
from typing import Any

from datasette.tokens import TokenRestrictions

from ..accounts.store import TOKEN_PREFIX, Account, Token
from ..schema.tables import SYNCED_TABLES
from .state import state

SESSION_COOKIE = "intake_session"
SCOPE_KEY = "intake.actor"


def _headers(scope: dict[str, Any]) -> dict[bytes, bytes]:
    return {name.lower(): value for name, value in scope.get("headers") or []}


def cookies(scope: dict[str, Any]) -> dict[str, str]:
    raw = _headers(scope).get(b"cookie", b"").decode("latin-1")
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(raw)
    except Exception:  # noqa: BLE001 - a malformed Cookie header is no session
        return {}
    return {key: morsel.value for key, morsel in jar.items()}


def address(scope: dict[str, Any]) -> str:
    client = scope.get("client")
    return str(client[0]) if client else "unknown"


def user_agent(scope: dict[str, Any]) -> str:
    return _headers(scope).get(b"user-agent", b"").decode("latin-1")[:200]


def is_https(datasette: Any, scope: dict[str, Any]) -> bool:
    return scope.get("scheme") == "https" or bool(datasette.setting("force_https_urls"))


def _token_restrictions(datasette: Any, token: Token) -> dict[str, Any] | None:
    limits = TokenRestrictions().allow_all("view-instance")
    limits.allow_database(token.database, "view-database")
    limits.allow_database(token.database, "view-table")
    if token.scope == "write":
        for table in SYNCED_TABLES:
            for action in ("insert-row", "update-row", "delete-row"):
                limits.allow_resource(token.database, table, action)
    return limits.abbreviated(datasette)


def session_actor(account: Account, session_id: str) -> dict[str, Any]:
    return {**account.actor(), "session": session_id[:16]}


def resolve(datasette: Any, scope: dict[str, Any]) -> dict[str, Any] | None:
    """The actor of this request (cached in the ASGI scope), or None."""
    if SCOPE_KEY in scope:
        return scope[SCOPE_KEY]
    actor = None
    store = state(datasette).store
    if store is not None:
        authorization = _headers(scope).get(b"authorization", b"").decode("latin-1")
        if authorization.startswith("Bearer " + TOKEN_PREFIX):
            found = store.token_account(authorization[len("Bearer ") :].strip())
            if found is not None:
                account, token = found
                actor = {**account.actor(), "token": token.id}
                restrictions = _token_restrictions(datasette, token)
                if restrictions:
                    actor["_r"] = restrictions
        else:
            value = cookies(scope).get(SESSION_COOKIE)
            found_session = store.session_account(value) if value else None
            if found_session is not None:
                actor = session_actor(*found_session)
    scope[SCOPE_KEY] = actor
    return actor


def set_session_cookie(response: Any, token: str, max_age: int, secure: bool) -> None:
    response.set_cookie(
        SESSION_COOKIE, token, max_age=max_age, httponly=True, samesite="lax", secure=secure
    )


def clear_session_cookie(response: Any, secure: bool) -> None:
    response.set_cookie(SESSION_COOKIE, "", max_age=0, httponly=True, samesite="lax", secure=secure)
