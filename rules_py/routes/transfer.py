"""转（兼）评申报 (附件1 二(二)): another series' senior title and 满 1 年 in the field."""

from __future__ import annotations

from typing import Any

from ..applicant import Applicant
from ..parameters import Parameters
from ..reasons import reason, route, years_rule

CLAUSE = "附件1 二(二)"


def other_senior_title(a: Applicant, p: Parameters) -> tuple[bool, dict[str, Any]]:
    rule = "other_senior_title"
    if a.other_senior_title:
        return True, reason(rule, True, "已取得其他系列高级职称", CLAUSE)
    if a.other_senior_title is None:
        return False, reason(rule, False, "未填写是否取得其他系列高级职称", CLAUSE)
    return False, reason(rule, False, "未取得其他系列高级职称", CLAUSE)


def field_work_years(a: Applicant, p: Parameters) -> tuple[bool, dict[str, Any]]:
    return years_rule(
        "field_work_years",
        CLAUSE,
        a.field_work_since,
        p.transfer_years,
        p.cutoff,
        "因岗位变动实际从事化工、轻纺工程专业技术工作",
        "从事化工、轻纺工程专业技术工作起始日期",
    )


def evaluate(a: Applicant, p: Parameters) -> dict[str, Any]:
    results = [other_senior_title(a, p), field_work_years(a, p)]
    return route(all(ok for ok, _ in results), [r for _, r in results])
