"""The rules' flat view of one notice: every number, date and label they use, typed.

Read through the notice-data layer (rules_py.notices), never from files. `for_notice(id)` gives
the parameters of any notice the data holds; PARAMETERS are the current notice's.
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


def from_notice(n: Notice) -> Parameters:
    normal, transfer = n.route("normal"), n.route("transfer")
    skilled, exceptional = n.route("skilled"), n.route("exceptional")
    assessment, ce = n.condition("assessment"), n.condition("continuing_education")
    degree = normal.path("engineering_degree")
    honours = skilled.path("honour").items
    condition_6 = exceptional.items[-1]
    return Parameters(
        notice=n,
        notice_id=n.id,
        notice_number=n.number,
        cutoff=n.counted_to.value,
        levels=n.education.levels,
        level_labels=n.education.labels,
        doctorate_years=normal.path("engineering_doctorate").value("years"),
        degree_years=degree.value("years"),
        degree_min_level=degree.value("min_level"),
        practice_years=normal.path("practice_qualification").value("years"),
        transfer_years=transfer.value("years"),
        senior_technician_years=skilled.path("senior_technician").value("years"),
        honours=tuple(h.id for h in honours),
        honour_labels={h.id: h.label for h in honours},
        exceptional_min_conditions=exceptional.value("min_conditions"),
        exceptional_condition_count=len(exceptional.items),
        exceptional_years_without_degree=exceptional.value("engineer_years_without_degree"),
        exceptional_years_with_degree=exceptional.value("engineer_years_with_degree"),
        college_work_years=condition_6.value("college_years"),
        secondary_work_years=condition_6.value("secondary_years"),
        exceptional_titles={c.id: c.label for c in exceptional.items},
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
