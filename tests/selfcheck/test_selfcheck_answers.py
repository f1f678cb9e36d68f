"""Answers as a person gives them, and gets them wrong: a missing answer is asked for ("请回答…",
focused error summary, message by the question), never judged; dates in the future or after the
counting date are said so; answers are kept in this browser and saved to a file that the
command line reads; the check-your-answers step leads back to each answer."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from form_driver import (
    COMMON,
    FORM,
    IN_SCOPE,
    QUESTIONS,
    answer_step,
    continue_from,
    current_step,
    fill_question,
    shown_answer,
    submit,
    walk,
)
from test_selfcheck_personas import EXCEPTIONAL, ORDINARY, SKILLED

import rules_py

ROOT = Path(__file__).resolve().parents[2]
NOTICE = FORM["notice"]


def errors(page) -> list[str]:
    page.locator("#sc-error-summary").wait_for(state="visible")
    return page.locator("#sc-error-list li").all_inner_texts()


def test_nothing_answered_asks_for_the_answers(sc_page) -> None:
    sc_page.click("#sc-step-scope .sc-continue")
    listed = errors(sc_page)
    assert listed == [f"请回答：{QUESTIONS[q]['label']}" for q in ("unit", "civil_service", "work")]
    assert sc_page.evaluate("document.activeElement.id") == "sc-error-summary"
    assert sc_page.title().startswith("错误：")
    assert current_step(sc_page) == "scope", "no step, and no answer, without the answers"
    assert sc_page.locator("#sc-result").is_hidden()
    slot = sc_page.locator("#sc-civil_service-error")
    assert "请回答" in slot.inner_text()
    radio = sc_page.locator("#sc-civil_service-yes")
    assert radio.get_attribute("aria-invalid") == "true"
    sc_page.locator("#sc-error-list a").nth(2).click()
    assert sc_page.evaluate("document.activeElement.id") == "sc-work-field"


def test_each_step_asks_only_for_what_is_missing(sc_page) -> None:
    walk(sc_page, IN_SCOPE, until="engineer")
    assert current_step(sc_page) == "engineer"
    fill_question(sc_page, "has_engineer", "yes")
    sc_page.click("#sc-step-engineer .sc-continue")
    assert errors(sc_page) == [
        f"请填写：{QUESTIONS['engineer_qualified_on']['label']}",
        f"请回答：{QUESTIONS['practice_qualification']['label']}",
    ]


def test_hours_only_the_total_may_stay_empty(sc_page) -> None:
    answers = {**ORDINARY}
    answers["continuing_education"] = {"2021": {"professional": 60}}
    walk_until(sc_page, answers, "common")
    sc_page.click("#sc-step-common .sc-continue")
    listed = errors(sc_page)
    assert "请填写2021年公需科目学时（没有的填0）" in listed
    assert not any("合计" in line for line in listed)


def walk_until(page, answers, step) -> None:
    walk(page, answers, until=step)
    answer_step(page, answers)


def test_degree_without_level_is_flagged(sc_page) -> None:
    answers = {**ORDINARY, "education": []}
    walk_until(sc_page, answers, "education")
    sc_page.click("#sc-step-education .sc-continue")
    assert errors(sc_page) == ["请选择第 1 个学历（学位）的学历层次"]


@pytest.mark.parametrize(
    ("value", "message"),
    [("2099-03-01", "不能晚于今天"), ("1900-01-01", "不能早于")],
)
def test_impossible_dates_are_errors(sc_page, value, message) -> None:
    walk(sc_page, IN_SCOPE, until="engineer")
    fill_question(sc_page, "has_engineer", "yes")
    fill_question(sc_page, "practice_qualification", "no")
    sc_page.fill("#sc-engineer_qualified_on", value)
    sc_page.click("#sc-step-engineer .sc-continue")
    assert any(message in line for line in errors(sc_page))


def test_a_date_after_the_counting_date_is_said_at_once(sc_page) -> None:
    """工程师 from 2024-03-01 (after the counting date, before today): a plain note, not
    "满0年"; the rules' answer does not count it either."""
    walk(sc_page, IN_SCOPE, until="engineer")
    fill_question(sc_page, "has_engineer", "yes")
    sc_page.fill("#sc-engineer_qualified_on", "2024-03-01")
    note = sc_page.locator("#sc-engineer_qualified_on-note")
    note.wait_for(state="visible")
    assert NOTICE["counted_to_text"] in note.inner_text()
    assert NOTICE["edition"] in note.inner_text()


def test_check_your_answers_leads_back_and_returns(sc_page) -> None:
    walk(sc_page, ORDINARY)
    assert current_step(sc_page) == "review"
    summary = sc_page.inner_text("#sc-summary-list")
    assert "2016年7月1日" in summary and "硕士" in summary
    sc_page.get_by_role("link", name=f"修改 {QUESTIONS['engineer_qualified_on']['label']}").click()
    assert sc_page.evaluate("document.activeElement.id") == "sc-engineer_qualified_on"
    sc_page.fill("#sc-engineer_qualified_on", "2019-01-01")
    continue_from(sc_page, "engineer")
    # 4 years: the ordinary route no longer meets, so the 破格 questions now matter
    assert current_step(sc_page) == "exceptional", "a change asks what it made relevant"
    walk(sc_page, {"engineer_post": "same", "exceptional_conditions": ["none"]})
    assert current_step(sc_page) == "review", "then returns to the check page"
    submit(sc_page)
    assert "暂不符合" in sc_page.inner_text("#sc-headline")
    assert "2024年度" in sc_page.inner_text("#sc-answer .sc-advice")


def test_back_and_the_browser_back_button(sc_page) -> None:
    walk(sc_page, IN_SCOPE, until="engineer")
    assert current_step(sc_page) == "engineer"
    sc_page.click("#sc-step-engineer .sc-back")
    assert current_step(sc_page) == "scope"
    sc_page.click("#sc-step-scope .sc-continue")
    assert current_step(sc_page) == "engineer"
    sc_page.go_back()
    sc_page.wait_for_function(
        "document.querySelector('.sc-step--current').dataset.step === 'scope'"
    )
    assert sc_page.input_value("#sc-unit") == IN_SCOPE["unit"], "answers stay"


def test_saved_file_is_contract_input_the_command_line_reads(sc_page, tmp_path) -> None:
    walk(sc_page, EXCEPTIONAL)
    submit(sc_page)
    with sc_page.expect_download() as info:
        sc_page.click("#sc-save")
    saved = tmp_path / "saved.json"
    info.value.save_as(saved)
    data = json.loads(saved.read_text(encoding="utf-8"))
    assert data == {
        "notice": NOTICE["id"],
        "engineer_qualified_on": "2016-06-01",
        "practice_qualification": False,
        "other_senior_title": False,
        "education": [{"level": "college", "engineering": True, "related": True}],
        **json.loads(json.dumps(COMMON)),
        "exceptional_conditions": [1, 5],
        "engineering_work_since": "2002-07-01",
    }, "page-only answers (scope, 技师 …) stay out of the file"
    cli = subprocess.run(
        [sys.executable, "-m", "rules_py", "check", str(saved)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert cli.returncode == 0, cli.stdout + cli.stderr
    assert json.loads(cli.stdout)["eligible"] is shown_answer(sc_page)["eligible"]


def test_loading_a_file_asks_only_what_it_lacks(sc_page, tmp_path) -> None:
    data = {k: v for k, v in rules_contract(SKILLED).items()}
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    sc_page.set_input_files("#sc-load", path)
    status = sc_page.locator("#sc-files-status")
    # the load's own message (it names the file); the clear before it said "ok" too
    status.filter(has_text=f"已载入“{path.name}”").wait_for()
    assert status.get_attribute("data-state") == "ok"
    assert "还需要回答" in status.inner_text()
    assert current_step(sc_page) == "scope"
    assert sc_page.input_value("#sc-senior_technician_on") == "2018-05-20"
    seen = walk(sc_page, {**IN_SCOPE, "has_engineer": "no"})
    assert current_step(sc_page) == "review", "the file answered the rest"
    assert list(seen) == ["scope", "engineer"], "only the steps with answers the file lacks"
    submit(sc_page)
    assert shown_answer(sc_page)["route"] == "skilled"


def rules_contract(answers: dict) -> dict:
    """The contract input of a persona's page answers (as the page maps them)."""
    contract = {
        "notice": NOTICE["id"],
        "practice_qualification": answers["practice_qualification"] == "yes",
        "other_senior_title": answers["other_senior_title"] == "yes",
        **json.loads(json.dumps(COMMON)),
    }
    if answers.get("skill_level") == "senior_technician":
        contract["senior_technician_on"] = answers["senior_technician_on"]
    if answers.get("skill_honours") == ["none"]:
        contract["skill_honours"] = []
    return contract


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "不是有效的 JSON"),
        ("[1, 2]", "应为一个 JSON 对象"),
        ('{"salary": 1}', "无法识别的字段 salary"),
        ('{"education": [{"level": "phd"}]}', "学历层次无法识别"),
        ('{"engineer_qualified_on": "2018/12/31"}', "YYYY-MM-DD"),
        ('{"notice": "hz-2099-other"}', "另一次评审通知"),
    ],
)
def test_a_bad_file_is_refused_in_chinese_and_the_answers_are_kept(
    sc_page, tmp_path, content, message
) -> None:
    sc_page.select_option("#sc-unit", "330102")
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    sc_page.set_input_files("#sc-load", path)
    status = sc_page.locator("#sc-files-status")
    status.filter(has_text=f"无法载入“{path.name}”").wait_for()
    assert status.get_attribute("data-state") == "error"
    assert message in status.inner_text()
    assert sc_page.input_value("#sc-unit") == "330102"


def test_answers_stay_in_this_browser_until_cleared(ready_page) -> None:
    page = ready_page
    page.click("#sc-clear")
    walk(page, IN_SCOPE, until="engineer")
    fill_question(page, "has_engineer", "yes")
    fill_question(page, "engineer_qualified_on", "2016-07-01")
    page.wait_for_function("""() => JSON.stringify(localStorage).includes('2016-07-01')""")
    page.reload()
    page.wait_for_selector("#sc-form[data-wired]", state="attached")
    assert current_step(page) == "engineer", "back where the person was"
    assert page.input_value("#sc-engineer_qualified_on") == "2016-07-01"
    page.click("#sc-clear")
    assert "已清除" in page.inner_text("#sc-files-status")
    page.reload()
    page.wait_for_selector("#sc-form[data-wired]", state="attached")
    assert current_step(page) == "scope" and page.input_value("#sc-unit") == ""
    page.wait_for_selector("#sc-runtime[data-state=ready]", timeout=90_000)


def test_every_answer_checked_is_rules_input(sc_page) -> None:
    """Hidden answers never reach the rules: a date typed, then its question made irrelevant."""
    walk(sc_page, IN_SCOPE, until="engineer")
    fill_question(sc_page, "has_engineer", "yes")
    sc_page.fill("#sc-engineer_qualified_on", "2010-01-01")
    fill_question(sc_page, "has_engineer", "no")
    assert sc_page.locator("#sc-q-engineer_qualified_on").is_hidden()
    fill_question(sc_page, "practice_qualification", "no")
    sc_page.click("#sc-step-engineer .sc-continue")
    walk(sc_page, SKILLED)
    with sc_page.expect_download() as info:
        sc_page.click("#sc-save")
    assert "engineer_qualified_on" not in json.loads(info.value.path().read_text("utf-8"))
    assert rules_py.check(json.loads(info.value.path().read_text("utf-8")))["eligible"]
