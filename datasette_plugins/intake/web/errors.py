"""Error pages (400, 403, 404, 500 …) in Chinese, inside the clerk's layout."""

from __future__ import annotations

import traceback
from typing import Any

from datasette.utils.asgi import Base400, Response
from datasette.views.base import DatasetteError

from .common import render


def error_page(datasette: Any, request: Any, exception: BaseException) -> Any:
    if request.path.endswith((".json", ".csv")):
        return None  # data clients get Datasette's own JSON/CSV error

    async def inner() -> Response:
        if isinstance(exception, Base400):
            status, message = exception.status, str(exception.args[0] if exception.args else "")
        elif isinstance(exception, DatasetteError):
            status, message = exception.status, exception.message
        else:
            status, message = 500, str(exception)
            traceback.print_exception(exception)
        context = {"status": status, "error": message}
        return await render(datasette, request, "error.html", context, status)

    return inner
