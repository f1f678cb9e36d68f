"""Cases of the rules entered through the form in headless Chromium: the verdict the page shows
is the verdict of rules_py.check in CPython, and what a person needs to act on it is there."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from form_driver import fill_form, shown_verdict, submit, verdict_of

import rules_py

ROOT = Path(__file__).resolve().parents[2]
COMMON = {
    "assessments": {"2020": "competent", "2021": "excellent", "2022": "competent"},
    "continuing_education": {
        "2021": {"professional": 60, "public": 30},
        "2022": {"professional": 70, "public": 20, "total": 95},
        "2023": {"professional": 72, "public": 18},
    },
}
BACHELOR = {"level": "bachelor", "engineering": True, "related": True}


def person(**fields: Any) -> dict[str, Any]:
    return {**COMMON, **fields}


# name, answers, eligible, {route: status}, {route: path}
CASES = [
    (
        "bachelor, engineer exactly 5 years",
        person(education=[BACHELOR], engineer_qualified_on="2018-12-31"),
        True,
        {"normal": "meets", "exceptional": "does_not_meet"},
        {"normal": "engineering_degree"},
    ),
    (
        "bachelor, engineer 4 years: not yet",
        person(education=[BACHELOR], engineer_qualified_on="2019-01-01"),
        False,
        {"normal": "does_not_meet"},
        {},
    ),
    (
        "two degrees: a related college diploma makes the unrelated master count",
        person(
            education=[
                {"level": "college", "engineering": True, "related": True},
                {"level": "master", "engineering": True, "related": False},
            ],
            engineer_qualified_on="2017-03-01",
        ),
        True,
        {"normal": "meets"},
        {"normal": "engineering_degree"},
    ),
    (
        "practice qualification, intermediate post 5 years",
        person(practice_qualification=True, intermediate_appointed_on="2018-06-01"),
        True,
        {"normal": "meets"},
        {"normal": "practice_qualification"},
    ),
    (
        "transfer from another series after 1 year",
        person(other_senior_title=True, field_work_since="2022-09-01"),
        True,
        {"transfer": "meets", "normal": "does_not_meet"},
        {},
    ),
    (
        "senior technician 4 years",
        person(senior_technician_on="2019-12-31"),
        True,
        {"skilled": "meets"},
        {"skilled": "senior_technician"},
    ),
    (
        "skill honour: 钱江技能大奖",
        person(skill_honours=["qianjiang_skills_award"]),
        True,
        {"skilled": "meets"},
        {"skilled": "honour"},
    ),
    (
        "exceptional: college, 6 years as engineer, 3 conditions",
        person(
            education=[{"level": "college", "engineering": True, "related": True}],
            engineer_qualified_on="2017-01-01",
            exceptional_conditions=[1, 2, 3],
        ),
        True,
        {"exceptional": "meets", "normal": "does_not_meet"},
        {},
    ),
    (
        "eligible route but a 基本合格 assessment",
        person(
            education=[BACHELOR],
            engineer_qualified_on="2010-01-01",
            assessments={"2020": "competent", "2021": "basic", "2022": "competent"},
        ),
        False,
        {"normal": "meets", "assessment": "does_not_meet"},
        {},
    ),
    (
        "too few public hours in 2022",
        person(
            education=[BACHELOR],
            engineer_qualified_on="2010-01-01",
            continuing_education={
                **COMMON["continuing_education"],
                "2022": {"professional": 85, "public": 10},
            },
        ),
        False,
        {"continuing_education": "does_not_meet"},
        {},
    ),
]


@pytest.mark.parametrize(
    ("answers", "eligible", "statuses", "paths"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_verdict_entered_through_the_form(sc_page, answers, eligible, statuses, paths) -> None:
    fill_form(sc_page, answers)
    submit(sc_page)
    shown = shown_verdict(sc_page)
    expected = rules_py.check(answers)
    assert shown == verdict_of(expected)
    assert shown["eligible"] is eligible
    for route, status in statuses.items():
        assert shown["routes"][route] == status
    headline = sc_page.inner_text("#sc-eligible")
    assert ("您符合申报条件" in headline) is eligible
    for route, path in paths.items():
        block = sc_page.inner_text(f".sc-route[data-route={route}] h4")
        label = {p["value"]: p["label"] for p in rules_py.form.describe()["paths"]}[path]
        assert label in block
    if eligible:
        assert shown["checklist"][:9] == [f"({i})" for i in range(1, 10)]
        assert ("(10)" in shown["checklist"]) is (statuses.get("exceptional") == "meets")
    else:
        assert shown["checklist"] == []
        assert shown["advice"], "a person who does not meet is told what to do instead"


def test_not_yet_says_from_which_year(sc_page) -> None:
    fill_form(sc_page, CASES[1][1])
    submit(sc_page)
    advice = sc_page.inner_text("#sc-verdict-body .sc-advice")
    assert "2024年度起可按正常申报" in advice


def test_every_reason_links_to_its_clause_on_the_site(sc_page, built_site) -> None:
    fill_form(sc_page, CASES[7][1])
    submit(sc_page)
    links = sc_page.eval_on_selector_all(
        "#sc-verdict a.sc-clause, #sc-checklist a.sc-clause",
        "els => els.map(a => [a.textContent, new URL(a.href).pathname, new URL(a.href).hash])",
    )
    reasons = sc_page.locator("#sc-verdict-body .sc-reason").count()
    assert len(links) == reasons + 1, "each reason and the checklist heading cite a clause"
    for clause, path, fragment in links:
        assert path + fragment == rules_py.clauses.anchor(clause)
        page_html = (built_site / path.strip("/") / "index.html").read_text(encoding="utf-8")
        assert f'id="{fragment[1:]}"' in page_html, f"{clause}: no anchor {fragment} on {path}"


def test_summary_of_answers_with_change_links(sc_page) -> None:
    fill_form(sc_page, CASES[0][1])
    submit(sc_page)
    summary = sc_page.inner_text("#sc-summary")
    assert "大学本科，工程技术类，专业一致或相近" in summary
    assert "2018年12月31日" in summary
    assert "2021 年度：优秀" in summary
    box = sc_page.locator("#sc-summary").bounding_box()
    assert box["y"] < sc_page.locator("#sc-verdict").bounding_box()["y"], "answers before verdict"
    sc_page.get_by_role("link", name="修改 4. 您何时取得工程师资格？").click()
    assert sc_page.evaluate("document.activeElement.id") == "sc-engineer_qualified_on"


def test_changing_an_answer_marks_the_verdict_out_of_date(sc_page) -> None:
    fill_form(sc_page, CASES[1][1])
    submit(sc_page)
    assert sc_page.locator("#sc-stale").is_hidden()
    sc_page.fill("#sc-engineer_qualified_on", "2018-12-31")
    assert sc_page.locator("#sc-stale").is_visible()
    submit(sc_page)
    assert sc_page.locator("#sc-stale").is_hidden()
    assert shown_verdict(sc_page)["eligible"] is True


@pytest.mark.parametrize(
    ("control", "value", "message"),
    [
        ("#sc-continuing_education-2022-public", "-5", "不能为负数"),
        ("#sc-continuing_education-2021-total", "1e", "应为数字"),
    ],
)
def test_bad_input_gets_an_error_summary_and_a_message_by_the_field(
    sc_page, control, value, message
) -> None:
    sc_page.fill("#sc-continuing_education-2021-professional", "60")
    sc_page.locator(control).press_sequentially(value)
    sc_page.click("#sc-submit")
    summary = sc_page.locator("#sc-error-summary")
    summary.wait_for(state="visible")
    assert message in summary.inner_text()
    assert sc_page.title().startswith("错误：")
    assert sc_page.locator(control).get_attribute("aria-invalid") == "true"
    described = sc_page.locator(control).get_attribute("aria-describedby") or ""
    error_ids = [i for i in described.split() if i.endswith("-error")]
    assert error_ids and message in sc_page.inner_text("#" + error_ids[0])
    assert sc_page.locator("#sc-result").is_hidden()
    summary.get_by_role("link").first.click()
    assert "#" + sc_page.evaluate("document.activeElement.id") == control


def test_degree_without_level_is_flagged(sc_page) -> None:
    sc_page.check("#sc-education-0-related")
    sc_page.click("#sc-submit")
    assert "请选择第 1 个学历（学位）的学历层次" in sc_page.inner_text("#sc-error-summary")
    assert "学历层次" in sc_page.inner_text("#sc-education-0-level-error")


def test_saved_file_gives_the_same_verdict_on_the_command_line(sc_page, tmp_path) -> None:
    answers = CASES[7][1]
    fill_form(sc_page, answers)
    submit(sc_page)
    with sc_page.expect_download() as info:
        sc_page.click("#sc-save")
    saved = tmp_path / "saved.json"
    info.value.save_as(saved)
    assert info.value.suggested_filename.endswith(".json")
    data = json.loads(saved.read_text(encoding="utf-8"))
    assert data == {"notice": "hz-2023-chem-textile", **answers}
    cli = subprocess.run(
        [sys.executable, "-m", "rules_py", "check", str(saved)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert cli.returncode == 0, cli.stdout + cli.stderr
    assert verdict_of(json.loads(cli.stdout)) == shown_verdict(sc_page)


def test_loading_a_file_shows_its_verdict(sc_page, tmp_path) -> None:
    answers = CASES[6][1]
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(answers, ensure_ascii=False), encoding="utf-8")
    sc_page.set_input_files("#sc-load", path)
    sc_page.wait_for_selector("#sc-verdict[data-state=done]")
    assert shown_verdict(sc_page) == verdict_of(rules_py.check(answers))
    assert sc_page.is_checked("input[name=skill_honours][value=qianjiang_skills_award]")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "不是有效的 JSON"),
        ("[1, 2]", "应为一个 JSON 对象"),
        ('{"salary": 1}', "无法识别的字段 salary"),
        ('{"education": [{"level": "phd"}]}', "学历层次无法识别"),
        ('{"engineer_qualified_on": "2018/12/31"}', "YYYY-MM-DD"),
    ],
)
def test_a_bad_file_is_refused_in_chinese_and_the_form_is_kept(
    sc_page, tmp_path, content, message
) -> None:
    sc_page.fill("#sc-engineer_qualified_on", "2016-05-01")
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    sc_page.set_input_files("#sc-load", path)
    status = sc_page.locator("#sc-files-status[data-state=error]")
    status.wait_for()
    assert message in status.inner_text()
    assert sc_page.input_value("#sc-engineer_qualified_on") == "2016-05-01"


def test_answers_stay_in_this_browser_until_cleared(ready_page) -> None:
    page = ready_page
    page.click("#sc-clear")
    fill_form(page, CASES[3][1])
    # Saving waits for a pause in typing: wait until the last field filled is saved too.
    page.wait_for_function(
        """() => {
          const saved = JSON.parse(localStorage.getItem('hz2023-selfcheck-answers') || '{}');
          return saved.intermediate_appointed_on === '2018-06-01'
            && JSON.stringify(saved.continuing_education || {}).includes('95');
        }"""
    )
    page.reload()
    assert page.input_value("#sc-intermediate_appointed_on") == "2018-06-01"
    assert page.is_checked("#sc-practice_qualification")
    assert page.input_value("#sc-continuing_education-2022-total") == "95"
    page.click("#sc-clear")
    assert "已清除" in page.inner_text("#sc-files-status")
    page.reload()
    assert page.input_value("#sc-intermediate_appointed_on") == ""
    assert page.evaluate("localStorage.getItem('hz2023-selfcheck-answers')") is None
    page.wait_for_selector("#sc-runtime[data-state=ready]", timeout=90_000)


def test_print_shows_only_the_verdict_and_checklist(sc_page) -> None:
    fill_form(sc_page, CASES[0][1])
    submit(sc_page)
    sc_page.emulate_media(media="print")
    try:
        for hidden in (".md-header", ".md-sidebar--primary", "#sc-form", "#sc-summary", "h1"):
            assert sc_page.locator(hidden).first.is_hidden(), hidden
        assert sc_page.locator("#sc-verdict").is_visible()
        assert sc_page.locator("#sc-checklist li").first.is_visible()
    finally:
        sc_page.emulate_media(media="screen")
