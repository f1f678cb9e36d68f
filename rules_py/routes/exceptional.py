"""破格申报 (附件1 二(四)): three or more of six conditions, and the engineer-years window.

Condition 6 is also met, claimed or not, by a counted 大专 degree with 20+ years of engineering
work or a counted 中专 degree with 25+ years. The window is (a) 5+ years as engineer without
规定学历, or (b) 规定学历 and 4 to under 5 years (一般提前时间不超过1年). The committee still
judges 成绩显著、贡献突出; the result says so.
"""

from __future__ import annotations

from typing import Any

from ..applicant import Applicant
from ..education import counted_degrees, has_required_degree
from ..parameters import Parameters
from ..periods import whole_years
from ..reasons import fmt_date, reason, route

CLAUSE = "附件1 二(四)"


def condition_clause(number: int) -> str:
    return f"{CLAUSE}{number}"


def work_years_condition(a: Applicant, p: Parameters) -> str | None:
    """Why condition 6 holds from the data given, or None."""
    if a.engineering_work_since is None:
        return None
    years = whole_years(a.engineering_work_since, p.cutoff)
    levels = {d.level for d in counted_degrees(a, p)}
    for level, needed in (("college", p.college_work_years), ("secondary", p.secondary_work_years)):
        if level in levels and years >= needed:
            return (
                f"具有本专业{p.level_labels[level]}学历，自{fmt_date(a.engineering_work_since)}"
                f"从事工程技术工作满{years}年（要求{needed}年以上）"
            )
    return None


def conditions_met(a: Applicant, p: Parameters) -> list[int]:
    auto = work_years_condition(a, p) is not None
    top = p.exceptional_condition_count
    return [n for n in range(1, top + 1) if n in a.exceptional_conditions or (n == top and auto)]


def condition(n: int, a: Applicant, p: Parameters) -> dict[str, Any]:
    title = p.exceptional_titles.get(n, "")
    if n in a.exceptional_conditions:
        return reason(
            f"exceptional_condition_{n}",
            True,
            f"条件{n}：{title}（本人申明，须附证明材料）",
            condition_clause(n),
        )
    if n == p.exceptional_condition_count:
        why = work_years_condition(a, p)
        if why:
            return reason(
                f"exceptional_condition_{n}", True, f"条件{n}：{why}", condition_clause(n)
            )
    return reason(
        f"exceptional_condition_{n}", False, f"条件{n}：{title}（未申明）", condition_clause(n)
    )


def condition_count(a: Applicant, p: Parameters) -> tuple[bool, dict[str, Any]]:
    met = conditions_met(a, p)
    need = p.exceptional_min_conditions
    ok = len(met) >= need
    which = f"（第{'、'.join(map(str, met))}项）" if met else ""
    message = f"符合破格条件{len(met)}项{which}，要求六项中的{need}项以上"
    return ok, reason("exceptional_condition_count", ok, message, CLAUSE)


def engineer_years(a: Applicant, p: Parameters) -> tuple[bool, dict[str, Any]]:
    rule = "exceptional_engineer_years"
    if a.engineer_qualified_on is None:
        message = "未填写取得工程师资格日期，无法计算担任工程师职务年限"
        return False, reason(rule, False, message, CLAUSE)
    years = max(whole_years(a.engineer_qualified_on, p.cutoff), 0)
    full, early = p.exceptional_years_without_degree, p.exceptional_years_with_degree
    since = f"担任工程师职务满{years}年"
    if has_required_degree(a, p):
        if early <= years < full:
            message = f"具备规定学历，{since}（未满{full}年，提前不超过{full - early}年），符合"
            return True, reason(rule, True, message, CLAUSE)
        if years >= full:
            message = f"具备规定学历且{since}，应按正常申报，不属于破格"
        else:
            message = f"具备规定学历，{since}，破格一般提前不超过{full - early}年，须满{early}年"
        return False, reason(rule, False, message, CLAUSE)
    if years >= full:
        return True, reason(
            rule, True, f"不具备规定学历，{since}（要求{full}年以上），符合", CLAUSE
        )
    message = f"不具备规定学历，{since}，要求担任工程师职务{full}年以上"
    return False, reason(rule, False, message, CLAUSE)


def merit_review() -> dict[str, Any]:
    message = (
        "破格申报还须由评审委员会认定在生产、勘察、设计、研究和技术管理工作中成绩显著、贡献突出，"
        "本自查无法代为判断"
    )
    return reason("exceptional_merit_review", True, message, CLAUSE)


def evaluate(a: Applicant, p: Parameters) -> dict[str, Any]:
    conditions = [condition(n, a, p) for n in range(1, p.exceptional_condition_count + 1)]
    count_ok, count_reason = condition_count(a, p)
    years_ok, years_reason = engineer_years(a, p)
    reasons = [*conditions, count_reason, years_reason, merit_review()]
    return route(count_ok and years_ok, reasons)
