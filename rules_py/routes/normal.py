"""正常申报 (附件1 二(一)): any one of three paths, each a degree or qualification and years.

Paths (ids as in the data): engineering_doctorate (工程博士, years since 取得工程师资格),
engineering_degree (工程技术类 degree at the path's min_level or above, same years),
practice_qualification (执业资格, years since 聘任相应中级职务). The facts name the path that met,
else the closest one whose qualification is held; with none held, no path (and the rules are
the qualification of each path: what would open the route).
"""

from __future__ import annotations

from typing import Any

from ..case import Case
from ..education import describe_missing_degree, match_basis
from ..notices import Provision
from ..reasons import Years, reason, route, years_rule
from . import Outcome, facts


def doctorate_degree(case: Case, path: Provision) -> dict[str, Any]:
    rule = "engineering_doctorate_degree"
    if case.has_counted_doctorate:
        return reason(rule, True, f"具有工程博士学位{match_basis(case.a)}", path.clause)
    if any(d.level == "engineering_doctorate" for d in case.a.education):
        message = "工程博士学位所学专业与从事专业不一致或不相近，不计为规定学历"
    else:
        message = "未具有工程博士学位"
    return reason(rule, False, message, path.clause)


def engineering_degree(case: Case, path: Provision) -> dict[str, Any]:
    rule = "engineering_degree"
    if case.has_required_degree:
        label = case.level_label(path.value("min_level"))
        message = f"具有工程技术类{label}以上学历，专业一致或相近{match_basis(case.a)}"
        return reason(rule, True, message, path.clause)
    return reason(rule, False, describe_missing_degree(case), path.clause)


def practice_qualification(case: Case, path: Provision) -> dict[str, Any]:
    rule = "practice_qualification"
    if case.a.practice_qualification:
        return reason(rule, True, "已取得国家工程技术类相应执业资格", path.clause)
    if case.a.practice_qualification is None:
        return reason(rule, False, "未填写是否取得执业资格", path.clause)
    return reason(rule, False, "未取得国家工程技术类相应执业资格", path.clause)


def engineer_years(rule: str, case: Case, path: Provision) -> Years:
    return years_rule(
        rule,
        path.clause,
        "engineer_qualified_on",
        case.a.engineer_qualified_on,
        path.value("years"),
        case.cutoff,
        "取得工程师资格",
        "取得工程师资格日期",
    )


def practice_years(case: Case, path: Provision) -> Years:
    return years_rule(
        "practice_qualification_years",
        path.clause,
        "intermediate_appointed_on",
        case.a.intermediate_appointed_on,
        path.value("years"),
        case.cutoff,
        "担任相应中级职务",
        "聘任相应中级职务日期",
    )


def _doctorate_path(case: Case, path: Provision) -> tuple[dict[str, Any], Years, list[str]]:
    missing = [] if case.a.education else ["education"]
    years = engineer_years("engineering_doctorate_years", case, path)
    return doctorate_degree(case, path), years, missing


def _degree_path(case: Case, path: Provision) -> tuple[dict[str, Any], Years, list[str]]:
    missing = [] if case.a.education else ["education"]
    years = engineer_years("engineering_degree_years", case, path)
    return engineering_degree(case, path), years, missing


def _practice_path(case: Case, path: Provision) -> tuple[dict[str, Any], Years, list[str]]:
    missing = ["practice_qualification"] if case.a.practice_qualification is None else []
    return practice_qualification(case, path), practice_years(case, path), missing


PATHS = {
    "engineering_doctorate": _doctorate_path,
    "engineering_degree": _degree_path,
    "practice_qualification": _practice_path,
}


def _path(case: Case, path: Provision) -> tuple[dict[str, Any], Years, list[str]]:
    """(the qualification's reason, the years, the unanswered fields) of one path."""
    if path.id not in PATHS:
        raise ValueError(f"{path.clause}: the normal route has no path {path.id!r}")
    first, years, missing = PATHS[path.id](case, path)
    if years.since is None:
        missing.append(years.field)
    return first, years, missing


def evaluate(case: Case, route_data: Provision) -> Outcome:
    reasons: list[dict[str, Any]] = []
    found = []
    for path in route_data.paths:
        first, years, missing = _path(case, path)
        reasons += [first, years.reason]
        found.append((path, first, years, missing))
    met = next((f for f in found if f[1]["ok"] and f[2].ok), None)
    held = [f for f in found if f[1]["ok"]]
    if not held:  # no path's qualification: no path is closer than another; say what opens one
        missing = [m for _, _, years, asked in found for m in asked if m != years.field]
        return Outcome(
            route(False, reasons),
            facts(False, None, [f[1]["rule"] for f in found], None, list(dict.fromkeys(missing))),
        )
    path, first, years, missing = met or min(held, key=_distance)
    return Outcome(
        route(met is not None, reasons, met[0].id if met else None),
        facts(
            met is not None,
            path.id,
            [first["rule"], years.reason["rule"]],
            years,
            missing,
            possible=first["ok"],
        ),
    )


def _distance(entry: tuple[Provision, dict[str, Any], Years, list[str]]) -> tuple[int, int]:
    """How far a path is from meeting: its qualification first, then the year it would meet."""
    _, first, years, _ = entry
    if not first["ok"]:
        return (2, 0)
    if years.possible_from is None:
        return (1, 0)
    return (0, years.possible_from)
