"""The law beside the code: for each clause of 附件1, the rules that implement it, the values the
notice's data gives it, and the cases that test it (the page "规则与条文对照").

Built at site-build time (not part of the browser wheel) from three sources that are already
the truth: the notice's own words (notices: clause texts from its pages), its data (the
provisions and their values) and the case table the test suite checks the rules against. A
rule is placed under the clause its reasons cite, so the page cannot drift from what the
rules say.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import zip_longest
from typing import Any

from .clauses import anchor, clause_id
from .json_io import check_json
from .notices import Notice, Provision, Value
from .verdict import check

COMMON_MODULE = "rules_py/common.py"
ATTACHMENT = "a1"  # 附件1 高级工程师资格申报条件


@dataclass
class Example:
    """One case's outcome for one rule: the reason's words and whether it held."""

    case: int  # the case's number in the table (1-based)
    ok: bool
    message: str


@dataclass
class RuleUse:
    rule: str
    module: str  # rules_py/routes/normal.py
    examples: list[Example] = field(default_factory=list)

    @property
    def held(self) -> int:
        return sum(1 for e in self.examples if e.ok)

    @property
    def failed(self) -> int:
        return len(self.examples) - self.held

    def shown(self, most: int = 5) -> list[Example]:
        """A few examples with distinct messages, the outcomes taking turns (held, failed, …)."""
        held, failed = (
            _distinct(e for e in self.examples if e.ok),
            _distinct(e for e in self.examples if not e.ok),
        )
        picked = [e for pair in zip_longest(held, failed) for e in pair if e is not None]
        return sorted(picked[:most], key=lambda e: e.case)


def _distinct(examples: Iterable[Example]) -> list[Example]:
    """The first example of each message."""
    seen: set[str] = set()
    found = []
    for example in examples:
        if example.message not in seen:
            seen.add(example.message)
            found.append(example)
    return found


@dataclass
class ClauseRow:
    id: str  # 附件1 二(一)2
    fragment: str  # a1-2-1-2
    depth: int  # 1 for 一、…, 2 for (一), 3 for 1.
    title: str
    text: str
    url: str
    values: list[tuple[str, str, Value]] = field(default_factory=list)  # (provision, name, value)
    rules: list[RuleUse] = field(default_factory=list)


def _modules(notice: Notice) -> dict[str, str]:
    """Route id or common condition id -> the module that decides it."""
    found = {r.id: f"rules_py/routes/{r.kind}.py" for r in notice.routes}
    found |= {c.id: COMMON_MODULE for c in notice.common}
    return found


def _provisions(notice: Notice) -> Iterable[Provision]:
    for top in (*notice.routes, *notice.common):
        yield top
        yield from top.paths
        for path in top.paths:
            yield from path.items
        yield from top.items


def clause_rows(notice: Notice, cases: list[tuple[str, Any]]) -> list[ClauseRow]:
    """Every clause of 附件1 in the notice's order, with its values, rules and examples.

    The rules are found by checking an empty answer (every rule gives a reason, met or not);
    `cases` are (name, input) pairs of a case table written for this notice, the examples;
    invalid inputs are left out.
    """
    rows: dict[str, ClauseRow] = {}
    for fragment, (title, text) in notice.clauses.items():
        if fragment != ATTACHMENT and fragment.startswith(ATTACHMENT + "-"):
            cid = clause_id(fragment)
            rows[cid] = ClauseRow(cid, fragment, fragment.count("-"), title, text, anchor(cid))
    for provision in _provisions(notice):
        row = rows.get(provision.clause)
        if row is not None:
            label = provision.label or str(provision.id)
            row.values += [(label, name, value) for name, value in provision.values.items()]
    modules = _modules(notice)
    uses: dict[str, RuleUse] = {}

    def place(result: dict[str, Any], number: int | None) -> None:
        for group, outcome in (*result["routes"].items(), *result["common"].items()):
            for reason in outcome["reasons"]:
                row = rows.get(reason["clause"])
                if row is None:
                    continue
                use = uses.get(reason["rule"])
                if use is None:
                    use = uses[reason["rule"]] = RuleUse(reason["rule"], modules[group])
                    row.rules.append(use)
                if number is not None:
                    use.examples.append(Example(number, reason["ok"], reason["message"]))

    place(check({}, notice), None)  # every rule gives a reason, met or not: all rules found
    for number, (_, given) in enumerate(cases, start=1):
        text, code = check_json(given if isinstance(given, str) else json.dumps(given))
        if code == 0:
            place(json.loads(text), number)
    return list(rows.values())
