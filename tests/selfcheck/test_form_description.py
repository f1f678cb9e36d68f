"""The form description the self-check page draws from: every field, enum labels from data."""

from __future__ import annotations

import json

from rules_py import notices
from rules_py.form import describe, describe_json


def test_every_contract_field_with_chinese_label_and_anchor() -> None:
    form = describe()
    names = [f["name"] for f in form["fields"]]
    assert names[:2] == ["notice", "education"] and len(names) == 16  # 15 + engineer_post_since
    for f in form["fields"]:
        assert any("\u4e00" <= ch <= "\u9fff" for ch in f["label"])
        assert f["anchor"].startswith(("/attachment-1/", "/notice/"))


def test_enums_come_from_the_notice_data() -> None:
    notice = notices.current()
    fields = {f["name"]: f for f in describe()["fields"]}
    levels = {o["value"]: o["label"] for o in fields["education"]["options"]}
    assert levels == notice.education.labels
    honours = {o["value"]: o["label"] for o in fields["skill_honours"]["options"]}
    assert honours == {h.id: h.label for h in notice.route("skilled").path("honour").items}
    assert [o["value"] for o in fields["exceptional_conditions"]["options"]] == [1, 2, 3, 4, 5, 6]
    assert fields["assessments"]["years"] == [2020, 2021, 2022]
    assert fields["continuing_education"]["minimum"] == {
        "total": 90,
        "professional": 60,
        "public": 18,
    }


def test_checklists_and_json_form() -> None:
    form = json.loads(describe_json())
    uploads = form["checklists"]["uploads"]
    assert [u["item"] for u in uploads] == [f"({i})" for i in range(1, 11)]
    assert form["checklists"]["self_report"]["max_chars"] == 1000
    assert form["checklists"]["photo"]["min_width_exclusive"] == 215
    assert form["years_counted_to"] == "2023-12-31"
