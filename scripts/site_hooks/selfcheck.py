"""MkDocs hook: the self-check page (site/self-check.md) and the HR page (site/batch-check.md).

- Renders the self-check's questions from rules_py.form.describe() into the page's
  `<!-- selfcheck:form -->` marker with templates/selfcheck/form.html (the questions work
  before the Python runtime has booted), and the other parts that state facts of the notice
  (edition, photo, report: the edition the page applies, the photo rules, the 述职 counter)
  from the same description with their templates; puts the description itself as a JSON
  block for the page's script (`selfcheck:data`); inlines the page's stylesheet.
- Writes the HR staff-list templates into <site_dir>/downloads/ after the build, from rules_py's
  own template function, so the columns always match what `python -m rules_py batch` reads.
Keep it listed before service_worker.py in mkdocs.yml (the service worker hashes the downloads).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig

from rules_py import form
from rules_py.hr import template as spreadsheet_template

PAGE = "self-check.md"
DOWNLOADS = "downloads"
TEMPLATES = Path(__file__).resolve().parent / "templates" / "selfcheck"


@cache
def description() -> dict[str, Any]:
    return form.describe()


@cache
def _environment(base: str) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        trim_blocks=False,
        keep_trailing_newline=True,
    )
    env.filters["number"] = form.number
    env.globals["link"] = lambda anchor: base + anchor.lstrip("/")
    return env


def part(name: str, base: str = "../") -> str:
    """One part of the page from templates/selfcheck/<name>.html; `base` is the way from the
    page to the site root (for clause links)."""
    return _environment(base).get_template(f"{name}.html").render(form=description())


def data_block() -> str:
    """What the page's script needs: the description without the texts already in the page."""
    payload = {k: v for k, v in description().items() if k not in ("terms", "self_report")}
    text = json.dumps(payload, ensure_ascii=False).replace("</", "<\\/")
    return f'<script type="application/json" id="sc-form-data">{text}</script>'


PARTS = ("edition", "form", "photo", "report")


def render(markdown: str) -> str:
    for name in PARTS:
        markdown = markdown.replace(f"<!-- selfcheck:{name} -->", part(name))
    return markdown.replace("<!-- selfcheck:data -->", data_block())


def on_page_markdown(markdown: str, page: Any, config: MkDocsConfig, files: Any) -> str:
    if page.file.src_uri != PAGE:
        return markdown
    return render(markdown)


STYLESHEET = Path("assets") / "selfcheck" / "selfcheck.css"


def head_style(docs_dir: Path) -> str:
    """The page's stylesheet, inlined into <head>: nothing is drawn unstyled and then moved,
    and first paint does not wait for one more request."""
    css = (docs_dir / STYLESHEET).read_text(encoding="utf-8").replace("</", "<\\/")
    return f'<style id="sc-style">{css}</style>'


def on_post_page(output: str, page: Any, config: MkDocsConfig) -> str:
    if page.file.src_uri != PAGE:
        return output
    return output.replace("</head>", head_style(Path(config.docs_dir)) + "</head>", 1)


TEMPLATE_FILES = {
    "csv_template": "staff-list-template.csv",
    "xlsx_template": "staff-list-template.xlsx",
}


def write_templates(target: Path) -> list[Path]:
    """The HR staff-list templates, the same bytes as `python -m rules_py template -o ...`."""
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for function, name in TEMPLATE_FILES.items():
        (target / name).write_bytes(getattr(spreadsheet_template, function)())
        written.append(target / name)
    return written


def on_post_build(config: MkDocsConfig) -> None:
    description.cache_clear()  # `mkdocs serve` rebuilds: read the data afresh next time
    write_templates(Path(config.site_dir) / DOWNLOADS)
