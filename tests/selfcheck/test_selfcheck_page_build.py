"""The built self-check page: its questions are rules_py.form.describe() rendered at build time,
every term has its explanation, every control its label; nothing is loaded from another origin;
no number or date of the notice is typed into the page's source or script; the HR page offers
rules_py's own template bytes."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from rules_py import form
from rules_py.hr import template as spreadsheet_template

ROOT = Path(__file__).resolve().parents[2]
FORM = form.describe()


class Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def parse(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Elements()
    parser.feed(html)
    return parser.tags


@pytest.fixture(scope="module")
def page_html(built_site: Path) -> str:
    return (built_site / "self-check" / "index.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def elements(page_html: str) -> list[tuple[str, dict[str, str | None]]]:
    return parse(page_html)


def test_every_question_is_in_the_page_before_any_script(elements, page_html: str) -> None:
    ids = {a.get("id") for _, a in elements}
    for step in FORM["steps"]:
        assert f"sc-step-{step['id']}" in ids
        for q in step["questions"]:
            assert f"sc-q-{q['id']}" in ids, q["id"]
            assert q["label"] in page_html or q["label"].replace("“", "&ldquo;") in page_html
            for option in q.get("options", []):
                if q["kind"] in ("choice", "multi"):
                    assert f"sc-{q['id']}-{option['value']}" in ids
    assert "<!-- selfcheck:" not in page_html, "every marker was filled by the hook"
    first, *rest = [
        a for tag, a in elements if tag == "section" and "sc-step" in (a.get("class") or "")
    ]
    assert "sc-step--current" in first["class"] and not any("--current" in a["class"] for a in rest)


def test_every_term_has_its_explanation(page_html: str) -> None:
    questions = [q for s in FORM["steps"] for q in s["questions"]]
    parts = [p for q in questions if q["kind"] == "degrees" for p in q["parts"].values()]
    used = {t for entry in questions + parts for t in entry.get("terms", [])}
    for tid in used:
        term = FORM["terms"][tid]
        assert f"什么是“{term['term']}”？" in page_html.replace("&ldquo;", "“").replace(
            "&rdquo;", "”"
        )
    for needed in (
        "engineering_kind",
        "practice_qualification",
        "transfer",
        "civil_service_managed",
    ):
        assert needed in used, f"the term {needed} of the issue is explained"


def test_the_full_text_of_each_exceptional_condition(page_html: str) -> None:
    q = next(
        q for s in FORM["steps"] for q in s["questions"] if q["id"] == "exceptional_conditions"
    )
    five = next(o for o in q["options"] if o["value"] == 5)
    assert "全国企业管理现代化创新成果" in five["label"], "condition 5 in full"
    assert "专利" in q["hint"] and "附件2 二.5(9)" in q["hint"], "patents have a place"
    assert five["label"] in page_html.replace("&ldquo;", "“").replace("&rdquo;", "”")


def test_every_control_has_a_label(elements) -> None:
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
    dates = [a for a in controls if a.get("type") == "date"]
    assert {a["name"] for a in dates} >= {"engineer_qualified_on", "engineering_work_since"}


def test_nothing_loaded_from_another_origin(elements) -> None:
    loaded = [a.get("src") or "" for _, a in elements] + [
        a.get("href") or "" for tag, a in elements if tag == "link" and a.get("rel") != "canonical"
    ]
    assert [u for u in loaded if re.match(r"^(https?:)?//", u)] == []
    scripts = [a["src"] for tag, a in elements if tag == "script" and a.get("src")]
    assert "../assets/selfcheck/main.js" in scripts


def notice_values() -> set[str]:
    """Distinctive numbers and dates of the notice as the page would show them."""
    values = {FORM["notice"]["counted_to"], FORM["notice"]["counted_to_text"]}
    values |= {d["date"] for d in FORM["result"]["dates"]} | {
        d["text"] for d in FORM["result"]["dates"]
    }
    years = {str(y) for s in FORM["steps"] for q in s["questions"] for y in q.get("years", [])}
    hours = {
        f"{p['minimum']:g}"
        for s in FORM["steps"]
        for q in s["questions"]
        for p in q.get("parts", [])
        if isinstance(p, dict)
    }
    rule = FORM["self_report"]
    return values | years | hours | {str(rule["limit"])}


@pytest.mark.parametrize(
    "source",
    [
        "site/self-check.md",
        *sorted(
            p.relative_to(ROOT).as_posix() for p in (ROOT / "site/assets/selfcheck").glob("*.js")
        ),
    ],
)
def test_no_number_or_date_of_the_notice_is_typed_in(source: str) -> None:
    text = (ROOT / source).read_text(encoding="utf-8")
    typed = [v for v in notice_values() if re.search(rf"(?<![\w.]){re.escape(v)}(?![\w.])", text)]
    assert typed == [], f"{source} repeats values of the notice: {typed}"


def test_hr_page_offers_the_rules_own_templates(built_site: Path) -> None:
    html = (built_site / "batch-check" / "index.html").read_text(encoding="utf-8")
    for function, name in (
        (spreadsheet_template.csv_template, "staff-list-template.csv"),
        (spreadsheet_template.xlsx_template, "staff-list-template.xlsx"),
    ):
        assert (built_site / "downloads" / name).read_bytes() == function()
        assert f'href="../downloads/{name}"' in html
    assert "python -m rules_py batch" in html
    page = (built_site / "self-check" / "index.html").read_text(encoding="utf-8")
    assert "python -m rules_py" not in page, "no developer text on the applicant's page"
    assert 'href="../batch-check/"' in page


def test_worker_and_runtime_are_in_the_site(built_site: Path) -> None:
    for name in ("main.js", "worker.js", "runtime.js", "questions.js", "contract.js"):
        assert (built_site / "assets" / "selfcheck" / name).is_file()
    assert (built_site / "pyodide" / "pyodide-lock.json").is_file()
