"""Logging in and out, the account page (password, sessions, API tokens), and the start route.

Login: throttled per account and per address (``accounts/throttle.py``); an unknown username
is checked against a dummy hash of the same cost, so it takes as long as a known one. A session
lasts a working day; logout and a password change end sessions in every worker process.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from functools import cache
from typing import Any

from datasette.utils.asgi import Response

from ..accounts import passwords, throttle
from ..accounts.store import (
    MAX_TOKEN_LIFETIME,
    ROLES,
    TOKEN_LIFETIMES,
    TOKEN_SCOPES,
    WORKING_DAY,
)
from ..domain import clock
from . import auth
from .common import BASE, first, form_data, problem, render, safe_next
from .state import state

LOGIN_FAILED = "用户名或密码不正确"
LABEL_MAX = 30


@cache
def _dummy_hash(iterations: int) -> str:
    return passwords.dummy_hash(iterations)


def _dummy(datasette: Any) -> str:
    """A hash as costly as the accounts' own (the most iterations any account uses)."""
    store = state(datasette).store
    counts = [passwords.iterations_of(a.password_hash) for a in store.accounts()] if store else []
    return _dummy_hash(max(counts, default=passwords.ITERATIONS))


async def _login_page(
    datasette: Any, request: Any, error: str = "", username: str = "", status: int = 200,
    notice: str = "",
) -> Response:  # fmt: skip
    context = {
        "error": error,
        "notice": notice,
        "username": username,
        "next": safe_next(request.args.get("next")),
    }
    return await render(datasette, request, "intake_login.html", context, status)


async def login(datasette: Any, request: Any) -> Response:
    store = state(datasette).store
    if store is None:
        return await problem(datasette, request, "未配置账号", "本服务没有配置受理人员账号。", 503)
    if request.method != "POST":
        if request.actor and request.actor.get("session"):
            return Response.redirect(safe_next(request.args.get("next")))
        notice = "已退出登录。" if request.args.get("out") else ""
        return await _login_page(datasette, request, notice=notice)
    form = await form_data(request)
    username = first(form, "username").strip()[:60]
    password = first(form, "password")[:200]
    address = auth.address(request.scope)
    keys = {
        throttle.account_key(username): throttle.ACCOUNT,
        throttle.address_key(address): throttle.ADDRESS,
    }
    wait = store.locked_for(keys)
    if wait > 0:
        message = f"登录失败次数过多，请 {throttle.wait_text(wait)}后再试。"
        return await _login_page(datasette, request, message, username, 429)
    account = store.account(username) if username else None
    usable = account is not None and not account.disabled
    stored = account.password_hash if usable and account else _dummy(datasette)
    matches = await asyncio.to_thread(passwords.verify_password, password, stored)
    if not (usable and matches and account):
        await asyncio.to_thread(store.record_failure, keys, username, address)
        return await _login_page(datasette, request, LOGIN_FAILED, username, 400)
    store.clear_failures(throttle.account_key(username))
    token, _expires = store.start_session(account.username, address, auth.user_agent(request.scope))
    form_next = first(form, "next")
    response = Response.redirect(safe_next(form_next))
    auth.set_session_cookie(
        response, token, int(WORKING_DAY.total_seconds()), auth.is_https(datasette, request.scope)
    )
    return response


def _when(timestamp: float) -> datetime:
    return datetime.fromtimestamp(timestamp, clock.TIMEZONE)


def _token_state(token: Any, now: float) -> str:
    if token.revoked_at:
        return "已作废"
    return "已过期" if token.expires_at <= now else "有效"


def _browser(user_agent: str) -> str:
    for marker, name in (("Edg/", "Edge"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome"),
                         ("Safari/", "Safari")):  # fmt: skip
        if marker in user_agent:
            return name
    return user_agent[:30] or "未知"


def _session_cookie(request: Any) -> str | None:
    return auth.cookies(request.scope).get(auth.SESSION_COOKIE)


async def logout(datasette: Any, request: Any) -> Response:
    store = state(datasette).store
    if request.method != "POST":
        return Response.redirect(f"{BASE}/account" if request.actor else f"{BASE}/login")
    token = _session_cookie(request)
    if store is not None and token:
        store.end_session(token, "logout", auth.address(request.scope))
    response = Response.redirect(f"{BASE}/login?out=1")
    auth.clear_session_cookie(response, auth.is_https(datasette, request.scope))
    return response


def _session_actor(request: Any) -> dict[str, Any] | None:
    """Only a signed-in person (not an API token) manages an account."""
    actor = request.actor
    return actor if actor and actor.get("session") else None


async def account_page(
    datasette: Any, request: Any, *, error: str = "", field: str = "", notice: str = "",
    new_token: str = "", status: int = 200,
) -> Response:  # fmt: skip
    actor = _session_actor(request)
    store = state(datasette).store
    if actor is None or store is None:
        return Response.redirect(f"{BASE}/login?next={BASE}/account")
    now = clock.now().timestamp()
    context = {
        "account_role": ROLES.get(str(actor.get("role")), ""),
        "sessions": [
            {
                "created": _when(s.created_at),
                "expires": _when(s.expires_at),
                "address": s.address or "",
                "browser": _browser(s.user_agent or ""),
                "this": s.token_hash.startswith(actor["session"]),
            }
            for s in store.sessions(actor["id"])
        ],
        "tokens": [
            {
                "id": tok.id,
                "label": tok.label,
                "scope": TOKEN_SCOPES.get(tok.scope, tok.scope).split("：")[0],
                "created": _when(tok.created_at),
                "expires": _when(tok.expires_at),
                "last_used": _when(tok.last_used_at) if tok.last_used_at else None,
                "state": _token_state(tok, now),
                "active": tok.active(now),
            }
            for tok in store.tokens(actor["id"])
        ],
        "lifetimes": TOKEN_LIFETIMES,
        "scopes": TOKEN_SCOPES,
        "error": error,
        "error_field": field,
        "notice": notice or {"password": "密码已修改，其他设备上的登录已全部结束。",
                             "revoked": "令牌已作废。", "ended": "其他登录已结束。"}.get(
            request.args.get("done", ""), ""),
        "new_token": new_token,
        "min_password": passwords.MIN_LENGTH,
        "label_max": LABEL_MAX,
        "max_days": MAX_TOKEN_LIFETIME.days,
    }  # fmt: skip
    return await render(datasette, request, "intake_account.html", context, status)


async def account(datasette: Any, request: Any) -> Response:
    return await account_page(datasette, request)


async def change_password(datasette: Any, request: Any) -> Response:
    actor = _session_actor(request)
    store = state(datasette).store
    if request.method != "POST" or actor is None or store is None:
        return Response.redirect(f"{BASE}/account")
    form = await form_data(request)
    current, new, again = (first(form, k)[:200] for k in ("current", "new", "again"))
    found = store.account(actor["id"])
    if found is None or not await asyncio.to_thread(
        passwords.verify_password, current, found.password_hash
    ):
        return await account_page(
            datasette, request, error="当前密码不正确", field="current", status=400
        )
    reason = passwords.password_problem(new, actor["id"], current)
    if reason is None and new != again:
        reason = "两次输入的新密码不一致"
    if reason:
        field = "again" if reason.startswith("两次") else "new"
        return await account_page(datasette, request, error=reason, field=field, status=400)
    new_hash = await asyncio.to_thread(
        passwords.hash_password, new, passwords.iterations_of(found.password_hash)
    )
    address = auth.address(request.scope)
    store.set_password(actor["id"], new_hash, address)
    token, _ = store.start_session(actor["id"], address, auth.user_agent(request.scope))
    response = Response.redirect(f"{BASE}/account?done=password")
    auth.set_session_cookie(
        response, token, int(WORKING_DAY.total_seconds()), auth.is_https(datasette, request.scope)
    )
    return response


async def end_other_sessions(datasette: Any, request: Any) -> Response:
    actor = _session_actor(request)
    store = state(datasette).store
    token = _session_cookie(request)
    if request.method == "POST" and actor and store and token:
        from ..accounts.store import digest

        store.end_other_sessions(actor["id"], digest(token), auth.address(request.scope))
        return Response.redirect(f"{BASE}/account?done=ended")
    return Response.redirect(f"{BASE}/account")


async def create_token(datasette: Any, request: Any) -> Response:
    actor = _session_actor(request)
    store = state(datasette).store
    db = state(datasette).database_for(actor.get("office")) if actor else None
    if request.method != "POST" or actor is None or store is None or db is None:
        return Response.redirect(f"{BASE}/account")
    form = await form_data(request)
    label = first(form, "label").strip()
    scope = first(form, "scope")
    lifetime = TOKEN_LIFETIMES.get(first(form, "lifetime"))
    if not label or len(label) > LABEL_MAX:
        error = f"请填写令牌用途（不超过{LABEL_MAX}个字）"
        return await account_page(datasette, request, error=error, field="label", status=400)
    if scope not in TOKEN_SCOPES or lifetime is None:
        return await account_page(
            datasette, request, error="请选择令牌的权限和有效期", field="scope", status=400
        )
    _id, secret = store.create_token(
        actor["id"], label, db, scope, lifetime[1], auth.address(request.scope)
    )
    return await account_page(datasette, request, new_token=secret)


async def revoke_token(datasette: Any, request: Any) -> Response:
    actor = _session_actor(request)
    store = state(datasette).store
    if request.method == "POST" and actor and store:
        store.revoke_token(actor["id"], request.url_vars["token_id"], auth.address(request.scope))
        return Response.redirect(f"{BASE}/account?done=revoked")
    return Response.redirect(f"{BASE}/account")


async def start(datasette: Any, request: Any) -> Response:
    """``/-/intake/``: the signed-in person's own register, or the login page."""
    if not request.actor:
        return Response.redirect(f"{BASE}/login")
    db = state(datasette).database_for(request.actor.get("office"))
    if db is None:
        return await problem(
            datasette,
            request,
            "没有登记簿",
            "本服务没有您所在受理部门的登记簿，请联系管理员。",
            404,
        )
    return Response.redirect(f"{BASE}/{db}")


async def supervisors_only(datasette: Any, request: Any) -> Response:
    return await problem(
        datasette,
        request,
        "此页面供主管使用",
        "数据表和查询页面供主管核查数据使用。收件登记、查找申报人、收件概况请使用上方的菜单。",
        403,
    )
