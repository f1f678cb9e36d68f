"""The round a notice opens, as the pages show it: when it opens and closes (notice.closes, the
key date that closes applications), its last deadline, and the sentence that says it is closed.

The pages are static: which of these dates has passed is decided in the visitor's browser
(theme/partials/round-script.html), from the values here.
"""

from __future__ import annotations

from datetime import date

from rules_py.notices import Notice, chinese_date


def last_deadline(notice: Notice) -> date:
    return max(d.date for d in notice.dates if d.kind == "deadline")


def round_state(notice: Notice) -> dict[str, object]:
    """What the page's clock script needs (ISO dates), as JSON for the page's <head>."""
    return {
        "opens": notice.published_on.isoformat(),
        "closes": notice.closes.date.isoformat(),
        "ends": last_deadline(notice).isoformat(),
    }


def closed_sentence(notice: Notice) -> str:
    """本次（<year>年度）申报已于<the closing date, the Chinese way>截止"""
    return f"本次（{notice.year}年度）申报已于{chinese_date(notice.closes.date)}截止"
