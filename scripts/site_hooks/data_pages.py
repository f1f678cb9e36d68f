"""MkDocs hook: pages and downloads generated from the notice's data (rules_py.notices).

- A page asks for a generated block with a placeholder `<!-- data:NAME -->` (BLOCKS below, each a
  template of templates/site/).
- A page whose front matter says `jinja: true` is itself a template: its text and its
  description may use the notice's values (`{{ notice.number }}`, `{{ notice.year }}` …), so no
  fact of the notice is typed into it.
- The downloads (office directory as CSV and JSON, key dates as .ics) are generated files.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from calendar_ics import build_calendar
from directory_render import city_label, offices_csv, offices_json
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data
from notice_data import data_root, notice, notice_pages, reload
from runtime_files import current as current_runtime
from runtime_files import megabytes
from site_templates import render, render_string

DOWNLOADS = {
    "downloads/offices.csv": lambda: offices_csv(notice().offices),
    "downloads/offices.json": lambda: offices_json(notice()),
    "downloads/key-dates.ics": lambda: build_calendar(notice()),
}
PLACEHOLDER = re.compile(r"<!--\s*data:([a-z-]+)\s*-->")


def _offices(name: str) -> Callable[[str], str]:
    return lambda root: render(
        name, offices=notice().offices, city_label=city_label(notice().offices)
    )


BLOCKS: dict[str, Callable[[str], str]] = {
    "timeline": lambda root: render("timeline.html", notice=notice(), root=root),
    "routes": lambda root: render("routes.html", notice=notice(), root=root),
    "materials": lambda root: render("materials.html", notice=notice(), root=root),
    "offices-table": _offices("offices_table.html"),
    "city-route": _offices("city_route.html"),
    "district-finder": _offices("finder.html"),
    "directory": _offices("directory_table.html"),
    "committee": _offices("committee.html"),
    "downloads": lambda root: render("downloads.html", root=root),
    "runtime-size": lambda root: "约 " + megabytes(current_runtime().transfer_size),
    "runtime-note": lambda root: render(
        "runtime_note.html", size=megabytes(current_runtime().transfer_size)
    ),
}


def page_values(root: str) -> dict[str, Any]:
    """What a `jinja: true` page may use."""
    current = notice()
    return {"notice": current, "offices": current.offices, "root": root}


def on_serve(server, config: MkDocsConfig, builder):  # noqa: ANN001 (livereload server)
    """`mkdocs serve` rebuilds when data/ changes, not only the pages."""
    server.watch(str(data_root()))
    return server


def on_files(files: Files, config: MkDocsConfig) -> Files:
    reload()  # `mkdocs serve` rebuilds: read data/ afresh
    for uri, make in DOWNLOADS.items():
        files.append(File.generated(config, uri, content=make()))
    # The notice's own pages live with its data (data/<notice id>/text/), at the same URLs.
    for name, text in notice_pages().items():
        files.append(File.generated(config, name, content=text))
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
    return nav


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    root = "../" * page.url.count("/")
    if page.meta.get("jinja"):
        values = page_values(root)
        markdown = render_string(markdown, **values)
        for key in ("title", "description"):
            if isinstance(page.meta.get(key), str):
                page.meta[key] = render_string(page.meta[key], **values)

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in BLOCKS:
            raise PluginError(f"{page.file.src_uri}: unknown data placeholder {name!r}")
        return BLOCKS[name](root)

    return PLACEHOLDER.sub(replace, markdown)
