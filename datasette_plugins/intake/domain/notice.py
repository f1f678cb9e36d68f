"""Facts of the notice the register needs, through the notice-data layer (``datafiles.notice``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from .datafiles import notice


def published_on() -> date:
    """The day the notice was published (notice.toml, key date `published`)."""
    return notice().published_on


def dated(entry_id: str) -> dict[str, Any]:
    """One entry of the notice's dates (id, date, title, detail, clause)."""
    return notice().date(entry_id)._asdict()
