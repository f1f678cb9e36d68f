"""破格申报 (附件1 二(四)): enough of the listed conditions, and the engineer-years window.

Conditions are claimed by the applicant (exceptional_conditions), except a condition of kind
"work_years" (condition 6: years of engineering work by 学历 level, its values <level>_years),
which is a fact of the dates: with `engineering_work_since` given it counts exactly when a counted
degree of a listed level has the years (claimed or not; when they fall short, or start after the
counting date, a claim or a listed degree the person holds gets the reason why, basis
dates_short); only without that date does a claim count, as self-declared and unverified.

The window counts years as engineer from `engineer_post_since` (担任工程师职务, an extension of the
contract's input) or else `engineer_qualified_on`: (a) `engineer_years_without_degree`+ years
without 规定学历, or (b) 规定学历 and `engineer_years_with_degree` to under
`engineer_years_without_degree` years (the notice's 一般提前时间). The committee still judges
成绩显著、贡献突出 and the claimed conditions' proof: the facts list them under "committee".
"""

from __future__ import annotations

from typing import Any, NamedTuple

from ..case import Case
from ..clauses import chinese_numeral
from ..derived import derived
from ..notices import Provision
from ..periods import first_year_reaching, whole_years
from ..reasons import Years, fmt_date, later_years, reason, route
from . import Outcome, facts

WORK_YEARS = "work_years"


class Condition(NamedTuple):
    number: Any
    counts: bool
    basis: str  # claimed | dates | unverified | dates_short | not_claimed
    reason: dict[str, Any]


def _rule(item: Provision) -> str:
    return f"exceptional_condition_{item.id}"


def _claim_texts(item: Provision) -> tuple[str, str, str]:
    """A condition's rule id, and its message when claimed and when not."""
    n = item.id
    return (
        _rule(item),
        f"条件{n}：{item.label}（本人申明，须附证明材料）",
        f"条件{n}：{item.label}（未申明）",
    )


def claimed_condition(case: Case, item: Provision) -> Condition:
    rule, claimed, not_claimed = derived(_claim_texts, item)
    if item.id in case.a.exceptional_conditions:
        return Condition(item.id, True, "claimed", reason(rule, True, claimed, item.clause))
    return Condition(item.id, False, "not_claimed", reason(rule, False, not_claimed, item.clause))


_needs: dict[int, tuple[Provision, dict[str, int]]] = {}


def years_by_level(case: Case, item: Provision) -> dict[str, int]:
    """The years of engineering work a work-years condition needs, by 学历 level (its values
    named <level>_years), in the notice's order of levels; worked out once per condition."""
    known = _needs.get(id(item))
    if known is None or known[0] is not item:
        levels = case.notice.education.levels
        needs = {lv: item.value(f"{lv}_years") for lv in levels if f"{lv}_years" in item.values}
        known = _needs[id(item)] = (item, needs)
    return known[1]


def work_years_condition(case: Case, item: Provision) -> Condition:
    """Condition 6 from the dates and the counted degrees (see the module's docstring)."""
    n, a = item.id, case.a
    claimed = n in a.exceptional_conditions
    needs = years_by_level(case, item)
    since = a.engineering_work_since

    def result(counts: bool, basis: str, message: str) -> Condition:
        return Condition(n, counts, basis, reason(_rule(item), counts, message, item.clause))

    if since is None:
        if claimed:
            return result(
                True,
                "unverified",
                f"条件{n}：{item.label}（本人申明；未填写从事工程技术工作起始日期，年限未经核对，"
                "须附证明材料）",
            )
        return result(False, "not_claimed", derived(_claim_texts, item)[2])
    held = [level for level in needs if level in {d.level for d in case.counted}]
    if since > case.cutoff:
        why = (
            f"从事工程技术工作起始日期{fmt_date(since)}晚于年限计算截止日"
            f"{fmt_date(case.cutoff)}，不计年限"
        )
    else:
        years = whole_years(since, case.cutoff)
        for level in held:
            if years >= needs[level]:
                return result(
                    True,
                    "dates",
                    f"条件{n}：具有本专业{case.level_label(level)}学历，自{fmt_date(since)}"
                    f"从事工程技术工作满{years}年（要求{needs[level]}年以上）",
                )
        if held:
            level = held[0]
            why = (
                f"本专业{case.level_label(level)}学历自{fmt_date(since)}从事工程技术工作满"
                f"{years}年，要求{needs[level]}年以上"
            )
        else:
            levels = "或".join(case.level_label(level) for level in needs)
            why = f"未具有本专业{levels}学历"
    if claimed:
        return result(False, "dates_short", f"条件{n}：本人申明，但{why}，不计入")
    if held:  # the dates of a listed degree decide, claimed or not: say what they show
        return result(False, "dates_short", f"条件{n}：{why}，不计入")
    return result(False, "not_claimed", derived(_claim_texts, item)[2])


def conditions(case: Case, route_data: Provision) -> list[Condition]:
    return [
        work_years_condition(case, item)
        if item.kind == WORK_YEARS
        else claimed_condition(case, item)
        for item in route_data.items
    ]


def condition_count(found: list[Condition], route_data: Provision) -> dict[str, Any]:
    met = [c.number for c in found if c.counts]
    need = route_data.value("min_conditions")
    ok = len(met) >= need
    which = f"（第{'、'.join(map(str, met))}项）" if met else ""
    total = chinese_numeral(len(route_data.items))
    message = f"符合破格条件{len(met)}项{which}，要求{total}项中的{need}项以上"
    return reason("exceptional_condition_count", ok, message, route_data.clause)


def engineer_years(case: Case, route_data: Provision) -> tuple[Years, int | None]:
    """The window of 担任工程师职务 years, and its upper end (with 规定学历) or None."""
    rule, clause, a = "exceptional_engineer_years", route_data.clause, case.a
    field = "engineer_post_since" if a.engineer_post_since else "engineer_qualified_on"
    start = a.engineer_post_since or a.engineer_qualified_on
    full = route_data.value("engineer_years_without_degree")
    early = route_data.value("engineer_years_with_degree")
    degree = case.has_required_degree
    needed, below = (early, full) if degree else (full, None)

    def found(ok: bool, message: str, years: int | None, later: int | None = None) -> Years:
        after = start is not None and start > case.cutoff
        return Years(
            ok, reason(rule, ok, message, clause), field, start, years, needed, later, after
        )

    if start is None:
        return found(False, "未填写取得工程师资格日期，无法计算担任工程师职务年限", None), below
    if start > case.cutoff:
        label = "担任工程师职务起始日期" if field == "engineer_post_since" else "取得工程师资格日期"
        message = (
            f"{label}{fmt_date(start)}晚于年限计算截止日{fmt_date(case.cutoff)}，"
            f"本次不计担任工程师职务年限，请核对所填日期"
        )
        return found(False, message, None), below
    years = whole_years(start, case.cutoff)
    later = first_year_reaching(start, needed, case.cutoff) if years < needed else None
    since = f"担任工程师职务满{years}年"
    if degree:
        if early <= years < full:
            message = f"具备规定学历，{since}（未满{full}年，提前不超过{full - early}年），符合"
            return found(True, message, years), below
        if years >= full:
            return found(False, f"具备规定学历且{since}，应按正常申报，不属于破格", years), below
        message = f"具备规定学历，{since}，破格一般提前不超过{full - early}年，须满{early}年"
        return found(False, message, years, later), below
    if years >= full:
        return found(True, f"不具备规定学历，{since}（要求{full}年以上），符合", years), below
    message = f"不具备规定学历，{since}，要求担任工程师职务{full}年以上"
    return found(False, message, years, later), below


def merit_review(clause: str) -> dict[str, Any]:
    message = (
        "破格申报还须由评审委员会认定在生产、勘察、设计、研究和技术管理工作中成绩显著、贡献突出，"
        "本自查无法代为判断"
    )
    return reason("exceptional_merit_review", True, message, clause)


def evaluate(case: Case, route_data: Provision) -> Outcome:
    found = conditions(case, route_data)
    count = condition_count(found, route_data)
    years, below = engineer_years(case, route_data)
    merit = merit_review(route_data.clause)
    reasons = [*(c.reason for c in found), count, years.reason, merit]
    ok = count["ok"] and years.ok
    a = case.a
    missing = [] if a.education else ["education"]
    if years.since is None:
        missing.append("engineer_qualified_on")
    work = next((item for item in route_data.items if item.kind == WORK_YEARS), None)
    if work is not None and a.engineering_work_since is None:
        listed = years_by_level(case, work)
        if work.id in a.exceptional_conditions or any(d.level in listed for d in case.counted):
            missing.append("engineering_work_since")
    judged = [c.reason["rule"] for c in found if c.basis in ("claimed", "unverified")]
    result = facts(
        ok,
        None,
        [r["rule"] for r in reasons],
        years,
        missing,
        [merit["rule"], *judged],
        possible=count["ok"],
    )
    result["conditions"] = [
        {"number": c.number, "counts": c.counts, "basis": c.basis, "rule": c.reason["rule"]}
        for c in found
    ]
    result["count"] = {
        "counted": sum(1 for c in found if c.counts),
        "needed": route_data.value("min_conditions"),
    }
    result["window"] = {"degree": case.has_required_degree, "from": years.needed, "below": below}
    return Outcome(route(ok, reasons), result)


def advise(case: Case, route_data: Provision, found: dict[str, Any]) -> list[str]:
    """Advice when 破格 does not meet: how many more conditions, or the year the window opens."""
    if found["since"] is None or found["after_cutoff"]:
        return []
    met, need = found["count"]["counted"], found["count"]["needed"]
    years, window = found["years"], found["window"]
    in_window = years >= window["from"] and (window["below"] is None or years < window["below"])
    if in_window and met < need:
        return [
            f"担任工程师职务年限已符合{route_data.label}要求，"
            f"还需再符合{need - met}项破格条件（共需{need}项）"
        ]
    if found["possible_from"]:
        return [
            f"{later_years(case.notice.year)}，{found['possible_from']}年度起可按"
            f"{route_data.label}（已符合{met}项破格条件）"
        ]
    return []


def advise_met(case: Case, route_data: Provision, others: list[Provision]) -> list[str]:
    """When 破格 meets: another route that meets makes it unnecessary; the 审批表 to bring."""
    result = []
    if others:
        labels = "、".join(other.label for other in others)
        result.append(f"已符合{labels}条件，一般无需{route_data.label}")
    paper = [i for i in case.notice.paper if i.per == "exceptional_applicant"]
    forms = "；".join(f"{i.name}一式{i.copies}份" for i in paper)
    if forms:
        result.append(f"{route_data.label}须上传并报送{forms}，注明符合哪几条破格条件并附证明材料")
    return result
