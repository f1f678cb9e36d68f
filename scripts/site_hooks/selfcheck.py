"""MkDocs hook: the data-driven parts of the self-check page (site/self-check.md).

- Fills the page's `<!-- selfcheck:NAME -->` markers with form controls built from the notice's
  data (rules_py.notices: a degree row with its levels, honours, the six 破格 conditions, the
  assessment and continuing-education years) and a JSON block of display labels for the verdict;
  inlines the page's stylesheet into <head>.
- Writes the HR staff-list template into <site_dir>/downloads/ after the build, from rules_py's
  own template function, so the columns always match what `python -m rules_py batch` reads.
Keep it listed before service_worker.py in mkdocs.yml (the service worker hashes the downloads).
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from notice_data import notice

from rules_py.notices import Notice

PAGE = "self-check.md"
DOWNLOADS = "downloads"


def _checkbox(name: str, value: str, label: str, element_id: str) -> str:
    return (
        '<div class="sc-choice">'
        f'<input type="checkbox" id="{element_id}" name="{name}" value="{html.escape(value)}">'
        f'<label for="{element_id}">{html.escape(label)}</label></div>'
    )


def levels(notice: Notice) -> str:
    names = notice.education.labels
    options = ['<option value="">请选择</option>']
    options += [
        f'<option value="{level}">{html.escape(names[level])}</option>'
        for level in notice.education.levels
    ]
    return "".join(options)


def degree(notice: Notice) -> str:
    """One degree of the repeating education group (the page's script numbers the rows)."""
    base = "sc-education-0"
    return (
        '<fieldset class="sc-degree">'
        '<legend class="sc-degree-title">第 1 个学历（学位）</legend>'
        '<div class="sc-field">'
        f'<label class="sc-level-label" for="{base}-level">学历层次</label>'
        f'<p class="sc-error-message" id="{base}-level-error" hidden></p>'
        f'<select class="sc-level" id="{base}-level">{levels(notice)}</select></div>'
        '<div class="sc-choice">'
        f'<input type="checkbox" class="sc-engineering" id="{base}-engineering">'
        f'<label class="sc-engineering-label" for="{base}-engineering">属于工程技术类</label></div>'
        '<div class="sc-choice">'
        f'<input type="checkbox" class="sc-related" id="{base}-related">'
        f'<label class="sc-related-label" for="{base}-related">所学专业与从事专业一致或相近</label>'
        "</div>"
        '<button type="button" class="sc-link-button sc-remove-degree" hidden>删除此学历</button>'
        "</fieldset>"
    )


def honours(notice: Notice) -> str:
    items = notice.route("skilled").path("honour").items
    return "".join(
        _checkbox("skill_honours", h.id, h.label, f"sc-skill_honours-{i}")
        for i, h in enumerate(items)
    )


def conditions(notice: Notice) -> str:
    return "".join(
        _checkbox(
            "exceptional_conditions",
            str(c.id),
            f"条件{c.id}：{c.label}",
            f"sc-exceptional_conditions-{c.id}",
        )
        for c in notice.route("exceptional").items
    )


def assessments(notice: Notice) -> str:
    grades = notice.condition("assessment").items
    choices = '<option value="">未填写</option>' + "".join(
        f'<option value="{g.id}">{html.escape(g.label)}</option>' for g in grades
    )
    rows = []
    for year in notice.condition("assessment").value("years"):
        element_id = f"sc-assessments-{year}"
        rows.append(
            '<div class="sc-field">'
            f'<label for="{element_id}">{year} 年度</label>'
            f'<p class="sc-error-message" id="{element_id}-error" hidden></p>'
            f'<select id="{element_id}" name="assessments.{year}" data-year="{year}">'
            f"{choices}</select></div>"
        )
    return "".join(rows)


def hours(notice: Notice) -> str:
    ce = notice.condition("continuing_education")
    least = {item.id: item.value("hours") for item in ce.items}
    head = (
        "<thead><tr><th scope='col'>年度</th>"
        f"<th scope='col'>专业科目（至少 {least['professional']}）</th>"
        f"<th scope='col'>公需科目（至少 {least['public']}）</th>"
        f"<th scope='col'>合计（至少 {least['total']}）</th></tr></thead>"
    )
    kinds = {"professional": "专业科目", "public": "公需科目", "total": "合计"}
    body = []
    for year in ce.value("years"):
        cells = [f"<th scope='row'>{year}</th>"]
        for kind, label in kinds.items():
            element_id = f"sc-continuing_education-{year}-{kind}"
            hint = ' placeholder="自动合计"' if kind == "total" else ""
            cells.append(
                "<td>"
                f'<label class="sc-visually-hidden" for="{element_id}">{year} 年{label}学时</label>'
                f'<input type="number" inputmode="decimal" min="0" step="any" id="{element_id}" '
                f'name="continuing_education.{year}.{kind}" class="sc-hours"{hint}>'
                "</td>"
            )
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f'<table class="sc-hours-table">{head}<tbody>{"".join(body)}</tbody></table>'


def labels(notice: Notice) -> str:
    """Display labels the verdict needs, as a JSON block the page's script reads."""
    payload = {"notice": notice.id, "routes": notice.route_labels, "paths": notice.path_labels}
    text = json.dumps(payload, ensure_ascii=False).replace("</", "<\\/")
    return f'<script type="application/json" id="sc-labels">{text}</script>'


MARKERS = {
    "degree": degree,
    "honours": honours,
    "conditions": conditions,
    "assessments": assessments,
    "hours": hours,
    "labels": labels,
}


def render(markdown: str) -> str:
    data = notice()
    for name, make in MARKERS.items():
        markdown = markdown.replace(f"<!-- selfcheck:{name} -->", make(data))
    return markdown


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
    from rules_py import spreadsheet_template

    target.mkdir(parents=True, exist_ok=True)
    written = []
    for function, name in TEMPLATE_FILES.items():
        (target / name).write_bytes(getattr(spreadsheet_template, function)())
        written.append(target / name)
    return written


def on_post_build(config: MkDocsConfig) -> None:
    write_templates(Path(config.site_dir) / DOWNLOADS)
