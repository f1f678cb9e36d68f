"""The Jinja2 templates of the site's generated blocks (scripts/site_hooks/templates/site/).

One environment for every block the hooks render into the pages (home page, directory, notices
of the self-check runtime): HTML is escaped by default, a missing value is an error, and the
filters the blocks share live here. (Theme templates, scripts/site_hooks/theme/, are MkDocs's own
Jinja2 environment; site_chrome.py gives them their values.)
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from rules_py.clauses import anchor
from rules_py.notices import chinese_date

TEMPLATES = Path(__file__).with_name("templates")


def clause_href(clause: str, root: str) -> str:
    """The link to a clause from a page whose way back to the site root is `root`."""
    return root + anchor(clause).removeprefix("/")


def weekday_date(day: date) -> str:
    """A date the Chinese way, with its weekday: 2024年1月5日（周五）."""
    return chinese_date(day, weekday=True)


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters.update(
        clause_href=clause_href,
        chinese_date=chinese_date,
        weekday_date=weekday_date,
        kilobytes=lambda size: size // 1024,
        megabytes_binary=lambda size: size // 1048576,
    )
    return env


ENV = _environment()


def render(name: str, **context: Any) -> str:
    """templates/site/<name>, rendered, without surrounding blank lines."""
    return ENV.get_template(f"site/{name}").render(**context).strip()


def render_string(source: str, **context: Any) -> str:
    """A page's own text, written as a template (pages that ask for it: `jinja: true`)."""
    return ENV.from_string(source).render(**context)
