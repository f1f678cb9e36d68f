"""Each persona's path through the self-check, as a person answers it in headless Chromium: the
questions the answers make relevant (and no others), one answer whose headline names the route,
the reasons for it, what the committee judges (never ✓) and the next steps with their links."""

from __future__ import annotations

import json
from typing import Any

import pytest
from form_driver import (
    COMMON,
    FORM,
    IN_SCOPE,
    headline,
    next_steps,
    shown_answer,
    submit,
    wait_for_answer,
    walk,
)

import rules_py

ROUTES = {r["id"]: r["label"] for r in FORM["result"]["routes"]}
PLATFORM = FORM["result"]["next_steps"][0]["links"][0]["href"]
NO_TITLES = {"other_senior_title": "no", "skill_level": "none"}
ENGINEER = {"has_engineer": "yes", "practice_qualification": "no", **NO_TITLES}


def person(**answers: Any) -> dict[str, Any]:
    return {**IN_SCOPE, **COMMON, **answers}


ORDINARY = person(
    **ENGINEER,
    engineer_qualified_on="2016-07-01",
    education=[{"level": "master", "engineering": "yes", "related": "yes"}],
    # asked only while the rules are not yet loaded (they would find the ordinary route met)
    engineer_post="same",
    exceptional_conditions=["none"],
)
EXCEPTIONAL = person(
    **ENGINEER,
    engineer_qualified_on="2016-06-01",
    engineer_post="same",
    education=[{"level": "college", "engineering": "yes", "related": "yes"}],
    exceptional_conditions=["1", "5"],
    engineering_work_since="2002-07-01",
)
SKILLED = person(
    has_engineer="no",
    practice_qualification="no",
    other_senior_title="no",
    skill_level="senior_technician",
    senior_technician_on="2018-05-20",
    skill_honours=["none"],
)
TRANSFER = person(
    has_engineer="no",
    practice_qualification="no",
    other_senior_title="yes",
    field_work_since="2021-03-01",
    skill_level="none",
)


def test_ordinary_route_for_a_master(sc_page) -> None:
    seen = walk(sc_page, ORDINARY)
    assert list(seen) == ["scope", "engineer", "titles", "education", "common"], (
        "no 破格 questions for someone the rules already find eligible"
    )
    submit(sc_page)
    shown = shown_answer(sc_page)
    assert headline(sc_page) == f"您可以按{ROUTES['normal']}"
    assert shown["eligible"] and shown["route"] == "normal"
    marks = dict(shown["reasons"])
    assert marks["engineering_degree"].startswith("✓") and marks["engineering_degree_years"]
    assert "engineering_doctorate_degree" not in marks, "the other paths are folded away"
    assert not any(mark.startswith("✗") for _, mark in shown["reasons"])
    assert PLATFORM in shown["links"]
    assert any(link.endswith("/directory/#office-330106") for link in shown["links"])
    assert shown["checklist"] == [f"({i})" for i in range(1, 10)]
    folded = sc_page.locator("#sc-answer details.sc-more").first
    assert not folded.get_attribute("open")


def test_exceptional_route_with_condition_six_from_the_dates(sc_page) -> None:
    seen = walk(sc_page, EXCEPTIONAL)
    assert seen["exceptional"][:1] == ["engineer_post"]
    assert "engineering_work_since" in seen["exceptional"], "a 大专 is asked since when"
    submit(sc_page)
    shown = shown_answer(sc_page)
    assert headline(sc_page) == f"您可以按{ROUTES['exceptional']}"
    assert shown["route"] == "exceptional"
    assert "exceptional_merit_review" in shown["committee"], "the committee's, shown as such"
    assert {"exceptional_condition_1", "exceptional_condition_5"} <= set(shown["committee"])
    committee_marks = [mark for rule, mark in shown["reasons"] if rule in shown["committee"]]
    assert committee_marks and all("✓" not in mark for mark in committee_marks)
    assert dict(shown["reasons"])["exceptional_condition_6"].startswith("✓"), "6 from the dates"
    assert "(10)" in shown["checklist"]
    assert any(link.endswith("/attachment-5/") for link in shown["links"])


def test_the_false_yes_of_issue_11_is_gone(sc_page) -> None:
    """大专, 工程师 2016-06-01, conditions 1 and 5, engineering work since 2010-07-01 (13 years):
    condition 6 needs 20, so two conditions count, not three."""
    answers = {**EXCEPTIONAL, "engineering_work_since": "2010-07-01"}
    walk(sc_page, answers)
    submit(sc_page)
    shown = shown_answer(sc_page)
    assert not shown["eligible"]
    assert "暂不符合" in headline(sc_page)
    marks = dict(shown["reasons"])
    assert marks["exceptional_condition_count"].startswith("✗")
    assert "第1、5项" in sc_page.inner_text("#sc-answer [data-rule=exceptional_condition_count]")
    # why 6 does not count, from the dates (never ticked on the page), not "（未申明）"
    six = sc_page.inner_text("#sc-answer [data-rule=exceptional_condition_6]")
    assert marks["exceptional_condition_6"].startswith("✗") and "满13年" in six, six
    assert not {"exceptional_condition_2", "exceptional_condition_3"} & set(marks), (
        "conditions the person did not claim are folded away"
    )
    # 正常申报: what would open it (the degree the person lacks), not one arbitrary path
    assert marks["engineering_degree"].startswith("✗")


def test_skilled_worker_reads_nothing_of_the_degree_routes(sc_page) -> None:
    seen = walk(sc_page, SKILLED)
    assert list(seen) == ["scope", "engineer", "titles", "common"]
    assert seen["engineer"] == ["has_engineer", "practice_qualification"]
    submit(sc_page)
    shown = shown_answer(sc_page)
    assert headline(sc_page) == f"您可以按{ROUTES['skilled']}"
    assert dict(shown["reasons"])["senior_technician_years"].startswith("✓")
    assert PLATFORM in shown["links"]
    skilled = next(r for r in FORM["result"]["routes"] if r["id"] == "skilled")
    assert f"申报途径选“{skilled['platform_label']}”" in " ".join(next_steps(sc_page)), (
        "the option as the platform names it"
    )


def test_technician_is_offered_and_told_it_does_not_qualify(sc_page) -> None:
    answers = {**SKILLED, "skill_level": "technician"}
    answers.pop("senior_technician_on")
    seen = walk(sc_page, answers)
    note = sc_page.locator("#sc-skill_level-technician-note")
    assert "common" not in seen, "no route open: nothing more to ask"
    submit(sc_page)
    assert "暂不符合" in headline(sc_page)
    body = sc_page.inner_text("#sc-answer")
    assert note.inner_text() in body
    assert "未填写" not in body, "questions never asked are not judged"
    common = {r["rule"] for part in rules_py.check({"notice": FORM["notice"]["id"]})["common"]
              .values() for r in part["reasons"]}  # fmt: skip
    shown = sc_page.evaluate(
        "() => [...document.querySelectorAll('#sc-answer [data-rule]')].map((e) => e.dataset.rule)"
    )
    assert not common & set(shown), "考核 and 学时 were not asked: not even in the folded detail"


def test_transfer(sc_page) -> None:
    seen = walk(sc_page, TRANSFER)
    assert list(seen) == ["scope", "engineer", "titles", "common"]
    submit(sc_page)
    assert headline(sc_page) == f"您可以按{ROUTES['transfer']}"


@pytest.mark.parametrize(
    ("question", "value"),
    [("unit", "outside"), ("civil_service", "yes"), ("work", "other_field")],
)
def test_out_of_scope_says_why_at_once(sc_page, question, value) -> None:
    answers = {**IN_SCOPE, question: value}
    walk(sc_page, answers)
    wait_for_answer(sc_page)
    assert headline(sc_page) == "本次评审不适用于您"
    option = next(
        o
        for s in FORM["steps"]
        for q in s["questions"]
        if q["id"] == question
        for o in q["options"]
        if o["value"] == value
    )
    body = sc_page.inner_text("#sc-answer")
    assert option["stop"]["reason"] in body and option["stop"]["clause"] in body
    sc_page.click("#sc-change")
    assert sc_page.locator("#sc-step-review").is_visible()


def test_scope_answer_needs_no_runtime(context, selfcheck_url) -> None:
    """The scope questions end the check without the Python runtime (here: it cannot load)."""
    context.route("**/pyodide/**", lambda route: route.abort())
    page = context.new_page()
    page.goto(selfcheck_url)
    page.wait_for_selector("#sc-form[data-wired]", state="attached")
    walk(page, {**IN_SCOPE, "civil_service": "yes"})
    wait_for_answer(page)
    assert headline(page) == "本次评审不适用于您"


def test_the_answer_matches_the_rules(sc_page) -> None:
    """What the page concludes is rules_py.check() of the saved answers, in CPython."""
    walk(sc_page, EXCEPTIONAL)
    submit(sc_page)
    saved = sc_page.evaluate(
        "() => JSON.parse(localStorage.getItem('selfcheck:' + "
        "JSON.parse(document.getElementById('sc-form-data').textContent).notice.id)).answers"
    )
    assert saved["exceptional_conditions"] == ["1", "5"]
    with sc_page.expect_download() as info:
        sc_page.click("#sc-save")
    contract = info.value.path().read_text(encoding="utf-8")
    result = rules_py.check(json.loads(contract))
    assert result["eligible"] is shown_answer(sc_page)["eligible"]


def test_2023_hours_not_yet_done_says_what_the_notice_expects(sc_page) -> None:
    """An applicant in August 2023 with 40 hours logged for 2023: not yet, and why — the notice
    checks the hours of 2023 too, at the time of applying."""
    hours = {**COMMON["continuing_education"], "2023": {"professional": 30, "public": 10}}
    walk(sc_page, {**ORDINARY, "continuing_education": hours})
    submit(sc_page)
    assert "暂不能申报" in headline(sc_page)
    shown = shown_answer(sc_page)
    assert not shown["eligible"]
    body = sc_page.inner_text("#sc-answer")
    assert FORM["result"]["hours_note"] in body
    assert FORM["result"]["apply_deadline"]["text"] in FORM["result"]["hours_note"]


def test_the_post_counts_for_exceptional_not_the_qualification(sc_page) -> None:
    """工程师 qualified 2016-01-01 but appointed to the post only 2019-06-01: 破格 counts the post
    (4 years, 5 needed without 规定学历); the file carries the later date, the CLI agrees."""
    answers = {
        **EXCEPTIONAL,
        "engineer_qualified_on": "2016-01-01",
        "engineer_post": "later",
        "engineer_post_since": "2019-06-01",
    }
    seen = walk(sc_page, answers)
    assert "engineer_post_since" in seen["exceptional"]
    submit(sc_page)
    assert not shown_answer(sc_page)["eligible"]
    years = sc_page.inner_text("#sc-answer [data-rule=exceptional_engineer_years]")
    assert "满4年" in years and "5年以上" in years
    with sc_page.expect_download() as info:
        sc_page.click("#sc-save")
    saved = json.loads(info.value.path().read_text(encoding="utf-8"))
    assert saved["engineer_post_since"] == "2019-06-01"
    assert saved["engineer_qualified_on"] == "2016-01-01"
    assert rules_py.check(saved)["eligible"] is False
