"""The notice's facts for the site hooks, through rules_py.notices (the one reader of data/)."""

from __future__ import annotations

from pathlib import Path

from rules_py import notices
from rules_py.notices import Notice


def notice() -> Notice:
    """The current notice (data/notices.toml), the one the site publishes."""
    return notices.current()


def notice_pages() -> dict[str, str]:
    """The current notice's own pages in Markdown (notice.md, attachment-1.md …) by file name."""
    return notices.library().pages(notices.current_id())


def reload() -> None:
    """`mkdocs serve` rebuilds: read data/ afresh."""
    notices.reload()


def data_root() -> Path:
    return notices.data_root()
