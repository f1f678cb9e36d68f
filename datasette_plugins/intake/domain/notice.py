"""Facts of the notice the register needs, read from data/ (one reader: ``datafiles``).

Until the rules stream's notice-data layer lands, this module is the register's only reader of
notice.toml; it then becomes a thin delegation to that layer.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from .datafiles import load_toml


def published_on() -> date:
    """The day the notice was published (杭经信人事〔2023〕63号: 2023年8月7日)."""
    return load_toml("notice.toml")["published_on"]


def dated(entry_id: str) -> dict[str, Any]:
    """One entry of the notice's dates (id, date, title, detail, clause)."""
    return next(d for d in load_toml("notice.toml")["dates"] if d["id"] == entry_id)
