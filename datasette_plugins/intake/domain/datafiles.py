"""The notice's data for the register, through rules_py.notices (the one reader of data/).

The data root is data/ (override with NOTICE_DATA_DIR, see rules_py/notices/source.py).
"""

from __future__ import annotations

from rules_py import notices
from rules_py.notices import Notice


def notice() -> Notice:
    """The current notice: its dates, offices, paper checklist, routes and their labels."""
    return notices.current()
