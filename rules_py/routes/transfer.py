"""转（兼）评申报 (附件1 二(二)): another series' senior title and 满 N 年 in the field."""

from __future__ import annotations

from typing import Any

from ..case import Case
from ..notices import Provision
from ..reasons import reason, route, years_rule
from . import Outcome, facts


def other_senior_title(case: Case, clause: str) -> dict[str, Any]:
    rule = "other_senior_title"
    if case.a.other_senior_title:
        return reason(rule, True, "已取得其他系列高级职称", clause)
    if case.a.other_senior_title is None:
        return reason(rule, False, "未填写是否取得其他系列高级职称", clause)
    return reason(rule, False, "未取得其他系列高级职称", clause)


def evaluate(case: Case, route_data: Provision) -> Outcome:
    clause = route_data.clause
    title = other_senior_title(case, clause)
    years = years_rule(
        "field_work_years",
        clause,
        "field_work_since",
        case.a.field_work_since,
        route_data.value("years"),
        case.cutoff,
        "因岗位变动实际从事化工、轻纺工程专业技术工作",
        "从事化工、轻纺工程专业技术工作起始日期",
    )
    ok = title["ok"] and years.ok
    missing = ["other_senior_title"] if case.a.other_senior_title is None else []
    if years.since is None:
        missing.append(years.field)
    return Outcome(
        route(ok, [title, years.reason]),
        facts(
            ok, None, [title["rule"], years.reason["rule"]], years, missing, possible=title["ok"]
        ),
    )
