"""MkDocs hook: a search that finds what the notice says, in Chinese.

- jieba (which Material's search plugin uses to segment the index) keeps the notice's own terms
  whole (高技能人才, 继续教育, 花名册 …), taken from the data;
- widget texts (forms, buttons, templates, no-script notes, hidden and live status messages,
  controls that exist only with JavaScript) are kept out of the index: a result's snippet is
  what the page says, never "没有找到匹配的受理部门";
- the notice's words are indexed once, on its own pages: a clause quoted elsewhere (the class
  `clause-text`, e.g. on 规则与条文对照) is kept out, so that a term leads to the notice itself;
- the pages' search worker is search_worker.js, written next to Material's own worker which it
  imports: it reads a query the way jieba wrote the index (see that file). The separator of the
  index (mkdocs.yml `plugins.search.separator`: spaces, full-width and clause punctuation, the
  hyphen of a phone number) is the one the worker splits queries with.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import jieba
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page
from notice_data import notice

WORKER_TEMPLATE = Path(__file__).with_name("search_worker.js")
WORKER_NAME = "search-zh.js"
WORKERS = "assets/javascripts/workers"
MATERIAL_WORKER = re.compile(r"search\.[0-9a-f]+\.min\.js")

WIDGET_TAGS = {"form", "template", "noscript", "select", "button", "textarea"}
START_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)(\s[^<>]*?)?(/?)>")
WIDGET_ATTRIBUTES = re.compile(
    r"""\shidden(?=[\s=/]|$)|\saria-live=|\srole=["']?(?:status|alert)|"""
    r"""\sclass=["'][^"']*\b(?:js-only|clause-text)\b"""
)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    for word in notice().search_words:
        jieba.add_word(word)
    return config


def mark_widgets(html: str) -> str:
    """Add `data-search-exclude` to each start tag of a widget or a quoted clause (see the
    module's docstring)."""

    def mark(match: re.Match[str]) -> str:
        tag, attributes, closing = match.group(1), match.group(2) or "", match.group(3)
        widget = tag.lower() in WIDGET_TAGS or WIDGET_ATTRIBUTES.search(attributes)
        if not widget or "data-search-exclude" in attributes:
            return match.group(0)
        return f"<{tag}{attributes} data-search-exclude{closing}>"

    return START_TAG.sub(mark, html)


def on_page_content(html: str, page: Page, config: MkDocsConfig, files) -> str:  # noqa: ANN001
    return mark_widgets(html)


def worker_config(config_json: str) -> str:
    """Filter for the theme's `__config` block: the pages start this site's search worker."""
    return MATERIAL_WORKER.sub(WORKER_NAME, config_json)


def on_env(env, config: MkDocsConfig, files):  # noqa: ANN001, ANN201 (jinja2 Environment)
    env.filters["site_search_worker"] = worker_config
    return env


def on_post_build(config: MkDocsConfig) -> None:
    folder = Path(config.site_dir) / WORKERS
    (material,) = [p.name for p in folder.glob("search.*.min.js")]
    search = config.plugins.get("material/search") or config.plugins["search"]
    separator = search.config.separator
    source = (
        WORKER_TEMPLATE.read_text(encoding="utf-8")
        .replace("__MATERIAL_WORKER__", material)
        .replace("__SEPARATOR__", json.dumps(separator))
    )
    (folder / WORKER_NAME).write_text(source, encoding="utf-8")
