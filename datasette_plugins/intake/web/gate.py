"""Every HTTP response: security headers, the register's own sessions only, and clerks kept on
the clerk's pages.

- Security headers on every response: a Content-Security-Policy (the clerk's pages load only
  this site's scripts and styles, no inline code; Datasette's own pages for supervisors need
  inline scripts), framing denied, no MIME sniffing, same-origin referrers, no caching of
  anything a signed-in person was shown, HSTS over HTTPS.
- Datasette's ``ds_actor`` cookie is removed from requests: only the register's sessions count
  (``auth.py``), so an old or copied ``ds_actor`` cookie opens nothing.
- ``/`` takes a signed-in person to their office's start page and anyone else to the login page;
  Datasette's ``/-/login`` and ``/-/logout`` lead to the register's own.
- A clerk (role ``clerk``) who opens one of Datasette's own HTML pages (English, for
  supervisors) gets the Chinese explanation instead; JSON and the JSON write API stay open to
  them (the permissions and the database's rules still apply).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from . import auth
from .common import BASE
from .state import active

STRICT_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
    " font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none';"
    " frame-ancestors 'none'; form-action 'self'"
)
DATASETTE_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline';"
    " img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none';"
    " form-action 'self'"
)
COMMON_HEADERS = (
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=()"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
)
STATIC_PREFIXES = (f"{BASE}/static/", "/-/static/", f"{BASE}/rules.js")
CLERK_ROLE = "clerk"
REDIRECTS = {"/-/login": f"{BASE}/login", "/-/logout": f"{BASE}/login"}

Send = Callable[[dict[str, Any]], Awaitable[None]]


def _strip_datasette_cookie(scope: dict[str, Any]) -> None:
    headers = []
    for name, value in scope.get("headers") or []:
        if name.lower() == b"cookie":
            kept = [part for part in value.split(b";") if not part.strip().startswith(b"ds_actor=")]
            value = b";".join(kept)
        headers.append((name, value))
    scope["headers"] = headers


def _is_datasette_page(path: str, method: str) -> bool:
    """An HTML page of Datasette's own (not the register's pages, data formats or assets)."""
    if method not in ("GET", "HEAD") or path.startswith(f"{BASE}/") or path == BASE:
        return False
    if path.startswith(STATIC_PREFIXES) or path in ("/favicon.ico", "/robots.txt"):
        return False
    return not path.endswith((".json", ".csv"))


def security_headers(
    headers: list[tuple[bytes, bytes]], *, strict: bool, private: bool, https: bool
) -> list[tuple[bytes, bytes]]:
    replaced = {b"content-security-policy"} | {name for name, _ in COMMON_HEADERS}
    if private:
        replaced.add(b"cache-control")
    kept = [(name, value) for name, value in headers if name.lower() not in replaced]
    kept += list(COMMON_HEADERS)
    kept.append((b"content-security-policy", (STRICT_CSP if strict else DATASETTE_CSP).encode()))
    if private:
        kept.append((b"cache-control", b"no-store"))
    if https:
        kept.append((b"strict-transport-security", b"max-age=31536000"))
    return kept


async def _redirect(send: Send, location: str) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": 302,
            "headers": [(b"location", location.encode()), (b"content-length", b"0")],
        }
    )
    await send({"type": "http.response.body", "body": b""})


def wrap(datasette: Any) -> Callable[[Any], Any]:
    def wrapper(app: Any) -> Any:
        async def gate(scope: dict[str, Any], receive: Any, send: Send) -> None:
            if scope["type"] != "http":
                await app(scope, receive, send)
                return
            path, method = scope.get("path", "/"), scope.get("method", "GET")
            actor = None
            if active(datasette):
                _strip_datasette_cookie(scope)
                actor = auth.resolve(datasette, scope)
            clerk = bool(actor and actor.get("session") and actor.get("role") == CLERK_ROLE)
            strict = path.startswith(BASE) or clerk or not (actor and actor.get("session"))
            private = actor is not None and not path.startswith(STATIC_PREFIXES)
            https = auth.is_https(datasette, scope)

            async def send_with_headers(message: dict[str, Any]) -> None:
                if message["type"] == "http.response.start":
                    message = dict(message)
                    message["headers"] = security_headers(
                        list(message.get("headers") or []),
                        strict=strict,
                        private=private,
                        https=https,
                    )
                await send(message)

            if active(datasette) and method in ("GET", "HEAD"):
                if path in REDIRECTS:
                    await _redirect(send_with_headers, REDIRECTS[path])
                    return
                if path == "/":
                    target = f"{BASE}/" if actor else f"{BASE}/login"
                    await _redirect(send_with_headers, target)
                    return
                if clerk and _is_datasette_page(path, method):
                    await _redirect(send_with_headers, f"{BASE}/supervisors-only")
                    return
            await app(scope, receive, send_with_headers)

        return gate

    return wrapper
