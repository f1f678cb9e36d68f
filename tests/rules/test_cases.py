"""Every case of cases.py through check_json: the verdict, the reasons and the output shape."""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

import pytest
from cases import CASES, case_text

from rules_py import check_json
from rules_py.clauses import anchor

CONTRACT_KEYS = ["notice", "eligible", "routes", "common", "checklist"]
ROUTES = ["normal", "transfer", "skilled", "exceptional"]
ROUTE_FACTS = [
    "status",
    "path",
    "rules",
    "since_field",
    "since",
    "years",
    "needed",
    "after_cutoff",
    "possible_from",
    "missing",
    "committee",
]
PATHS = {
    "normal": {"engineering_doctorate", "engineering_degree", "practice_qualification"},
    "skilled": {"senior_technician", "honour"},
}


def run(case: dict[str, Any]) -> tuple[dict[str, Any], int, str]:
    text, code = check_json(case_text(case))
    return json.loads(text), code, text


def all_reasons(result: dict[str, Any]) -> list[dict[str, Any]]:
    groups = [*result["routes"].values(), *result["common"].values()]
    return [r for g in groups for r in g["reasons"]]


def assert_shape(result: dict[str, Any]) -> None:
    assert list(result)[:5] == CONTRACT_KEYS
    assert list(result)[5:] == ["advice", "facts"]
    assert list(result["facts"]) == [*ROUTES, "assessment", "continuing_education"]
    for name in ROUTES:
        found = result["facts"][name]
        assert list(found)[: len(ROUTE_FACTS)] == ROUTE_FACTS, name
        assert found["status"] == result["routes"][name]["status"]
        reasons = {r["rule"] for r in result["routes"][name]["reasons"]}
        assert set(found["rules"]) <= reasons and set(found["committee"]) <= reasons
        if found["status"] == "meets":
            assert found["path"] == result["routes"][name].get("path")
            assert found["possible_from"] is None
    for name in ("assessment", "continuing_education"):
        assert list(result["facts"][name]) == ["status", "years", "missing", "short"]
    assert list(result["routes"]) == ROUTES
    assert list(result["common"]) == ["assessment", "continuing_education"]
    for name, route in result["routes"].items():
        keys = (
            ["status", "path", "reasons"]
            if route["status"] == "meets" and name in PATHS
            else [
                "status",
                "reasons",
            ]
        )
        assert list(route) == keys, name
        if "path" in route:
            assert route["path"] in PATHS[name]
    for reason in all_reasons(result):
        assert list(reason) == ["rule", "ok", "message", "clause"]
        assert isinstance(reason["ok"], bool) and reason["message"]
        assert anchor(reason["clause"]).startswith("/attachment-1/#a1-")
    meets = [r["status"] == "meets" for r in result["routes"].values()]
    common = [c["status"] == "meets" for c in result["common"].values()]
    assert result["eligible"] == (any(meets) and all(common))
    assert all(isinstance(a, str) and a for a in result["advice"])


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case(case: dict[str, Any]) -> None:
    result, code, text = run(case)
    expect = case["expect"]
    assert text.endswith("}\n")
    if "error_field" in expect:
        assert code == 2
        assert list(result) == ["error"] and list(result["error"]) == ["field", "message"]
        assert result["error"]["field"] == expect["error_field"]
        message = result["error"]["message"]
        assert "Traceback" not in message and any("\u4e00" <= ch <= "\u9fff" for ch in message)
        if expect["error_field"] != "$":
            assert expect["error_field"].split("[")[0].split(".")[0] in message
        return
    assert code == 0, text
    assert_shape(result)
    if "eligible" in expect:
        assert result["eligible"] is expect["eligible"]
    for route, status in expect.get("routes", {}).items():
        assert result["routes"][route]["status"] == status, route
    for route, path in expect.get("paths", {}).items():
        assert result["routes"][route]["status"] == "meets"
        assert result["routes"][route]["path"] == path
    outcome = {r["rule"]: r["ok"] for r in all_reasons(result)}
    for rule in expect.get("failed", []):
        assert outcome[rule] is False, rule
    for rule in expect.get("passed", []):
        assert outcome[rule] is True, rule
    for condition, status in expect.get("common", {}).items():
        assert result["common"][condition]["status"] == status
    if "checklist" in expect:
        assert [c["item"] for c in result["checklist"]] == expect["checklist"]
        assert all(list(c) == ["item", "text"] and c["text"] for c in result["checklist"])
    advice = "\n".join(result["advice"])
    for fragment in expect.get("advice", []):
        assert fragment in advice
    for fragment in expect.get("no_advice", []):
        assert fragment not in advice
    messages = {r["rule"]: r["message"] for r in all_reasons(result)}
    for rule, fragments in expect.get("messages", {}).items():
        for fragment in fragments:
            assert fragment in messages[rule], (rule, messages[rule])
    for name, wanted in expect.get("facts", {}).items():
        for key, value in wanted.items():
            assert result["facts"][name][key] == value, (name, key)
    conditions = {c["number"]: c for c in result["facts"]["exceptional"].get("conditions", [])}
    for number, (basis, counts) in expect.get("conditions", {}).items():
        assert (conditions[number]["basis"], conditions[number]["counts"]) == (basis, counts)
    exceptional = result["routes"].get("exceptional", {"reasons": []})
    reasons = {r["rule"]: r["ok"] for r in exceptional["reasons"]}
    for found in conditions.values():
        assert reasons[found["rule"]] is found["counts"], found  # each condition's own reason


def test_every_rule_is_seen_passing_and_failing() -> None:
    """The table covers every rule both ways (the merit review note is always ok)."""
    seen: dict[str, set[bool]] = defaultdict(set)
    for case in CASES:
        result, code, _ = run(case)
        if code == 0:
            for reason in all_reasons(result):
                seen[reason["rule"]].add(reason["ok"])
    assert seen.pop("exceptional_merit_review") == {True}
    expected_rules = {
        "engineering_doctorate_degree",
        "engineering_doctorate_years",
        "engineering_degree",
        "engineering_degree_years",
        "practice_qualification",
        "practice_qualification_years",
        "other_senior_title",
        "field_work_years",
        "senior_technician_years",
        "skill_honour",
        "exceptional_condition_count",
        "exceptional_engineer_years",
        *(f"exceptional_condition_{n}" for n in range(1, 7)),
        *(f"assessment_{y}" for y in (2020, 2021, 2022)),
        *(
            f"continuing_education_{y}_{k}"
            for y in (2021, 2022, 2023)
            for k in ("total", "professional", "public")
        ),
    }
    assert set(seen) == expected_rules
    one_sided = {rule: outcomes for rule, outcomes in seen.items() if outcomes != {True, False}}
    assert one_sided == {}


def test_reason_messages_say_what_is_missing() -> None:
    result = json.loads(check_json("{}")[0])
    messages = {r["rule"]: r["message"] for r in all_reasons(result)}
    assert "未填写取得工程师资格日期" in messages["engineering_degree_years"]
    assert "未填写学历" in messages["engineering_degree"]
    assert "未填写2020年度考核结果" in messages["assessment_2020"]
    assert "未填写2021年继续教育总学时" in messages["continuing_education_2021_total"]


def test_exceptional_result_says_the_committee_still_judges() -> None:
    result = json.loads(check_json(json.dumps({"exceptional_conditions": [1, 2, 3]}))[0])
    notes = [r for r in result["routes"]["exceptional"]["reasons"] if r["rule"].endswith("review")]
    assert "成绩显著、贡献突出" in notes[0]["message"]


def test_output_is_compact_utf8_with_two_space_indent() -> None:
    text, _ = check_json("{}")
    assert text.startswith('{\n  "notice": "hz-2023-chem-textile",\n  "eligible": false,')
    assert "\\u" not in text and "正常申报" not in text[:0]
