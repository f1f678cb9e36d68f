"""check(): the contract's result object for one applicant, keys in the contract's order."""

from __future__ import annotations

from typing import Any

from .advice import advise
from .applicant import notice_parameters, parse_applicant
from .checklist import uploads
from .common import assessment, continuing_education
from .parameters import Parameters
from .routes import exceptional, normal, skilled, transfer

ROUTES = (
    ("normal", normal.evaluate),
    ("transfer", transfer.evaluate),
    ("skilled", skilled.evaluate),
    ("exceptional", exceptional.evaluate),
)


def check(applicant: dict[str, Any], p: Parameters | None = None) -> dict[str, Any]:
    """Check one applicant (the contract's input object). Raises InputError on invalid input.

    The rules are those of the notice the input names (`notice`), the current notice when it
    names none; `p` imposes a notice's parameters instead (tests, the HR batch of one notice).
    Result keys: notice, eligible, routes, common, checklist (the contract), then advice.
    """
    if p is None:
        p = notice_parameters(applicant)
    a = parse_applicant(applicant, p)
    routes = {name: evaluate(a, p) for name, evaluate in ROUTES}
    common = {"assessment": assessment(a, p), "continuing_education": continuing_education(a, p)}
    meeting = [name for name, r in routes.items() if r["status"] == "meets"]
    eligible = bool(meeting) and all(c["status"] == "meets" for c in common.values())
    return {
        "notice": p.notice_id,
        "eligible": eligible,
        "routes": routes,
        "common": common,
        "checklist": uploads(meeting, p) if eligible else [],
        "advice": advise(a, p, routes, common, eligible),
    }
