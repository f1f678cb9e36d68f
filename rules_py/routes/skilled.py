"""高技能人才申报 (附件1 二(三)): 高级技师 满 4 年, or one of the listed honours."""

from __future__ import annotations

from typing import Any

from ..applicant import Applicant
from ..parameters import Parameters
from ..reasons import reason, route, years_rule

TECHNICIAN = "附件1 二(三)1"
HONOUR = "附件1 二(三)2"


def senior_technician_years(a: Applicant, p: Parameters) -> tuple[bool, dict[str, Any]]:
    return years_rule(
        "senior_technician_years",
        TECHNICIAN,
        a.senior_technician_on,
        p.senior_technician_years,
        p.cutoff,
        "获得高级技师职业资格或职业技能等级（一级）后实际从事化工、轻纺工程技术工作",
        "取得高级技师（职业技能等级一级）日期",
    )


def skill_honour(a: Applicant, p: Parameters) -> tuple[bool, dict[str, Any]]:
    held = [h for h in p.honours if h in a.skill_honours]
    if held:
        names = "、".join(p.honour_labels[h] for h in held)
        return True, reason("skill_honour", True, f"获得{names}，可直接申报", HONOUR)
    return False, reason("skill_honour", False, "未获得可直接申报的高技能人才荣誉", HONOUR)


PATHS = (("senior_technician", senior_technician_years), ("honour", skill_honour))


def evaluate(a: Applicant, p: Parameters) -> dict[str, Any]:
    results = [(path, *rule(a, p)) for path, rule in PATHS]
    met = next((path for path, ok, _ in results if ok), None)
    return route(met is not None, [r for _, _, r in results], met)
