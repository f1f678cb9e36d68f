"""MkDocs hook: pages and downloads generated from the notice's data (rules_py.notices).

A page asks for a generated block with a placeholder line `<!-- data:NAME -->`; the downloads
(office directory as CSV and JSON, key dates as .ics) are added to the build as generated files.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from calendar_ics import build_calendar
from directory_render import (
    city_route_html,
    committee_html,
    directory_table_html,
    finder_html,
    notice_table_html,
    offices_csv,
    offices_json,
)
from home_render import materials_html, routes_html, timeline_html
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from notice_data import data_root, notice, notice_pages, reload
from runtime_files import current as current_runtime
from runtime_files import megabytes

DOWNLOADS = {
    "downloads/offices.csv": lambda: offices_csv(notice().offices),
    "downloads/offices.json": lambda: offices_json(notice()),
    "downloads/key-dates.ics": lambda: build_calendar(notice()),
}
PLACEHOLDER = re.compile(r"<!--\s*data:([a-z-]+)\s*-->")


def _blocks(root: str) -> dict[str, Callable[[], str]]:
    """Generated blocks by placeholder name; `root` is the page's relative path to the site root."""
    return {
        "timeline": lambda: timeline_html(notice(), root, f"{root}downloads/key-dates.ics"),
        "routes": lambda: routes_html(notice(), root),
        "materials": lambda: materials_html(notice(), root),
        "offices-table": lambda: notice_table_html(notice().offices),
        "city-route": lambda: city_route_html(notice().offices),
        "district-finder": lambda: finder_html(notice().offices),
        "directory": lambda: directory_table_html(notice().offices),
        "committee": lambda: committee_html(notice().offices),
        "runtime-size": lambda: "约 " + megabytes(current_runtime().transfer_size),
        "runtime-note": lambda: (
            '<p id="site-runtime-note" class="runtime-note" role="status" hidden>'
            "您的浏览器开启了省流量模式，本站没有在后台下载自查程序。自查程序约 "
            f"{megabytes(current_runtime().transfer_size)}，打开本页时需要联网下载一次，"
            "之后断网也可使用。</p>"
        ),
        "downloads": lambda: (
            '<ul class="downloads">'
            f'<li><a href="{root}downloads/offices.csv" download>'
            "受理部门名录（CSV，Excel 可直接打开）</a></li>"
            f'<li><a href="{root}downloads/offices.json" download>受理部门名录（JSON）</a></li>'
            f'<li><a href="{root}downloads/key-dates.ics" download>关键日期日历（.ics）</a></li>'
            "</ul>"
        ),
    }


def on_serve(server, config: MkDocsConfig, builder):  # noqa: ANN001 (livereload server)
    """`mkdocs serve` rebuilds when data/ changes, not only the pages."""
    server.watch(str(data_root()))
    return server


def on_files(files: Files, config: MkDocsConfig) -> Files:
    reload()  # `mkdocs serve` rebuilds: read data/ afresh
    for uri, render in DOWNLOADS.items():
        files.append(File.generated(config, uri, content=render()))
    # The notice's own pages live with its data (data/<notice id>/text/), at the same URLs.
    for name, text in notice_pages().items():
        files.append(File.generated(config, name, content=text))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    root = "../" * page.url.count("/")
    blocks = _blocks(root)

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in blocks:
            raise PluginError(f"{page.file.src_uri}: unknown data placeholder {name!r}")
        return blocks[name]()

    return PLACEHOLDER.sub(replace, markdown)
