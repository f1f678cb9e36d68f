"""Properties that hold for every input (Hypothesis): monotone in hours and years, and blind to
the order of list fields; check_json never raises, whatever the text."""

from __future__ import annotations

import copy
import json
from datetime import date, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rules_py import check, check_json
from rules_py.parameters import PARAMETERS

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
LEVELS = list(PARAMETERS.levels)
HONOURS = list(PARAMETERS.honours)
DATE_FIELDS = [
    "engineer_qualified_on",
    "intermediate_appointed_on",
    "field_work_since",
    "senior_technician_on",
    "engineering_work_since",
]
BOOL_FIELDS = [
    "registered_qualification",
    "retraining_certificate",
    "practice_qualification",
    "other_senior_title",
]

dates = st.dates(min_value=date(1975, 1, 1), max_value=date(2025, 12, 31))
degree = st.fixed_dictionaries(
    {"level": st.sampled_from(LEVELS), "engineering": st.booleans(), "related": st.booleans()}
)
hours_value = st.one_of(st.none(), st.integers(0, 150), st.floats(0, 150, allow_nan=False))
year_hours = st.fixed_dictionaries(
    {},
    optional={"professional": hours_value, "public": hours_value, "total": hours_value},
)
grades = st.sampled_from(["excellent", "competent", "basic", "incompetent"])


@st.composite
def applicants(draw: st.DrawFn) -> dict[str, Any]:
    """Valid inputs, biased towards people near the thresholds who meet the common conditions."""
    data: dict[str, Any] = {"education": draw(st.lists(degree, max_size=3))}
    for name in BOOL_FIELDS:
        value = draw(st.sampled_from([None, True, False]))
        if value is not None:
            data[name] = value
    for name in DATE_FIELDS:
        if draw(st.booleans()):
            data[name] = draw(dates).isoformat()
    data["skill_honours"] = draw(st.lists(st.sampled_from(HONOURS), max_size=2))
    data["exceptional_conditions"] = draw(st.lists(st.integers(1, 6), max_size=4))
    good = draw(st.booleans())
    data["assessments"] = {
        str(y): ("competent" if good else draw(grades)) for y in (2020, 2021, 2022)
    }
    data["continuing_education"] = {
        str(y): (
            {"professional": 60, "public": 30} if good and draw(st.booleans()) else draw(year_hours)
        )
        for y in (2021, 2022, 2023)
    }
    return data


@SETTINGS
@given(applicants(), st.data())
def test_more_hours_never_lose_eligibility(applicant: dict[str, Any], data: st.DataObject) -> None:
    more = copy.deepcopy(applicant)
    for year in more["continuing_education"].values():
        for key in ("professional", "public", "total"):
            extra = data.draw(st.integers(0, 40))
            if year.get(key) is not None:
                year[key] += extra
            elif extra and data.draw(st.booleans()) and key != "total":
                year[key] = extra
    before, after = check(applicant), check(more)
    if before["eligible"]:
        assert after["eligible"]
    if before["common"]["continuing_education"]["status"] == "meets":
        assert after["common"]["continuing_education"]["status"] == "meets"


@SETTINGS
@given(applicants(), st.data())
def test_earlier_start_dates_never_lose_eligibility(
    applicant: dict[str, Any], data: st.DataObject
) -> None:
    earlier = copy.deepcopy(applicant)
    for name in DATE_FIELDS:
        if name in earlier:
            days = data.draw(st.integers(0, 3000))
            start = date.fromisoformat(earlier[name]) - timedelta(days=days)
            earlier[name] = start.isoformat()
    before, after = check(applicant), check(earlier)
    if before["eligible"]:
        assert after["eligible"], json.dumps([applicant, earlier], ensure_ascii=False)
    for route in ("normal", "transfer", "skilled"):
        if before["routes"][route]["status"] == "meets":
            assert after["routes"][route]["status"] == "meets"


TIED_DEGREES = {  # found by Hypothesis: two 大专 of different kinds, counted via retraining
    "education": [
        {"level": "college", "engineering": False, "related": False},
        {"level": "college", "engineering": True, "related": False},
    ],
    "retraining_certificate": True,
    "skill_honours": [],
    "exceptional_conditions": [],
}


@SETTINGS
@given(applicants(), st.randoms(use_true_random=False))
def test_order_of_list_fields_does_not_matter(applicant: dict[str, Any], rnd: Any) -> None:
    shuffled = copy.deepcopy(applicant)
    for name in ("education", "skill_honours", "exceptional_conditions"):
        rnd.shuffle(shuffled[name])
    assert check_json(json.dumps(shuffled)) == check_json(json.dumps(applicant))


def test_tied_degrees_in_either_order() -> None:
    reverse = {**TIED_DEGREES, "education": TIED_DEGREES["education"][::-1]}
    assert check_json(json.dumps(reverse)) == check_json(json.dumps(TIED_DEGREES))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)
field_names = st.sampled_from(
    [*DATE_FIELDS, *BOOL_FIELDS, "education", "skill_honours", "exceptional_conditions"]
    + ["assessments", "continuing_education", "notice"]
)


@SETTINGS
@given(st.dictionaries(field_names, json_values, max_size=5))
def test_any_json_object_gets_a_result_or_a_chinese_error(data: dict[str, Any]) -> None:
    text, code = check_json(json.dumps(data))
    result = json.loads(text)
    assert code in (0, 2)
    if code == 2:
        assert set(result["error"]) == {"field", "message"} and result["error"]["message"]
    else:
        assert "eligible" in result


@SETTINGS
@given(st.text(max_size=40))
def test_any_text_gets_a_result_or_an_error(text: str) -> None:
    output, code = check_json(text)
    assert code in (0, 2) and json.loads(output)
