"""Conditions common to every route: 考核 (附件1 三) and 继续教育 (附件1 四), year by year."""

from __future__ import annotations

from typing import Any

from .applicant import Applicant
from .parameters import Parameters
from .reasons import fmt_number, reason

ASSESSMENT = "附件1 三"
CONTINUING_EDUCATION = "附件1 四"


def assessment_year(year: int, a: Applicant, p: Parameters) -> dict[str, Any]:
    rule = f"assessment_{year}"
    grade = a.assessment(year)
    if grade is None:
        return reason(rule, False, f"未填写{year}年度考核结果（须合格及以上）", ASSESSMENT)
    label = p.assessment_labels[grade]
    if grade in p.assessment_passing:
        return reason(rule, True, f"{year}年度考核{label}", ASSESSMENT)
    return reason(rule, False, f"{year}年度考核{label}，须合格（含）以上", ASSESSMENT)


def assessment(a: Applicant, p: Parameters) -> dict[str, Any]:
    reasons = [assessment_year(y, a, p) for y in p.assessment_years]
    return _condition(reasons)


def hours_year(year: int, a: Applicant, p: Parameters) -> list[dict[str, Any]]:
    hours = a.hours(year)
    checks = (
        ("total", "总学时", p.ce_total),
        ("professional", "专业科目学时", p.ce_professional),
        ("public", "行业公需和一般公需科目学时", p.ce_public),
    )
    result = []
    for key, name, needed in checks:
        rule = f"continuing_education_{year}_{key}"
        value = getattr(hours, key) if hours else None
        if value is None:
            message = f"未填写{year}年继续教育{name}（须不少于{fmt_number(needed)}学时）"
            result.append(reason(rule, False, message, CONTINUING_EDUCATION))
            continue
        ok = value >= needed
        verdict = "符合" if ok else f"不足，差{fmt_number(needed - value)}学时"
        message = (
            f"{year}年继续教育{name}{fmt_number(value)}，须不少于{fmt_number(needed)}，{verdict}"
        )
        result.append(reason(rule, ok, message, CONTINUING_EDUCATION))
    return result


def continuing_education(a: Applicant, p: Parameters) -> dict[str, Any]:
    reasons = [r for y in p.ce_years for r in hours_year(y, a, p)]
    return _condition(reasons)


def _condition(reasons: list[dict[str, Any]]) -> dict[str, Any]:
    ok = all(r["ok"] for r in reasons)
    return {"status": "meets" if ok else "does_not_meet", "reasons": reasons}
