"""高技能人才申报 (附件1 二(三)): 高级技师 满 N 年 (senior_technician), or one of the listed
honours (honour: the path's items)."""

from __future__ import annotations

from typing import Any

from ..case import Case
from ..notices import Provision
from ..reasons import Years, reason, route, years_rule
from . import Outcome, facts


def senior_technician_years(case: Case, path: Provision) -> Years:
    return years_rule(
        "senior_technician_years",
        path.clause,
        "senior_technician_on",
        case.a.senior_technician_on,
        path.value("years"),
        case.cutoff,
        "获得高级技师职业资格或职业技能等级（一级）后实际从事化工、轻纺工程技术工作",
        "取得高级技师（职业技能等级一级）日期",
    )


def skill_honour(case: Case, path: Provision) -> dict[str, Any]:
    held = [h for h in path.items if h.id in case.a.skill_honours]
    if held:
        names = "、".join(h.label for h in held)
        return reason("skill_honour", True, f"获得{names}，可直接申报", path.clause)
    return reason("skill_honour", False, "未获得可直接申报的高技能人才荣誉", path.clause)


def evaluate(case: Case, route_data: Provision) -> Outcome:
    """Met by the first path that holds; else the facts of the years path (time may close it)."""
    reasons: list[dict[str, Any]] = []
    found: dict[str, tuple[bool, dict[str, Any]]] = {}
    for path in route_data.paths:
        if path.id == "senior_technician":
            years = senior_technician_years(case, path)
            missing = [years.field] if years.since is None else []
            reasons.append(years.reason)
            found[path.id] = (
                years.ok,
                facts(years.ok, path.id, [years.reason["rule"]], years, missing),
            )
        elif path.id == "honour":
            held = skill_honour(case, path)
            reasons.append(held)
            found[path.id] = (held["ok"], facts(held["ok"], path.id, [held["rule"]]))
        else:
            raise ValueError(f"{path.clause}: the skilled route has no path {path.id!r}")
    met = next((path for path, (ok, _) in found.items() if ok), None)
    chosen = met or ("senior_technician" if "senior_technician" in found else next(iter(found)))
    return Outcome(route(met is not None, reasons, met), found[chosen][1])
