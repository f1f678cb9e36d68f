"""The self-check's questions as rules_py.form.describe() gives them: every contract field is
asked, nothing else reaches the contract, choices are the rules' own, and each condition looks
only at questions asked before it (so the page decides relevance in one pass)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from rules_py import notices, scope
from rules_py.fields import BY_NAME
from rules_py.form import describe, describe_json
from rules_py.parameters import PARAMETERS as P

FORM = describe()
QUESTIONS = [q for s in FORM["steps"] for q in s["questions"]]


def referenced(condition: Any) -> set[str]:
    if isinstance(condition, dict):
        found = {condition["q"]} if "q" in condition else set()
        if "degree_any" in condition or "degree_all" in condition:
            found.add("education")
        for value in condition.values():
            found |= referenced(value)
        return found
    if isinstance(condition, list):
        return set().union(*map(referenced, condition)) if condition else set()
    return set()


def test_every_contract_field_is_asked_and_nothing_else_reaches_it() -> None:
    fields = [q["field"] for q in QUESTIONS if "field" in q]
    assert len(fields) == len(set(fields))
    assert set(fields) == set(BY_NAME) - {"notice"}, "engineer_post_since included (extension)"


def test_conditions_look_back_only() -> None:
    seen: set[str] = set()
    for step in FORM["steps"]:
        assert referenced(step.get("when")) <= seen, step["id"]
        for q in step["questions"]:
            assert referenced(q.get("when")) <= seen, q["id"]
            seen.add(q["id"])


def test_choices_are_the_rules_own() -> None:
    by_id = {q["id"]: q for q in QUESTIONS}
    levels = [o["value"] for o in by_id["education"]["options"] if not o.get("page_only")]
    assert levels == list(P.levels)
    page_only = [o["value"] for o in by_id["education"]["options"] if o.get("page_only")]
    assert page_only and not set(page_only) & set(P.levels), "高中、技校 never reaches the rules"
    assert [o["value"] for o in by_id["skill_honours"]["options"]] == list(P.honours)
    assert {o["value"]: o["label"] for o in by_id["assessments"]["options"]} == P.assessment_labels
    assert by_id["assessments"]["years"] == list(P.assessment_years)
    assert by_id["continuing_education"]["years"] == list(P.ce_years)
    conditions = [o["value"] for o in by_id["exceptional_conditions"]["options"]]
    judged = by_id["exceptional_conditions"]["judged"]
    assert sorted(conditions + judged) == sorted(P.exceptional_titles), "6 is judged from dates"


def test_technician_is_offered_and_says_it_does_not_qualify() -> None:
    levels = {
        o["value"]: o for o in next(q for q in QUESTIONS if q["id"] == "skill_level")["options"]
    }
    assert "technician" in levels and "不能" in levels["technician"]["note"]


def test_scope_ends_with_a_reason_and_its_clause() -> None:
    stops = [
        o["stop"] for q in scope.questions(notices.current()) for o in q["options"] if "stop" in o
    ]
    assert len(stops) >= 3
    for stop in stops:
        assert stop["reason"] and stop["clause"].startswith("通知") and stop["anchor"]


def test_out_of_scope_reads_the_page_answers() -> None:
    n = notices.current()
    assert scope.out_of_scope({"unit": "330102", "civil_service": "no", "work": "field"}, n) == []
    found = scope.out_of_scope({"unit": "outside", "civil_service": "yes"}, n)
    assert [f["question"] for f in found] == ["unit", "civil_service"]


def test_json_form() -> None:
    assert json.loads(describe_json()) == json.loads(json.dumps(FORM, ensure_ascii=False))
    assert FORM["notice"]["counted_to"] == P.cutoff.isoformat()


def test_a_notice_without_exceptional_and_with_a_new_kind_of_route() -> None:
    """Next year's notice may drop 破格 and add a points route: no 破格 questions, and the new
    route's module asks its own questions (`questions(notice, route)`), in this format."""
    import types

    from rules_py import routes

    current = notices.current()
    points = current.route("transfer")._replace(id="points", kind="points_demo", label="积分申报")
    notice = current._replace(
        routes=tuple(r for r in current.routes if r.id not in ("exceptional", "transfer"))
        + (points,)
    )
    module = types.ModuleType("rules_py.routes.points_demo")
    module.questions = lambda n, route: [
        {
            "id": "points_total",
            "kind": "select",
            "label": "自评总分",
            "clause": route.clause,
            "anchor": "/attachment-1/",
            "options": [{"value": "90", "label": "90分以上"}],
        }
    ]
    routes._modules["points_demo"] = module
    try:
        form = describe(notice)
    finally:
        del routes._modules["points_demo"]
    ids = [s["id"] for s in form["steps"]]
    assert "exceptional" not in ids and "route-points" in ids
    questions = [q["id"] for s in form["steps"] for q in s["questions"]]
    assert "other_senior_title" not in questions and "points_total" in questions
    # the new route's step is asked only when no other route meets; nothing waits for 破格
    step = next(s for s in form["steps"] if s["id"] == "route-points")
    assert step["when"] == {"not": {"route_meets": ["normal", "skilled"]}}
    assert form["result"]["route_entries"]["points"] == {"all": []}  # open to all who reach it
    assert "exceptional" not in json.dumps(step)
    module.questions = lambda n, route: [{"id": "points", "kind": "sliders", "label": "评分"}]
    routes._modules["points_demo"] = module
    try:
        with pytest.raises(ValueError, match="sliders"):
            describe(notice)  # a kind the page cannot render fails the build, not the person
    finally:
        del routes._modules["points_demo"]
