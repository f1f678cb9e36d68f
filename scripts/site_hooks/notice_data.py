"""The notice's facts for the site hooks, through rules_py.notices (the one reader of data/)."""

from __future__ import annotations

from pathlib import Path

from rules_py import notices
from rules_py.notices import Notice


def notice() -> Notice:
    """The current notice (data/notices.toml), the one the site publishes."""
    return notices.current()


def reload() -> None:
    """`mkdocs serve` rebuilds: read data/ afresh."""
    notices.reload()


def data_root() -> Path:
    return notices.data_root()
