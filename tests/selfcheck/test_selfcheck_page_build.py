"""The built self-check page: generated from data/ by the hook, same-origin only, and the HR
downloads are rules_py's own template bytes."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from rules_py import notices, spreadsheet_template

ROOT = Path(__file__).resolve().parents[2]


class Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


@pytest.fixture(scope="module")
def page_html(built_site: Path) -> str:
    return (built_site / "self-check" / "index.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def elements(page_html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Elements()
    parser.feed(page_html)
    return parser.tags


def test_choices_come_from_the_notice_data(page_html: str) -> None:
    data = notices.current()
    for condition in data.route("exceptional").items:
        assert f"条件{condition.id}：{condition.label}" in page_html
    for honour in data.route("skilled").path("honour").items:
        assert honour.label.replace("“", "&ldquo;") in page_html or honour.label in page_html
    for year in data.condition("assessment").value("years"):
        assert f'id="sc-assessments-{year}"' in page_html
    for year in data.condition("continuing_education").value("years"):
        assert f'id="sc-continuing_education-{year}-public"' in page_html
    assert "<!-- selfcheck:" not in page_html, "every marker was filled by the hook"


def test_every_control_has_a_label_and_dates_are_date_inputs(elements) -> None:
    labelled = {a.get("for") for tag, a in elements if tag == "label"}
    controls = [
        a
        for tag, a in elements
        if tag in ("input", "select", "textarea")
        and a.get("type") != "hidden"
        and (a.get("id") or "").startswith("sc-")
    ]
    assert controls
    assert [a["id"] for a in controls if a["id"] not in labelled] == []
    dates = [a for a in controls if (a.get("name") or "").endswith(("_on", "_since"))]
    assert len(dates) == 5 and all(a.get("type") == "date" for a in dates)
    legends = sum(1 for tag, _ in elements if tag == "legend")
    assert legends >= 10, "questions are grouped in fieldsets with legends"


def test_only_same_origin_urls(elements) -> None:
    # What the page loads: a link to another site (<a>) or the page's own public address
    # (rel=canonical, site_url) loads nothing.
    urls = [
        a.get("src") or a.get("href") or ""
        for tag, a in elements
        if tag != "a" and a.get("rel") != "canonical"
    ]
    foreign = [u for u in urls if re.match(r"^(https?:)?//", u)]
    assert foreign == []
    scripts = [a["src"] for tag, a in elements if tag == "script" and a.get("src")]
    assert "../assets/selfcheck/main.js" in scripts


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("staff-list-template.csv", spreadsheet_template.csv_template),
        ("staff-list-template.xlsx", spreadsheet_template.xlsx_template),
    ],
)
def test_hr_templates_are_the_rules_own(built_site: Path, page_html: str, name, make) -> None:
    assert (built_site / "downloads" / name).read_bytes() == make()
    assert f'href="../downloads/{name}"' in page_html


def test_worker_and_runtime_are_in_the_site(built_site: Path) -> None:
    for name in ("main.js", "worker.js", "runtime.js", "selfcheck.css"):
        assert (built_site / "assets" / "selfcheck" / name).is_file()
    assert (built_site / "pyodide" / "pyodide-lock.json").is_file()
