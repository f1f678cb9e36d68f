"""附件4 二: which paper copies a delivery must hold, and what is missing or extra.

What the counter checks is the notice's paper checklist (rules_py.notices: ``paper``): the forms
of a delivery (per batch: 委托书, 花名册), the form every applicant brings (评审表, in 花名册
order), and the forms only the applicants of one route bring (``per = "<route>_applicant"``:
the 破格审批表 of 2023; a points notice's 积分自评表). Numbers, names and labels all come from
there; a notice without such a form has no route form at all.

The stored columns stay those the first registers defined, so that registers and sync files of
every earlier notice still open, import and converge (CONTRACT.md): ``mandate_copies`` and
``roster_copies`` per batch, ``review_form_copies`` per applicant, and
``exceptional_form_copies``, which holds the copies of *the applicant's route form* (its name is
the 2023 one; its meaning is the notice's). An applicant has one route, so one column is enough
for any number of routes with a form, one form each.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from .datafiles import notice

# Where each kind of form is stored (see above).
BATCH_COLUMNS = {"mandate": "mandate_copies", "roster": "roster_copies"}
APPLICANT_FORM = "review_form"
APPLICANT_COLUMN = "review_form_copies"
ROUTE_FORM_COLUMN = "exceptional_form_copies"


class PaperMismatch(ValueError):
    """The notice's paper checklist has a form the register has no column for (a developer's
    error, raised when the register starts)."""


@dataclass(frozen=True)
class PaperItem:
    id: str
    number: int
    name: str  # as the notice writes it: 《…》
    label: str  # what the counter calls it: 评审表
    copies: int
    per: str  # batch | applicant | <route id>_applicant
    route: str | None = None  # the route whose applicants alone bring it
    note: str = ""  # 评审表排序应与花名册序号保持一致


@dataclass(frozen=True)
class Paper:
    """The notice's paper checklist as the register counts it."""

    clause: str
    items: tuple[PaperItem, ...]
    route_forms: dict[str, PaperItem]  # route id -> the form its applicants bring

    def item(self, item_id: str) -> PaperItem:
        return next(i for i in self.items if i.id == item_id)

    @property
    def mandate(self) -> PaperItem:
        return self.item("mandate")

    @property
    def roster(self) -> PaperItem:
        return self.item("roster")

    @property
    def review_form(self) -> PaperItem:
        return self.item(APPLICANT_FORM)

    def route_copies(self, route: str) -> int:
        """Copies of its route form an applicant of ``route`` brings (0: none)."""
        form = self.route_forms.get(route)
        return form.copies if form else 0

    @property
    def route_form_label(self) -> str:
        """The route forms' short names (破格审批表), "" for a notice without any."""
        return "、".join(dict.fromkeys(f.label for f in self.route_forms.values()))

    def route_form_for(self, route: str) -> PaperItem | None:
        """The form a ``route`` applicant's extra copies are counted as (their route's own, or,
        for a route without one, the notice's route forms together)."""
        own = self.route_forms.get(route)
        if own is not None or not self.route_forms:
            return own
        forms = list(self.route_forms.values())
        if len(forms) == 1:
            return forms[0]
        names = "、".join(dict.fromkeys(f.name for f in forms))
        return PaperItem("route_form", 0, names, self.route_form_label, 0, "route_applicant")

    def summary(self) -> str:
        """The checklist in one sentence, as the intake page states it."""
        routes = notice().route_labels
        batch = "、".join(f"《{i.label}》{i.copies}份" for i in self.items if i.per == "batch")
        review = self.review_form
        text = f"每批{batch}；每人《{review.label}》{review.copies}份"
        text += f"（{review.note}）" if review.note else ""
        for route, form in self.route_forms.items():
            text += f"；{routes[route]}人员另交《{form.label}》{form.copies}份"
        return text + "。"


@cache
def paper() -> Paper:
    """The current notice's paper checklist (checked against the register's columns)."""
    n = notice()
    items, route_forms = [], {}
    for i in n.paper:
        item = PaperItem(i.id, i.number, i.name, i.label, i.copies, i.per, i.route, i.note)
        items.append(item)
        if item.route is not None:
            if not n.has_route(item.route):
                raise PaperMismatch(f"{n.id} paper {i.id}: no route {item.route!r}")
            if item.route in route_forms:
                raise PaperMismatch(f"{n.id} paper: two forms for route {item.route!r}")
            route_forms[item.route] = item
        elif item.per == "batch" and item.id not in BATCH_COLUMNS:
            raise PaperMismatch(f"{n.id} paper {i.id}: the register stores {set(BATCH_COLUMNS)}")
        elif item.per == "applicant" and item.id != APPLICANT_FORM:
            raise PaperMismatch(f"{n.id} paper {i.id}: the register stores {APPLICANT_FORM}")
        elif item.per not in ("batch", "applicant"):
            raise PaperMismatch(f"{n.id} paper {i.id}: unknown per {item.per!r}")
    found = {i.id for i in items}
    if not {*BATCH_COLUMNS, APPLICANT_FORM} <= found:
        raise PaperMismatch(f"{n.id} paper: {set(BATCH_COLUMNS)} and {APPLICANT_FORM} needed")
    return Paper(n.paper_clause, tuple(items), route_forms)


@dataclass(frozen=True)
class ApplicantCopies:
    position: int
    name: str
    route: str
    review_form_copies: int
    route_form_copies: int


@dataclass(frozen=True)
class CopyLine:
    item: PaperItem
    expected: int
    received: int
    position: int | None = None  # 花名册序号, for per-applicant items
    person: str = ""

    @property
    def missing(self) -> int:
        return max(0, self.expected - self.received)

    @property
    def extra(self) -> int:
        return max(0, self.received - self.expected)


@dataclass
class CopyCheck:
    lines: list[CopyLine]
    order_problems: list[str] = field(default_factory=list)

    @property
    def missing(self) -> list[CopyLine]:
        return [line for line in self.lines if line.missing]

    @property
    def extra(self) -> list[CopyLine]:
        return [line for line in self.lines if line.extra]

    @property
    def complete(self) -> bool:
        """Nothing missing and the 花名册 numbering is in order (extra copies are handed back)."""
        return not self.missing and not self.order_problems

    def applicant_complete(self, position: int) -> bool:
        return not any(line.missing for line in self.lines if line.position == position)


def paper_clause() -> str:
    return paper().clause


def check_copies(
    mandate_copies: int, roster_copies: int, applicants: list[ApplicantCopies]
) -> CopyCheck:
    checklist = paper()
    mandate, roster, review = checklist.mandate, checklist.roster, checklist.review_form
    lines = [
        CopyLine(mandate, mandate.copies, mandate_copies),
        CopyLine(roster, roster.copies, roster_copies),
    ]
    for person in sorted(applicants, key=lambda a: a.position):
        lines.append(
            CopyLine(review, review.copies, person.review_form_copies, person.position, person.name)
        )
        form = checklist.route_form_for(person.route)
        expected = checklist.route_copies(person.route)
        if form is not None and (expected or person.route_form_copies):
            lines.append(
                CopyLine(form, expected, person.route_form_copies, person.position, person.name)
            )
    positions = sorted(a.position for a in applicants)
    problems = []
    if positions != list(range(1, len(positions) + 1)):
        rule = review.note or f"{review.label}排序应与花名册序号保持一致"
        problems.append(f"{rule}：序号应从1起连续编号")
    return CopyCheck(lines, problems)
