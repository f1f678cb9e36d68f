"""What the person could do instead: the extension key "advice" (Chinese sentences), written from
what the routes and common conditions found (their facts), never by deciding them again.

For a route that does not meet yet, the first notice year in which the same dates would satisfy
it ("按<本通知年度>的条件和现有年限，<某>年度起可按正常申报"), assuming the following years'
notices keep the same conditions (FUTURE_CAVEAT says so).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from . import routes
from .case import Case
from .education import describe_missing_degree
from .fields import BY_NAME
from .notices import Provision
from .reasons import fmt_date, later_years

FUTURE_CAVEAT = "以后年度的申报条件、年限计算截止日期以当年的评审通知为准"


def route_advice(case: Case, route: Provision, facts: dict[str, Any]) -> list[str]:
    """The advice for one route that does not meet: its module's own, or from its facts."""
    module = routes.module(route.kind)
    if hasattr(module, "advise"):
        return module.advise(case, route, facts)
    if not facts["possible_from"]:
        return []
    path = f"（{route.path(facts['path']).label}）" if facts["path"] and route.paths else ""
    start = later_years(case.notice.year)
    return [f"{start}，{facts['possible_from']}年度起可按{route.label}{path}"]


def late_dates(case: Case, facts: dict[str, dict[str, Any]]) -> list[str]:
    """One sentence per date after the counting date (most likely a slip)."""
    seen: dict[str, date] = {}
    for found in facts.values():
        field = found.get("since_field")
        if found.get("after_cutoff") and field and field not in seen:
            seen[field] = date.fromisoformat(found["since"])
    cutoff = fmt_date(case.cutoff)
    return [
        f"所填{BY_NAME[field].label if field in BY_NAME else field}（{fmt_date(since)}）"
        f"晚于年限计算截止日{cutoff}，"
        "本次评审不计这段年限，请核对所填日期"
        for field, since in seen.items()
    ]


def common_advice(common: dict[str, Any]) -> list[str]:
    result = []
    for key, condition in common.items():
        failed = [r["message"] for r in condition["reasons"] if not r["ok"]]
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
    case: Case,
    route_results: dict[str, Any],
    common: dict[str, Any],
    facts: dict[str, dict[str, Any]],
    eligible: bool,
) -> list[str]:
    n = case.notice
    meeting = [name for name, r in route_results.items() if r["status"] == "meets"]
    result: list[str] = []
    for name in meeting:
        path = route_results[name].get("path")
        detail = f"（{n.route(name).path(path).label}）" if path else ""
        verb = "可按" if eligible else "申报途径符合"
        result.append(f"{verb}{n.route(name).label}{detail}")
    for name in meeting:
        route = n.route(name)
        module = routes.module(route.kind)
        if hasattr(module, "advise_met"):
            others = [n.route(other) for other in meeting if other != name]
            result += module.advise_met(case, route, others)
    result += common_advice(common)
    if not meeting:
        future = []
        for route in n.routes:
            future += route_advice(case, route, facts[route.id])
            if route.kind == "normal" and case.a.education and not case.counted:
                future.append(describe_missing_degree(case))
        future += late_dates(case, facts)
        result += future
        later = later_years(n.year)
        if any(line.startswith(later) for line in future):
            result.append(FUTURE_CAVEAT)
        if not future:
            result.append("按所填信息暂无符合的申报途径，请核对学历、各项日期和各申报途径的条件")
    return result
