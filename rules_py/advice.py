"""What the person could do instead: the extra top-level "advice" list (Chinese strings).

For a route that does not meet yet, the first notice year in which the current dates would
satisfy it is computed with the same parameters ("按现有年限，2025年度起可按正常申报"),
assuming the following years' notices keep the same conditions.
"""

from __future__ import annotations

from typing import Any

from .applicant import Applicant
from .checklist import paper_for_exceptional
from .education import (
    counted_degrees,
    describe_missing_degree,
    has_counted_doctorate,
    has_required_degree,
)
from .parameters import Parameters
from .periods import first_year_reaching, whole_years
from .routes.exceptional import conditions_met

FUTURE_CAVEAT = "以后年度的申报条件、年限计算截止日期以当年的评审通知为准"


def _future(start: Any, years: int, p: Parameters) -> int | None:
    if start is None:
        return None
    year = first_year_reaching(start, years, p.cutoff)
    return year if year > p.cutoff.year else None


def normal_advice(a: Applicant, p: Parameters) -> list[str]:
    options: list[tuple[int, str]] = []
    if has_counted_doctorate(a, p):
        year = _future(a.engineer_qualified_on, p.doctorate_years, p)
        if year:
            options.append((year, p.path_labels["engineering_doctorate"]))
    if has_required_degree(a, p):
        year = _future(a.engineer_qualified_on, p.degree_years, p)
        if year:
            options.append((year, p.path_labels["engineering_degree"]))
    if a.practice_qualification:
        year = _future(a.intermediate_appointed_on, p.practice_years, p)
        if year:
            options.append((year, p.path_labels["practice_qualification"]))
    result = []
    if options:
        year, label = min(options)
        result.append(f"按现有年限，{year}年度起可按{p.route_labels['normal']}（{label}）")
    if a.education and not counted_degrees(a, p):
        result.append(describe_missing_degree(a, p))
    return result


def transfer_advice(a: Applicant, p: Parameters) -> list[str]:
    if not a.other_senior_title:
        return []
    year = _future(a.field_work_since, p.transfer_years, p)
    return [f"按现有年限，{year}年度起可按{p.route_labels['transfer']}"] if year else []


def skilled_advice(a: Applicant, p: Parameters) -> list[str]:
    year = _future(a.senior_technician_on, p.senior_technician_years, p)
    label = p.path_labels["senior_technician"]
    return [f"按现有年限，{year}年度起可按{p.route_labels['skilled']}（{label}）"] if year else []


def exceptional_advice(a: Applicant, p: Parameters) -> list[str]:
    if a.engineer_qualified_on is None:
        return []
    met = len(conditions_met(a, p))
    missing = p.exceptional_min_conditions - met
    years = whole_years(a.engineer_qualified_on, p.cutoff)
    degree = has_required_degree(a, p)
    needed = p.exceptional_years_with_degree if degree else p.exceptional_years_without_degree
    label = p.route_labels["exceptional"]
    window_now = years >= needed and (not degree or years < p.exceptional_years_without_degree)
    if window_now and missing > 0:
        return [
            f"担任工程师职务年限已符合{label}要求，"
            f"还需再符合{missing}项破格条件（共需{met + missing}项）"
        ]
    year = _future(a.engineer_qualified_on, needed, p)
    if year and missing <= 0:
        return [f"按现有年限，{year}年度起可按{label}（已符合{met}项破格条件）"]
    return []


def common_advice(common: dict[str, Any]) -> list[str]:
    result = []
    for key in ("assessment", "continuing_education"):
        failed = [r["message"] for r in common[key]["reasons"] if not r["ok"]]
        if not failed:
            continue
        if key == "assessment":
            result.append("近三年年度考核须每年合格（含）以上：" + "；".join(failed))
        else:
            result.append(
                "没有完成年度继续教育规定学时的人员不得申报，请核对并在学时登记系统中补登已完成的学时："
                + "；".join(failed)
            )
    return result


def advise(
    a: Applicant, p: Parameters, routes: dict[str, Any], common: dict[str, Any], eligible: bool
) -> list[str]:
    meeting = [name for name, r in routes.items() if r["status"] == "meets"]
    result: list[str] = []
    for name in meeting:
        path = routes[name].get("path")
        detail = f"（{p.path_labels[path]}）" if path else ""
        verb = "可按" if eligible else "申报途径符合"
        result.append(f"{verb}{p.route_labels[name]}{detail}")
    if "exceptional" in meeting:
        if len(meeting) > 1:
            others = "、".join(p.route_labels[n] for n in meeting if n != "exceptional")
            result.append(f"已符合{others}条件，一般无需破格申报")
        forms = "；".join(f"{i['name']}一式{i['copies']}份" for i in paper_for_exceptional(p))
        result.append(f"破格申报须上传并报送{forms}，注明符合哪几条破格条件并附证明材料")
    result += common_advice(common)
    if not meeting:
        future = (
            normal_advice(a, p)
            + transfer_advice(a, p)
            + skilled_advice(a, p)
            + exceptional_advice(a, p)
        )
        result += future
        if any(s.startswith("按现有年限") for s in future):
            result.append(FUTURE_CAVEAT)
        if not future:
            result.append(
                "按所填信息暂无符合的申报途径，请核对学历、取得资格的日期、荣誉和破格条件"
            )
    return result
