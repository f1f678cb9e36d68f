"""Who the evaluation is for (通知 一 评审范围): the self-check's first questions.

Three questions, each with the answers that end the check ("本次评审不适用于您") and why:
the employer is a unit of the city (a district, county or city of the 附件4 list, or a 市直
department's unit; the answer also names the office the papers go to), not a unit managed like
the civil service (参公), and the work is engineering or engineering management in the notice's
fields. These are page answers, not fields of the eligibility contract: out_of_scope() reads them
as the page does, for tests and tools.
"""

from __future__ import annotations

from typing import Any

from .clauses import anchor
from .notices import Notice

OUTSIDE = "outside"
CITY = "city"  # a unit of a 市直 department (its papers go through that department)


def _stop(reason: str, clause: str) -> dict[str, Any]:
    return {"reason": reason, "clause": clause, "anchor": anchor(clause)}


def questions(n: Notice) -> list[dict[str, Any]]:
    """The scope questions in the form's question format (see rules_py.form)."""
    s = n.scope
    clause = s.clause
    fields = "、".join(s.fields)
    work = "或".join(s.work)
    units = [{"value": o.code, "label": o.district} for o in n.offices.districts]
    units.append({"value": CITY, "label": f"{n.offices.city_departments_name}所属的企事业单位"})
    units.append(
        {
            "value": OUTSIDE,
            "label": f"不属于以上任何一个（不是{s.region}）",
            "stop": _stop(f"本次评审只受理{s.region}的人员。", clause),
        }
    )
    return [
        {
            "id": "unit",
            "kind": "select",
            "label": "您的工作单位属于哪个区、县（市），或哪个市直部门？",
            "hint": "按单位的隶属关系选择。纸质材料按这里的选择报送相应的受理部门。",
            "terms": ["scope"],
            "options": units,
            "clause": clause,
            "anchor": anchor(clause),
        },
        {
            "id": "civil_service",
            "kind": "choice",
            "label": f"您的单位是否为{s.excluded}（参公单位）？",
            "terms": ["civil_service_managed"],
            "options": [
                {
                    "value": "yes",
                    "label": "是",
                    "stop": _stop(f"{s.excluded}的人员不在本次评审范围内。", clause),
                },
                {"value": "no", "label": "否"},
            ],
            "clause": clause,
            "anchor": anchor(clause),
        },
        {
            "id": "work",
            "kind": "choice",
            "label": "您现在从事的是什么工作？",
            "hint": "不确定专业是否属于本次评审的，可在省平台本次评审计划的“可评审专业”中查看。",
            "options": [
                {"value": "field", "label": f"{fields}等专业的{work}工作"},
                {
                    "value": "other_field",
                    "label": f"其他专业的{work}工作（如机械、电子、建筑）",
                    "stop": _stop(
                        f"本次评审只面向{fields}等专业；其他专业请参加相应专业的评审。", clause
                    ),
                },
                {
                    "value": "not_engineering",
                    "label": f"不是{work}工作",
                    "stop": _stop(f"本次评审只面向从事{work}工作的人员。", clause),
                },
            ],
            "clause": clause,
            "anchor": anchor(clause),
        },
    ]


def step(n: Notice) -> dict[str, Any]:
    s = n.scope
    return {
        "id": "scope",
        "title": "本次评审是否适用于您",
        "intro": (
            f"{n.evaluation}面向{s.region}（不含{s.excluded}）从事"
            f"{'、'.join(s.fields)}等专业{'、'.join(s.work)}工作的人员（{s.clause}）。"
        ),
        "questions": questions(n),
    }


def out_of_scope(answers: dict[str, Any], n: Notice) -> list[dict[str, Any]]:
    """The stops the page answers reach (empty: in scope, or not yet answered)."""
    found = []
    for q in questions(n):
        for option in q["options"]:
            if answers.get(q["id"]) == option["value"] and "stop" in option:
                found.append({"question": q["id"], **option["stop"]})
    return found
