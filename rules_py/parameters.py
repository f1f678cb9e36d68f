"""A flat view of one notice for the modules that predate the notice-data layer (the self-check's
form, photo and 述职 modules, the HR batch columns): numbers, dates and labels, typed.

The rules themselves read the notice's provisions (rules_py.notices) through a Case; new code
should too. A notice without some kind of route gives empty values for it. `for_notice(id)`
gives any notice's parameters; PARAMETERS are the current notice's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from . import notices
from .notices import Notice


@dataclass(frozen=True)
class Parameters:
    """Every number, date and label the rules use, typed and flattened from the notice."""

    notice: Notice
    notice_id: str
    notice_number: str
    cutoff: date
    levels: tuple[str, ...]  # highest first
    level_labels: dict[str, str]
    doctorate_years: int
    degree_years: int
    degree_min_level: str
    practice_years: int
    transfer_years: int
    senior_technician_years: int
    honours: tuple[str, ...]
    honour_labels: dict[str, str]
    exceptional_min_conditions: int
    exceptional_condition_count: int
    exceptional_years_without_degree: int
    exceptional_years_with_degree: int
    college_work_years: int
    secondary_work_years: int
    exceptional_titles: dict[int, str]
    assessment_years: tuple[int, ...]
    assessment_passing: frozenset[str]
    assessment_labels: dict[str, str]
    ce_years: tuple[int, ...]
    ce_total: float
    ce_professional: float
    ce_public: float
    route_labels: dict[str, str]
    path_labels: dict[str, str]
    uploads: tuple[dict[str, Any], ...]
    paper: dict[str, Any]
    photo: dict[str, Any]
    self_report: dict[str, Any]

    def rank(self, level: str) -> int:
        """0 for the highest degree level, larger for lower ones."""
        return self.levels.index(level)


def _limits(provision: notices.Provision) -> dict[str, Any]:
    """A limit's values as a plain dict with its clause (photo.py, self_report.py read these)."""
    values = {
        k: list(v.value) if isinstance(v.value, tuple) else v.value
        for k, v in provision.values.items()
    }
    return {"clause": provision.clause, **values}


def _route(n: Notice, kind: str) -> notices.Provision | None:
    return next((r for r in n.routes if r.kind == kind), None)


def _path_years(route: notices.Provision | None, path: str) -> int:
    if route is None or not any(p.id == path for p in route.paths):
        return 0
    return route.path(path).value("years")


def from_notice(n: Notice) -> Parameters:
    normal, transfer = _route(n, "normal"), _route(n, "transfer")
    skilled, exceptional = _route(n, "skilled"), _route(n, "exceptional")
    assessment, ce = n.condition("assessment"), n.condition("continuing_education")
    honours = skilled.all_items() if skilled else ()
    conditions = exceptional.items if exceptional else ()
    work = next((c for c in conditions if c.kind == "work_years"), None)
    degree = normal.path("engineering_degree") if normal else None
    return Parameters(
        notice=n,
        notice_id=n.id,
        notice_number=n.number,
        cutoff=n.counted_to.value,
        levels=n.education.levels,
        level_labels=n.education.labels,
        doctorate_years=_path_years(normal, "engineering_doctorate"),
        degree_years=_path_years(normal, "engineering_degree"),
        degree_min_level=degree.value("min_level") if degree else n.education.levels[-1],
        practice_years=_path_years(normal, "practice_qualification"),
        transfer_years=transfer.value("years") if transfer else 0,
        senior_technician_years=_path_years(skilled, "senior_technician"),
        honours=tuple(h.id for h in honours),
        honour_labels={h.id: h.label for h in honours},
        exceptional_min_conditions=exceptional.value("min_conditions") if exceptional else 0,
        exceptional_condition_count=len(conditions),
        exceptional_years_without_degree=(
            exceptional.value("engineer_years_without_degree") if exceptional else 0
        ),
        exceptional_years_with_degree=(
            exceptional.value("engineer_years_with_degree") if exceptional else 0
        ),
        college_work_years=work.value("college_years") if work else 0,
        secondary_work_years=work.value("secondary_years") if work else 0,
        exceptional_titles={c.id: c.label for c in conditions},
        assessment_years=assessment.value("years"),
        assessment_passing=frozenset(g.id for g in assessment.items if g.value("passing")),
        assessment_labels={g.id: g.label for g in assessment.items},
        ce_years=ce.value("years"),
        ce_total=ce.item("total").value("hours"),
        ce_professional=ce.item("professional").value("hours"),
        ce_public=ce.item("public").value("hours"),
        route_labels=n.route_labels,
        path_labels=n.path_labels,
        uploads=tuple(
            {"item": u.id, "text": u.text, "routes": list(u.routes), "clause": u.clause}
            for u in n.uploads
        ),
        paper={
            "clause": n.paper_clause,
            "items": [
                {
                    "id": i.id,
                    "number": i.number,
                    "name": i.name,
                    "copies": i.copies,
                    "per": i.per,
                    **({"note": i.note} if i.note else {}),
                }
                for i in n.paper
            ],
        },
        photo=_limits(n.photo),
        self_report=_limits(n.self_report),
    )


_cache: dict[str, Parameters] = {}


def for_notice(notice_id: str) -> Parameters:
    """The parameters of a notice by id (notices.UnknownNotice when the data has no such notice)."""
    cached = _cache.get(notice_id)
    if cached is None:
        cached = _cache[notice_id] = from_notice(notices.get(notice_id))
    return cached


PARAMETERS = for_notice(notices.current_id())
