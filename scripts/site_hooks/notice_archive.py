"""Earlier notices, kept readable (data_pages.py publishes them).

The site's own pages publish the current notice (data/notices.toml `current`). Every other notice
the project holds keeps its own pages under notices/<notice id>/, generated from its own data and
Markdown exactly as the current notice's are:

- its text (notice/, attachment-1/ … from data/<id>/text/), with the blocks of its own data;
- its office directory (directory/: the site's directory.md filled with that notice's offices);
- a summary (the folder's index: its key dates, its routes, links to its pages) and its
  downloads (downloads/offices.csv, offices.json, key-dates.ics).

Each of these pages opens with a banner (templates/site/superseded.html) saying the notice is
superseded and linking to the current one, says 已过期 and its year in its title, and is kept out
of the site's search (Material's front matter `search.exclude`), so a search finds the current
notice's words only. notices/ lists the earlier notices; the nav links to it only when there is
one, so a site holding a single notice looks as it did before.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import yaml
from mkdocs.utils.meta import get_data
from site_templates import render

from rules_py import notices
from rules_py.notices import Notice

FOLDER = "notices"
INDEX = f"{FOLDER}/index.md"
DIRECTORY = "directory.md"  # the site's directory page, filled with an earlier notice's offices


def earlier(library: notices.Library | None = None) -> tuple[Notice, ...]:
    """The notices the project holds that were published before the current one, newest
    first. A notice published after it (held while it is being prepared, before notices.toml
    makes it current) is not superseded and is not published."""
    held = (library or notices.library()).all()
    current = held[0]
    return tuple(n for n in held[1:] if n.published_on < current.published_on)


def folder(n: Notice) -> str:
    """Where a notice's own pages live, from the site root: "" for the current notice."""
    return "" if n.is_current else f"{FOLDER}/{n.id}/"


def notice_of(src_uri: str) -> Notice:
    """The notice a page belongs to: an earlier notice's for the pages in its folder, the
    current notice's for every other page."""
    parts = src_uri.split("/")
    if len(parts) > 2 and parts[0] == FOLDER:
        return notices.get(parts[1])
    return notices.current()


def superseded_page(source: str, n: Notice) -> str:
    """A page of an earlier notice: its front matter says 已过期 and keeps it out of the
    search, and its text opens with the banner (the `superseded` block)."""
    body, meta = get_data(source)
    title = meta.get("title") or meta.get("nav_title") or n.title
    when = "" if str(n.year) in title else f"{n.year}年度，"
    meta = {
        **meta,
        "title": f"{title}（{when}已过期）",
        "search": {"exclude": True},
    }
    if isinstance(meta.get("description"), str):
        meta["description"] = f"已过期的{n.year}年度通知，以最新通知为准。{meta['description']}"
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
    return f"---\n{front}---\n\n<!-- data:superseded -->\n\n{body}"


def _page_titles(pages: dict[str, str]) -> list[tuple[str, str]]:
    """(URL folder, name) of a notice's own pages: notice/, then attachment-N/ by N."""
    listed = []
    for name, text in pages.items():
        meta = get_data(text)[1]
        listed.append((name.removesuffix(".md"), meta.get("nav_title") or meta.get("title")))
    number = re.compile(r"\d+")
    return sorted(listed, key=lambda e: (e[0] != "notice", [int(d) for d in number.findall(e[0])]))


def pages(docs_dir: Path) -> dict[str, str]:
    """Every page of the earlier notices (src URI -> Markdown), and their list at notices/;
    none when the project holds a single notice."""
    held = earlier()
    if not held:
        return {}
    made = {
        INDEX: render("earlier_list.md", current=notices.current(), earlier=held),
    }
    directory = (docs_dir / DIRECTORY).read_text(encoding="utf-8")
    for n in held:
        text = notices.library().pages(n.id)
        home = render("earlier_home.md", notice=n, pages=_page_titles(text))
        own = {"index.md": home, **text, DIRECTORY: directory}
        made |= {folder(n) + name: superseded_page(source, n) for name, source in own.items()}
    return made


def banner(n: Notice, site_root: str) -> str:
    """The superseded banner of an earlier notice's page (`site_root`: the way back to the
    site's root from that page)."""
    return render("superseded.html", notice=n, current=notices.current(), site_root=site_root)


def downloads(makers: dict[str, Callable[[Notice], str | bytes]]) -> dict[str, str | bytes]:
    """The downloads of every notice (path -> content): the current notice's at the site's
    root, each earlier notice's in its folder."""
    made: dict[str, str | bytes] = {}
    for n in (notices.current(), *earlier()):
        made |= {folder(n) + uri: make(n) for uri, make in makers.items()}
    return made
