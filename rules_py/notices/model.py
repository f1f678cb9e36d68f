"""The notice as typed, read-only objects: what the rules, the pages and the registers read.

Every value of the notice carries the clause that sets it (`clause`, written the way the notice
writes it, e.g. "附件1 二(一)2") and, where the notice dates it, its period. Nothing here reads
files: `build.py` makes these objects from the parsed data files.

Named tuples rather than dataclasses: in Pyodide a frozen dataclass costs several milliseconds
to create (generated code, compiled at import), on the way to the self-check's first verdict.
"""

from __future__ import annotations

from datetime import date
from typing import Any, NamedTuple

from ..clauses import anchor

WEEKDAYS = "一二三四五六日"
_PAGE_IDS = {"/notice/": "n", **{f"/attachment-{n}/": f"a{n}" for n in range(1, 10)}}


def chinese_date(day: date, weekday: bool = False) -> str:
    """2024年3月5日 (with "（周二）" when asked)."""
    text = f"{day.year}年{day.month}月{day.day}日"
    return text + (f"（周{WEEKDAYS[day.weekday()]}）" if weekday else "")


class Period(NamedTuple):
    """The days a value applies to, both ends included (e.g. the years of 近三年考核)."""

    start: date
    end: date

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(range(self.start.year, self.end.year + 1))


class Value(NamedTuple):
    """One value of the notice: a number, date, text or list, with its clause (and period)."""

    value: Any
    clause: str
    period: Period | None = None


class Provision(NamedTuple):
    """A part of the notice's rules: a route, one of its paths, an item of a list (a 破格 condition,
    an honour, an assessment grade), a common condition or a limit (the photo, the 述职).

    `values` are its own numbers and lists (each a Value with this provision's clause); `kind`
    names the rules_py module that decides a route or common condition.
    """

    id: Any  # str, or int for numbered items (破格 conditions)
    label: str
    clause: str
    kind: str = ""
    platform_label: str = ""
    values: dict[str, Value] = {}  # never mutated (build.py gives each its own)
    paths: tuple[Provision, ...] = ()
    items: tuple[Provision, ...] = ()
    period: Period | None = None

    def value(self, name: str, default: Any = ...) -> Any:
        """The plain value of `name` (KeyError naming the provision when absent, unless default)."""
        entry = self.values.get(name)
        if entry is None:
            if default is ...:
                raise KeyError(f"{self.clause} {self.id}: no value {name!r}")
            return default
        return entry.value

    def plain(self) -> dict[str, Any]:
        """Its values as a plain dict, {name: value}, with its clause under "clause"."""
        return {"clause": self.clause, **{name: v.value for name, v in self.values.items()}}

    def path(self, path_id: str) -> Provision:
        return _find(self.paths, path_id, self)

    def item(self, item_id: Any) -> Provision:
        return _find(self.items, item_id, self)

    def all_items(self) -> tuple[Provision, ...]:
        """Its items and its paths' items (e.g. the honours of the skilled route)."""
        return self.items + tuple(i for p in self.paths for i in p.items)


def _find(entries: tuple[Provision, ...], wanted: Any, owner: Provision) -> Provision:
    for entry in entries:
        if entry.id == wanted:
            return entry
    raise KeyError(f"{owner.clause} {owner.id}: no {wanted!r}")


class KeyDate(NamedTuple):
    id: str
    date: date
    title: str
    detail: str
    clause: str
    kind: str = ""  # published | deadline | counting

    @property
    def chinese(self) -> str:
        return chinese_date(self.date)


class Office(NamedTuple):
    """A receiving office of 附件4 一, or the 高评委办公室 (is_committee)."""

    code: str  # GB/T 2260 division code
    name: str
    short_name: str  # the district (上城区 …) or 高评委办公室
    district: str  # "" for the committee
    phone: str  # local number
    area_code: str
    address: str
    clause: str
    is_committee: bool = False
    contact: str = ""

    @property
    def phone_full(self) -> str:
        """area code and number: 0571-12345678"""
        return f"{self.area_code}-{self.phone}"

    @property
    def tel(self) -> str:
        """An RFC 3966 URI: tel:+86-571-12345678."""
        return f"tel:+86-{self.area_code.lstrip('0')}-{self.phone}"


class Offices(NamedTuple):
    clause: str
    area_code: str
    committee: Office
    districts: tuple[Office, ...]
    city_departments_name: str  # 市直部门
    city_departments_route: str  # how 市直 units send their papers
    city_departments_clause: str

    def all(self) -> tuple[Office, ...]:
        """The committee first, then the district offices in the notice's order."""
        return (self.committee, *self.districts)

    def by_code(self, code: str) -> Office:
        for office in self.all():
            if office.code == code:
                return office
        raise KeyError(code)


class Upload(NamedTuple):
    """An attachment to upload (附件2 二.5 (1)–(10)); `routes` lists the routes that need it."""

    id: str  # "(10)"
    text: str
    routes: tuple[str, ...]  # route ids, or "all"
    clause: str

    def needed_by(self, route_ids: list[str] | tuple[str, ...]) -> bool:
        if "all" in self.routes:
            return True
        for route in route_ids:
            if route in self.routes:
                return True
        return False


class PaperItem(NamedTuple):
    """A paper form a receiving office sends on (附件4 二).

    `per` says who brings it: "batch" (one set per delivery), "applicant" (every applicant), or
    "<route id>_applicant" (only the applicants of that route: "exceptional_applicant" is the
    破格 form of 2023). `short_name` is what a clerk calls it at the counter (委托书, 评审表).
    """

    id: str
    number: int
    name: str
    copies: int
    per: str  # batch | applicant | <route id>_applicant
    clause: str
    note: str = ""
    short_name: str = ""

    @property
    def route(self) -> str | None:
        """The route whose applicants alone bring it (per "<route id>_applicant"), else None."""
        if self.per in ("batch", "applicant") or not self.per.endswith("_applicant"):
            return None
        return self.per.removesuffix("_applicant")

    @property
    def label(self) -> str:
        """Its short name, or its name without the 《》."""
        return self.short_name or self.name.strip("《》")


class Term(NamedTuple):
    """A term of the notice explained in plain words, with the clause that uses it."""

    id: str
    term: str
    text: str
    clause: str


class Link(NamedTuple):
    name: str
    url: str
    clause: str
    short_name: str = ""


class Scope(NamedTuple):
    """Who the evaluation is for (通知 一)."""

    clause: str
    region: str
    excluded: str
    fields: tuple[str, ...]
    work: tuple[str, ...]
    title: str


class Clause(NamedTuple):
    """A clause of the notice in its own words (from the notice's pages)."""

    id: str  # as the notice writes it: 附件1 二(四)5
    anchor: str  # its address on the site: /attachment-1/#a1-2-4-5
    title: str  # a heading's words ("（四）破格申报"); "" for a numbered item
    text: str


class Education(NamedTuple):
    clause: str
    levels: tuple[str, ...]  # highest first
    labels: dict[str, str]

    def rank(self, level: str) -> int:
        """0 for the highest level, larger for lower ones."""
        return self.levels.index(level)


class Notice(NamedTuple):
    """One notice: its identity, dates, offices, rules, checklists and terms."""

    id: str
    number: str
    title: str
    evaluation: str
    year: int
    issuer: str
    issuer_url: str  # the issuer's own site (not in the notice: where the next notice appears)
    is_current: bool
    scope: Scope
    platform: Link
    plan: str
    ce_systems: tuple[Link, ...]
    dates: tuple[KeyDate, ...]
    education: Education
    routes: tuple[Provision, ...]
    common: tuple[Provision, ...]
    uploads: tuple[Upload, ...]
    uploads_clause: str
    paper: tuple[PaperItem, ...]
    paper_clause: str
    photo: Provision
    self_report: Provision
    offices: Offices
    terms: tuple[Term, ...]
    clauses: dict[str, tuple[str, str]]  # anchor id (a1-2-4-5) -> (title, text)
    closes_with: str  # the id of the key date that closes applications (the round)
    search_words: tuple[str, ...]  # words of the notice search must keep whole
    search_examples: tuple[str, ...] = ()  # what a search box offers as examples

    @property
    def edition(self) -> str:
        """The rules' version for this notice, its publication date: "2024.3.5" for a notice
        published on 2024-03-05 (the wheel's version)."""
        day = self.published_on
        return f"{day.year}.{day.month}.{day.day}"

    @property
    def closes(self) -> KeyDate:
        """The key date that closes the round (applications)."""
        return self.date(self.closes_with)

    def clause(self, clause_id: str) -> Clause:
        """A clause's words: clause("附件1 二(四)5").text is condition 5 in full (KeyError if the
        notice's pages do not have it)."""
        url = anchor(clause_id)
        fragment = url.partition("#")[2] or _PAGE_IDS[url]
        title, text = self.clauses[fragment]
        return Clause(clause_id, url, title, text)

    def date(self, date_id: str) -> KeyDate:
        for entry in self.dates:
            if entry.id == date_id:
                return entry
        raise KeyError(f"{self.id}: no date {date_id!r}")

    @property
    def counted_to(self) -> Value:
        """The day every "N 年" is counted to (the date with id "years_counted_to")."""
        entry = self.date("years_counted_to")
        return Value(entry.date, entry.clause)

    @property
    def published_on(self) -> date:
        return self.date("published").date

    def route(self, route_id: str) -> Provision:
        for route in self.routes:
            if route.id == route_id:
                return route
        raise KeyError(f"{self.id}: no route {route_id!r}")

    def has_route(self, route_id: str) -> bool:
        return any(r.id == route_id for r in self.routes)

    def condition(self, condition_id: str) -> Provision:
        """A condition common to every route (assessment, continuing_education)."""
        for entry in self.common:
            if entry.id == condition_id:
                return entry
        raise KeyError(f"{self.id}: no common condition {condition_id!r}")

    def term(self, term_id: str) -> Term:
        for entry in self.terms:
            if entry.id == term_id:
                return entry
        raise KeyError(f"{self.id}: no term {term_id!r}")

    @property
    def route_labels(self) -> dict[str, str]:
        return {r.id: r.label for r in self.routes}

    @property
    def path_labels(self) -> dict[str, str]:
        return {p.id: p.label for r in self.routes for p in r.paths}
