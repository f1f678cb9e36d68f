"""The routes of a notice, one module per kind of route (rules_py/routes/<kind>.py).

The notice's data lists its routes and names each one's `kind`; a new kind of route (a points
threshold, say) is one new module here and nothing else. A route module has

    evaluate(case: Case, route: Provision) -> Outcome
        the contract's route object (status, path, reasons) and the route's facts;
    FIELDS (optional)      extra input fields the route reads (rules_py.fields.Field), with
    parse(field, value, path) -> value   (optional) to validate them (raise InputError);
    advise(case, route, facts) -> list[str]   (optional) the route's own advice when it does not
                                               meet; otherwise advice.py words it from the facts;
    advise_met(case, route, others) -> list[str]  (optional) what to add when it meets (others:
                                               the other routes that meet).

Facts (the extension key "facts" of the result, one entry per route):
    status          "meets" | "does_not_meet" (as in the contract's route object)
    path            the path that met; else the one closest to meeting (its qualification
                    held); null for a route without paths, or when no path's qualification
                    is held (rules: then each path's qualification rule, 正常申报)
    rules           the rule ids of that path's reasons (all the route's reasons without paths)
    since_field, since, years, needed, after_cutoff
                    the dates the route counts from: field name, date, whole years to the
                    counting date (null without a date or for a date after it), years needed
    possible_from   the first notice year the same dates would meet, when only time is missing
    missing         input fields not answered that the path needs
    committee       rule ids the evaluation committee judges (never shown as met by the page)
and route-specific keys: 破格 `conditions` [{number, counts, basis, rule}] (basis: claimed |
dates | unverified | dates_short | not_claimed; `rule` is the condition's reason), `count`
{counted, needed}, `window`; 积分 `points` {total, pass_mark}.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any, NamedTuple

from ..reasons import Years


class Outcome(NamedTuple):
    result: dict[str, Any]  # the contract's route object
    facts: dict[str, Any]


_modules: dict[str, ModuleType] = {}


def module(kind: str) -> ModuleType:
    """The module that decides routes of this kind (rules_py.routes.<kind>)."""
    found = _modules.get(kind)
    if found is None:
        if not kind.isidentifier():
            raise ValueError(f"route kind {kind!r} is not a module name")
        found = _modules[kind] = importlib.import_module(f"{__name__}.{kind}")
    return found


def facts(
    status: bool,
    path: str | None,
    rules: list[str],
    years: Years | None = None,
    missing: list[str] | tuple[str, ...] = (),
    committee: list[str] | tuple[str, ...] = (),
    possible: bool = True,
) -> dict[str, Any]:
    """A route's facts in the documented order; `possible` False drops possible_from (a route
    whose other requirements are not met cannot become possible by time alone)."""
    return {
        "status": "meets" if status else "does_not_meet",
        "path": path,
        "rules": rules,
        "since_field": years.field if years else None,
        "since": years.since.isoformat() if years and years.since else None,
        "years": years.years if years else None,
        "needed": years.needed if years else None,
        "after_cutoff": bool(years and years.after_cutoff),
        "possible_from": years.possible_from if years and possible and not status else None,
        "missing": list(missing),
        "committee": list(committee),
    }
