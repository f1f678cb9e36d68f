"""MkDocs hook: what the theme shows on every page, from the notice's data.

- The round line above each page's title (theme/partials/round-banner.html): before and during
  the round, the closing date (and, by the visitor's clock, the days left); once it is closed,
  that it is closed, where the next round's notice will be found and, when the project holds a
  later notice, that notice. The state is computed in the page (theme/partials/round-script.html),
  never baked into the build, so a cached page never shows a stale "open".
- Who publishes the site, that it is compiled from the notice and that the notice's own text
  prevails, with the issuing bureau's contact (theme/partials/copyright.html): `extra.publisher`
  in mkdocs.yml names the publisher; everything else comes from the data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import notice_round
from mkdocs.config.defaults import MkDocsConfig
from notice_data import notice

from rules_py import notices
from rules_py.notices import Notice, chinese_date


@dataclass(frozen=True)
class Chrome:
    notice: Notice
    publisher: str
    round: dict[str, object]  # ISO dates for the page's clock script
    closing_title: str  # 网上个人申报截止
    closing_date: str  # the Chinese way, with its weekday
    closed_sentence: str  # notice_round.closed_sentence
    issuer_url: str | None  # the issuer's own site, where its next notice will appear
    later: Notice | None  # a later notice the project holds


def later_notice(current: Notice) -> Notice | None:
    """The newest notice the project holds that was published after `current`, if any."""
    later = [n for n in notices.library().all() if n.published_on > current.published_on]
    return max(later, key=lambda n: n.published_on) if later else None


def chrome(config: MkDocsConfig) -> Chrome:
    current = notice()
    closing = current.closes
    return Chrome(
        notice=current,
        publisher=config.extra.get("publisher", ""),
        round=notice_round.round_state(current),
        closing_title=closing.title,
        closing_date=chinese_date(closing.date, weekday=True),
        closed_sentence=notice_round.closed_sentence(current),
        issuer_url=current.issuer_url or None,
        later=later_notice(current),
    )


def on_env(env: Any, config: MkDocsConfig, files: Any) -> Any:  # jinja2 Environment
    env.globals["site_chrome"] = chrome(config)
    return env
