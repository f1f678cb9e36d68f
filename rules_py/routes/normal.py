"""正常申报 (附件1 二(一)): any one of three paths."""

from __future__ import annotations

from typing import Any

from ..applicant import Applicant
from ..education import (
    describe_missing_degree,
    has_counted_doctorate,
    has_required_degree,
    match_basis,
)
from ..parameters import Parameters
from ..reasons import reason, route, years_rule

DOCTORATE = "附件1 二(一)1"
DEGREE = "附件1 二(一)2"
PRACTICE = "附件1 二(一)3"


def doctorate_degree(a: Applicant, p: Parameters) -> tuple[bool, dict[str, Any]]:
    rule = "engineering_doctorate_degree"
    if has_counted_doctorate(a, p):
        return True, reason(rule, True, f"具有工程博士学位{match_basis(a)}", DOCTORATE)
    if any(d.level == "engineering_doctorate" for d in a.education):
        message = "工程博士学位所学专业与从事专业不一致或不相近，不计为规定学历"
    else:
        message = "未具有工程博士学位"
    return False, reason(rule, False, message, DOCTORATE)


def doctorate_years(a: Applicant, p: Parameters) -> tuple[bool, dict[str, Any]]:
    return years_rule(
        "engineering_doctorate_years",
        DOCTORATE,
        a.engineer_qualified_on,
        p.doctorate_years,
        p.cutoff,
        "取得工程师资格",
        "取得工程师资格日期",
    )


def engineering_degree(a: Applicant, p: Parameters) -> tuple[bool, dict[str, Any]]:
    rule = "engineering_degree"
    if has_required_degree(a, p):
        label = p.level_labels[p.degree_min_level]
        message = f"具有工程技术类{label}以上学历，专业一致或相近{match_basis(a)}"
        return True, reason(rule, True, message, DEGREE)
    return False, reason(rule, False, describe_missing_degree(a, p), DEGREE)


def degree_years(a: Applicant, p: Parameters) -> tuple[bool, dict[str, Any]]:
    return years_rule(
        "engineering_degree_years",
        DEGREE,
        a.engineer_qualified_on,
        p.degree_years,
        p.cutoff,
        "取得工程师资格",
        "取得工程师资格日期",
    )


def practice_qualification(a: Applicant, p: Parameters) -> tuple[bool, dict[str, Any]]:
    rule = "practice_qualification"
    if a.practice_qualification:
        return True, reason(rule, True, "已取得国家工程技术类相应执业资格", PRACTICE)
    message = (
        "未填写是否取得执业资格"
        if a.practice_qualification is None
        else "未取得国家工程技术类相应执业资格"
    )
    return False, reason(rule, False, message, PRACTICE)


def practice_years(a: Applicant, p: Parameters) -> tuple[bool, dict[str, Any]]:
    return years_rule(
        "practice_qualification_years",
        PRACTICE,
        a.intermediate_appointed_on,
        p.practice_years,
        p.cutoff,
        "担任相应中级职务",
        "聘任相应中级职务日期",
    )


PATHS = (
    ("engineering_doctorate", doctorate_degree, doctorate_years),
    ("engineering_degree", engineering_degree, degree_years),
    ("practice_qualification", practice_qualification, practice_years),
)


def evaluate(a: Applicant, p: Parameters) -> dict[str, Any]:
    reasons: list[dict[str, Any]] = []
    met: str | None = None
    for path, *rules in PATHS:
        results = [rule(a, p) for rule in rules]
        reasons += [r for _, r in results]
        if met is None and all(ok for ok, _ in results):
            met = path
    return route(met is not None, reasons, met)
