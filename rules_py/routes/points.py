"""积分申报 (a points route): the applicant scores themselves on the notice's published scale,
item by item; the route meets when the total reaches the pass mark. The committee checks each
score against the proof, so the result marks the scores as the applicant's own.

Data (the route's table): `pass_mark`, and one item per line of the scale with its `max` points.
Input (a field this kind of route adds): `points`, an object {item id: points scored}, each
item of the scale at most its `max`; an unknown item, a negative or too high score is invalid.
"""

from __future__ import annotations

import math
from typing import Any

from ..applicant import InputError
from ..case import Case
from ..clauses import anchor
from ..fields import Field
from ..notices import Notice, Provision
from ..reasons import fmt_number, reason, route
from . import Outcome, facts

FIELDS = (
    Field(
        "points",
        "points",
        "积分自评",
        "按本通知公布的评分标准逐项自评的得分",
        "",
        "points",
    ),
)


def parse(field: Field, value: Any, route_data: Provision) -> tuple[tuple[str, float], ...]:
    if not isinstance(value, dict):
        raise InputError(
            field.name, f"字段 {field.name}（{field.label}）应为对象：{{评分项: 得分}}"
        )
    scale = {item.id: item for item in route_data.items}
    scores = []
    for key, score in value.items():
        path = f"{field.name}.{key}"
        if key not in scale:
            names = "、".join(f"{i.id}（{i.label}）" for i in route_data.items)
            raise InputError(path, f"没有评分项 {key}，可选：{names}")
        if score is None:
            continue
        if (
            isinstance(score, bool)
            or not isinstance(score, (int, float))
            or not math.isfinite(score)
        ):
            raise InputError(path, f"{scale[key].label}的得分应为数字")
        top = scale[key].value("max")
        if not 0 <= score <= top:
            raise InputError(path, f"{scale[key].label}的得分应在 0–{fmt_number(top)} 分之间")
        scores.append((key, score))
    return tuple(scores)


def evaluate(case: Case, route_data: Provision) -> Outcome:
    given = dict(case.a.extra).get("points")
    pass_mark = route_data.value("pass_mark")
    clause = route_data.clause
    if given is None:
        message = f"未填写积分自评（合格线{fmt_number(pass_mark)}分）"
        total_reason = reason("points_total", False, message, clause)
        total = None
    else:
        scored = dict(given)
        total = sum(scored.values())
        ok = total >= pass_mark
        parts = "、".join(
            f"{item.label}{fmt_number(scored[item.id])}分"
            for item in route_data.items
            if item.id in scored
        )
        verdict = "符合" if ok else f"不足，差{fmt_number(pass_mark - total)}分"
        message = (
            f"自评积分合计{fmt_number(total)}分（{parts}），合格线{fmt_number(pass_mark)}分，"
            f"{verdict}"
        )
        total_reason = reason("points_total", ok, message, clause)
    review = reason(
        "points_review",
        True,
        "各项得分由评审委员会对照证明材料核实，本自查按本人自评计算",
        clause,
    )
    ok = total_reason["ok"]
    found = facts(
        ok,
        None,
        [total_reason["rule"], review["rule"]],
        missing=[] if given is not None else ["points"],
        committee=[review["rule"]],
    )
    found["points"] = {"total": total, "pass_mark": pass_mark}
    return Outcome(route(ok, [total_reason, review]), found)


def questions(notice: Notice, route_data: Provision) -> list[dict[str, Any]]:
    """What the self-check page asks for this route (rules_py.form's format): one score per
    item of the published scale, each from 0 to its `max`, with the pass mark for the total."""
    items = [
        {
            "id": item.id,
            "label": item.label,
            "max": item.value("max"),
            "text": notice.clause(item.clause).text,
            "clause": item.clause,
            "anchor": anchor(item.clause),
        }
        for item in route_data.items
    ]
    return [
        {
            "id": "points",
            "kind": "scores",
            "label": "按评分标准逐项填写您的自评得分",
            "hint": (
                "每项填写0到该项满分之间的分数，没有得分的填0；"
                "各项得分由评审委员会对照证明材料核实。"
            ),
            "items": items,
            "total_label": "自评合计",
            "pass_mark": route_data.value("pass_mark"),
            "field": "points",
            "clause": route_data.clause,
            "anchor": anchor(route_data.clause),
        }
    ]


def advise(case: Case, route_data: Provision, found: dict[str, Any]) -> list[str]:
    """What the route lacks, from its facts: how far the self-scored total is below the pass
    mark (nothing when no score was given: the page asks for every item)."""
    points = found.get("points") or {}
    total, pass_mark = points.get("total"), points.get("pass_mark")
    if total is None or total >= pass_mark:
        return []
    return [
        f"按{route_data.label}，自评积分还差{fmt_number(pass_mark - total)}分达到合格线"
        f"{fmt_number(pass_mark)}分；请对照评分标准（{route_data.clause}）核对各项得分及证明材料"
    ]
