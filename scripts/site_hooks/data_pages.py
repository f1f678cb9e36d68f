"""MkDocs hook: pages and downloads generated from the notices' data (rules_py.notices).

- A page asks for a generated block with a placeholder `<!-- data:NAME -->` (BLOCKS below, each a
  template of templates/site/), filled with the data of the page's notice: the current notice
  for the site's own pages, an earlier notice for the pages in its folder (notice_archive.py).
- A page whose front matter says `jinja: true` is itself a template: its text and its
  description may use the notice's values (`{{ notice.number }}`, `{{ notice.year }}` …), so no
  fact of the notice is typed into it.
- The downloads (office directory as CSV and JSON, key dates as .ics) are generated files.
- Earlier notices keep their own pages and downloads under notices/<id>/ (notice_archive.py);
  the nav links to their list only when the project holds one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import notice_archive
from calendar_ics import build_calendar
from directory_render import city_label, offices_csv, offices_json
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data
from notice_data import data_root, notice_pages, reload
from runtime_files import current as current_runtime
from runtime_files import megabytes
from site_templates import render, render_string

from rules_py.notices import Notice

DOWNLOADS: dict[str, Callable[[Notice], str | bytes]] = {
    "downloads/offices.csv": lambda n: offices_csv(n.offices),
    "downloads/offices.json": offices_json,
    "downloads/key-dates.ics": build_calendar,
}
PLACEHOLDER = re.compile(r"<!--\s*data:([a-z-]+)\s*-->")


@dataclass(frozen=True)
class Where:
    """A page being filled in: its notice, the way back to that notice's own root (its pages
    and downloads: the site's root for the current notice, notices/<id>/ for an earlier one)
    and the way back to the site's root."""

    notice: Notice
    root: str
    site_root: str

    @classmethod
    def of(cls, page: Page) -> Where:
        site_root = "../" * page.url.count("/")
        n = notice_archive.notice_of(page.file.src_uri)
        return cls(n, site_root + notice_archive.folder(n), site_root)


def _offices(name: str) -> Callable[[Where], str]:
    return lambda at: render(
        name, offices=at.notice.offices, city_label=city_label(at.notice.offices)
    )


BLOCKS: dict[str, Callable[[Where], str]] = {
    "timeline": lambda at: render("timeline.html", notice=at.notice, root=at.root),
    "routes": lambda at: render("routes.html", notice=at.notice, root=at.root),
    "materials": lambda at: render("materials.html", notice=at.notice, root=at.root),
    "offices-table": _offices("offices_table.html"),
    "city-route": _offices("city_route.html"),
    "district-finder": _offices("finder.html"),
    "directory": _offices("directory_table.html"),
    "committee": _offices("committee.html"),
    "downloads": lambda at: render("downloads.html", root=at.root),
    "runtime-size": lambda at: "约 " + megabytes(current_runtime().transfer_size),
    # saving data, the runtime is downloaded without its memory snapshot (worker.js)
    "runtime-note": lambda at: render(
        "runtime_note.html", size=megabytes(current_runtime().full_boot_transfer_size)
    ),
    "superseded": lambda at: notice_archive.banner(at.notice, at.site_root),
}


def page_values(at: Where) -> dict[str, Any]:
    """What a `jinja: true` page may use (`earlier`: the notices the current one superseded,
    listed at notices/; none on an earlier notice's own pages)."""
    earlier = notice_archive.earlier() if at.notice.is_current else ()
    return {"notice": at.notice, "offices": at.notice.offices, "root": at.root, "earlier": earlier}


def on_serve(server, config: MkDocsConfig, builder):  # noqa: ANN001 (livereload server)
    """`mkdocs serve` rebuilds when data/ changes, not only the pages."""
    server.watch(str(data_root()))
    return server


def on_files(files: Files, config: MkDocsConfig) -> Files:
    reload()  # `mkdocs serve` rebuilds: read data/ afresh
    for uri, content in notice_archive.downloads(DOWNLOADS).items():
        files.append(File.generated(config, uri, content=content))
    # The notice's own pages live with its data (data/<notice id>/text/), at the same URLs;
    # earlier notices' pages in their folders.
    for name, text in notice_pages().items():
        files.append(File.generated(config, name, content=text))
    for uri, text in notice_archive.pages(Path(config.docs_dir)).items():
        files.append(File.generated(config, uri, content=text))
    return files


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    """The notice's own pages are named in the nav by their `nav_title` (front matter): short
    names that belong to the notice, so mkdocs.yml lists those pages without a title."""
    names = notice_pages()
    for page in nav.pages:
        if page.file.src_uri in names:
            title = get_data(names[page.file.src_uri])[1].get("nav_title")
            if isinstance(title, str):
                page.title = title
    listed = files.get_file_from_path(notice_archive.INDEX)
    if listed is not None and listed.page is not None:  # the earlier notices, when there are
        if nav.pages:
            nav.pages[-1].next_page, listed.page.previous_page = listed.page, nav.pages[-1]
        nav.items.append(listed.page)
        nav.pages.append(listed.page)
    return nav


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    at = Where.of(page)
    if page.meta.get("jinja"):
        values = page_values(at)
        markdown = render_string(markdown, **values)
        for key in ("title", "description"):
            if isinstance(page.meta.get(key), str):
                page.meta[key] = render_string(page.meta[key], **values)

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in BLOCKS:
            raise PluginError(f"{page.file.src_uri}: unknown data placeholder {name!r}")
        return BLOCKS[name](at)

    return PLACEHOLDER.sub(replace, markdown)
