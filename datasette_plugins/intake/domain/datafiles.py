"""The notice's data for the register, through rules_py.notices (the one reader of data/).

The data root is data/ (override with NOTICE_DATA_DIR, see rules_py/notices/source.py). A
register is for one notice: by default the data root's current one; INTAKE_NOTICE names another
notice the root holds (an earlier round's registers, served while data/ already holds the next
notice). Each register records its notice and refuses to open under another
(``schema/registers.py``).
"""

from __future__ import annotations

import os

from rules_py import notices
from rules_py.notices import Notice

ENV = "INTAKE_NOTICE"


def notice() -> Notice:
    """The registers' notice: its dates, offices, paper checklist, routes and their labels."""
    chosen = os.environ.get(ENV)
    return notices.get(chosen) if chosen else notices.current()
