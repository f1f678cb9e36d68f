"""check(): the contract's result object for one applicant, keys in the contract's order, then the
extension keys "advice" (Chinese sentences) and "facts" (what each route and common condition
found: rules_py/routes/__init__.py)."""

from __future__ import annotations

from typing import Any

from . import common, routes
from .advice import advise
from .applicant import notice_for, parse_applicant
from .case import Case
from .checklist import uploads
from .notices import Notice


def check(applicant: dict[str, Any], notice: Notice | None = None) -> dict[str, Any]:
    """Check one applicant (the contract's input object). Raises InputError on invalid input.

    The rules are those of the notice the input names (`notice`), the current notice when it
    names none; `notice` imposes one instead (tests; the HR batch of one notice).
    """
    n = notice or notice_for(applicant)
    case = Case(parse_applicant(applicant, n), n)
    route_results: dict[str, Any] = {}
    common_results: dict[str, Any] = {}
    facts: dict[str, Any] = {}
    for r in n.routes:
        route_results[r.id], facts[r.id] = routes.module(r.kind).evaluate(case, r)
    for c in n.common:
        common_results[c.id], facts[c.id] = common.evaluate(case, c)
    meeting = [name for name, r in route_results.items() if r["status"] == "meets"]
    eligible = bool(meeting) and all(c["status"] == "meets" for c in common_results.values())
    return {
        "notice": n.id,
        "eligible": eligible,
        "routes": route_results,
        "common": common_results,
        "checklist": uploads(meeting, n) if eligible else [],
        "advice": advise(case, route_results, common_results, facts, eligible),
        "facts": facts,
    }
