"""Conditions common to every route, year by year: 考核 (附件1 三) and 继续教育 (附件1 四).

The notice's data lists them (`[[common]]`, each with its `kind`); each returns the contract's
condition object and its facts: the years asked for, the years not answered, the years short.
"""

from __future__ import annotations

from typing import Any

from .case import Case
from .notices import Provision
from .reasons import fmt_number, reason


def _condition(reasons: list[dict[str, Any]]) -> dict[str, Any]:
    ok = all(r["ok"] for r in reasons)
    return {"status": "meets" if ok else "does_not_meet", "reasons": reasons}


def _facts(result: dict[str, Any], years: tuple[int, ...], missing: list[int], short: list[int]):
    return {"status": result["status"], "years": list(years), "missing": missing, "short": short}


def assessment(case: Case, condition: Provision) -> tuple[dict[str, Any], dict[str, Any]]:
    labels = {g.id: g.label for g in condition.items}
    passing = {g.id for g in condition.items if g.value("passing")}
    reasons, missing, short = [], [], []
    years = condition.value("years")
    for year in years:
        rule = f"assessment_{year}"
        grade = case.a.assessment(year)
        if grade is None:
            missing.append(year)
            message = f"未填写{year}年度考核结果（须合格及以上）"
            reasons.append(reason(rule, False, message, condition.clause))
        elif grade in passing:
            reasons.append(reason(rule, True, f"{year}年度考核{labels[grade]}", condition.clause))
        else:
            short.append(year)
            message = f"{year}年度考核{labels[grade]}，须合格（含）以上"
            reasons.append(reason(rule, False, message, condition.clause))
    result = _condition(reasons)
    return result, _facts(result, years, missing, short)


def continuing_education(case: Case, condition: Provision) -> tuple[dict[str, Any], dict[str, Any]]:
    reasons, missing, short = [], [], []
    years = condition.value("years")
    for year in years:
        hours = case.a.hours(year)
        if hours is None:
            missing.append(year)
        for item in condition.items:
            rule = f"continuing_education_{year}_{item.id}"
            needed = item.value("hours")
            value = getattr(hours, item.id) if hours else None
            if value is None:
                message = f"未填写{year}年继续教育{item.label}（须不少于{fmt_number(needed)}学时）"
                reasons.append(reason(rule, False, message, condition.clause))
                continue
            ok = value >= needed
            verdict = "符合" if ok else f"不足，差{fmt_number(needed - value)}学时"
            message = (
                f"{year}年继续教育{item.label}{fmt_number(value)}，须不少于{fmt_number(needed)}，"
                f"{verdict}"
            )
            reasons.append(reason(rule, ok, message, condition.clause))
            if not ok and year not in short:
                short.append(year)
    result = _condition(reasons)
    return result, _facts(result, years, missing, short)


KINDS = {"assessment": assessment, "continuing_education": continuing_education}


def evaluate(case: Case, condition: Provision) -> tuple[dict[str, Any], dict[str, Any]]:
    if condition.kind not in KINDS:
        raise ValueError(f"{condition.clause}: no common condition of kind {condition.kind!r}")
    return KINDS[condition.kind](case, condition)
