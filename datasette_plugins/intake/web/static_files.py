"""The clerk's pages' own CSS and scripts (``web/static/``) and the generated rules script."""

from __future__ import annotations

import mimetypes
from typing import Any

from datasette.utils.asgi import Response

from .common import STATIC
from .rules_js import rules_js

TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8"}


async def static_file(datasette: Any, request: Any) -> Response:
    name = request.url_vars["name"]
    path = STATIC / name
    if "/" in name or name.startswith(".") or not path.is_file():
        return Response.text("找不到文件", status=404)
    content_type = TYPES.get(path.suffix) or mimetypes.guess_type(name)[0] or "text/plain"
    cache = "public, max-age=31536000, immutable" if request.args.get("v") else "no-cache"
    return Response(path.read_bytes(), content_type=content_type, headers={"Cache-Control": cache})


async def rules_script(datasette: Any, request: Any) -> Response:
    """The page's live checks, generated from the rules' one definition (``rules_js.py``)."""
    return Response(
        rules_js(),
        content_type="text/javascript; charset=utf-8",
        headers={"Cache-Control": "no-cache"},
    )
