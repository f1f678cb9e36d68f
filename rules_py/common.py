"""Conditions common to every route, year by year: 考核 (附件1 三) and 继续教育 (附件1 四).

The notice's data lists them (`[[common]]`, each with its `kind`); each returns the contract's
condition object and its facts: the years asked for, the years not answered, the years short.
"""

from __future__ import annotations

from typing import Any

from .case import Case
from .derived import derived
from .notices import Provision
from .reasons import fmt_number, reason


def _condition(reasons: list[dict[str, Any]]) -> dict[str, Any]:
    ok = all(r["ok"] for r in reasons)
    return {"status": "meets" if ok else "does_not_meet", "reasons": reasons}


def _facts(result: dict[str, Any], years: tuple[int, ...], missing: list[int], short: list[int]):
    return {"status": result["status"], "years": list(years), "missing": missing, "short": short}


def _grades(condition: Provision) -> tuple[dict[str, str], set[str]]:
    """The grades' labels, and the grades that pass (their `passing` value)."""
    labels = {g.id: g.label for g in condition.items}
    return labels, {g.id for g in condition.items if g.value("passing")}


def assessment(case: Case, condition: Provision) -> tuple[dict[str, Any], dict[str, Any]]:
    labels, passing = derived(_grades, condition)
    reasons, missing, short = [], [], []
    years, clause = condition.value("years"), condition.clause
    for year in years:
        rule = f"assessment_{year}"
        grade = case.a.assessment(year)
        if grade is None:
            missing.append(year)
            message = f"未填写{year}年度考核结果（须合格及以上）"
            reasons.append(reason(rule, False, message, clause))
        elif grade in passing:
            reasons.append(reason(rule, True, f"{year}年度考核{labels[grade]}", clause))
        else:
            short.append(year)
            message = f"{year}年度考核{labels[grade]}，须合格（含）以上"
            reasons.append(reason(rule, False, message, clause))
    result = _condition(reasons)
    return result, _facts(result, years, missing, short)


def _least_hours(condition: Provision) -> tuple[tuple[str, str, float, str], ...]:
    """Each kind of hours (total, professional, public): its id, label, and the least hours a year,
    as a number and as the messages write it."""
    return tuple(
        (item.id, item.label, item.value("hours"), fmt_number(item.value("hours")))
        for item in condition.items
    )


def continuing_education(case: Case, condition: Provision) -> tuple[dict[str, Any], dict[str, Any]]:
    reasons, missing, short = [], [], []
    years, clause = condition.value("years"), condition.clause
    least_hours = derived(_least_hours, condition)
    for year in years:
        hours = case.a.hours(year)
        if hours is None:
            missing.append(year)
        for kind, label, needed, least in least_hours:
            rule = f"continuing_education_{year}_{kind}"
            value = getattr(hours, kind) if hours else None
            if value is None:
                message = f"未填写{year}年继续教育{label}（须不少于{least}学时）"
                reasons.append(reason(rule, False, message, clause))
                continue
            ok = value >= needed
            verdict = "符合" if ok else f"不足，差{fmt_number(needed - value)}学时"
            message = f"{year}年继续教育{label}{fmt_number(value)}，须不少于{least}，{verdict}"
            reasons.append(reason(rule, ok, message, clause))
            if not ok and year not in short:
                short.append(year)
    result = _condition(reasons)
    return result, _facts(result, years, missing, short)


KINDS = {"assessment": assessment, "continuing_education": continuing_education}


def evaluate(case: Case, condition: Provision) -> tuple[dict[str, Any], dict[str, Any]]:
    if condition.kind not in KINDS:
        raise ValueError(f"{condition.clause}: no common condition of kind {condition.kind!r}")
    return KINDS[condition.kind](case, condition)
