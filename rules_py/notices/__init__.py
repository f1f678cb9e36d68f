"""The notice-data layer: the one reader of data/, for the rules, the site, the self-check and the
registers. Standard library only (it runs in Pyodide inside the rules wheel).

    from rules_py import notices

    n = notices.current()                  # the Notice the site publishes (data/notices.toml)
    n = notices.get("hz-2023-chem-textile")  # a notice by id; notices.UnknownNotice otherwise
    notices.ids()                          # every notice held, current first, then newest first

    n.id, n.number, n.title, n.evaluation, n.year, n.issuer, n.issuer_url, n.published_on,
    n.is_current, n.edition (the publication date as the rules' version),
    n.closes (the date closing the round)
    n.search_words                         # words the site's search keeps whole
    n.search_examples                      # examples a search box offers (placeholder)
    n.counted_to                           # Value(date(2023, 12, 31), "附件2 三.2")
    n.dates, n.date("apply_deadline")      # KeyDate(id, date, title, detail, clause); .chinese
    n.scope, n.platform, n.plan, n.ce_systems
    n.education                            # levels (highest first), labels, rank(level)
    n.routes, n.route("normal")            # Provision: id, kind, label, platform_label, clause,
        .paths, .path("engineering_degree")  #   values {name: Value}, value(name), paths, items,
        .items, .item(6)                     #   period; labels with their numbers filled in
    n.common, n.condition("continuing_education")
    n.uploads, n.paper, n.photo, n.self_report
    n.offices                              # .all(), .committee, .districts, .by_code(code)
    n.terms, n.term("engineering_kind")    # Term(id, term, text, clause)
    n.clause("附件1 二(四)5")              # Clause(id, anchor, title, text): the notice's words
    notices.library().pages(id)            # the notice's own pages in Markdown (the site's)

A Value is (value, clause, period): every number, list and date of the notice says which clause
sets it and, where the notice dates it, the days it covers. Objects are frozen and cached: treat
them as read-only. `Library(root)` reads another data root (tests); `reload()` forgets what was
read (mkdocs serve).
"""

from __future__ import annotations

from pathlib import Path

from . import build, source
from .model import (
    Clause,
    Education,
    KeyDate,
    Link,
    Notice,
    Office,
    Offices,
    PaperItem,
    Period,
    Provision,
    Scope,
    Term,
    Upload,
    Value,
    chinese_date,
)
from .source import ENV, DataError


class UnknownNotice(KeyError):
    """No notice with this id in the data (message in Chinese: it reaches end users)."""

    def __init__(self, notice_id: object, known: tuple[str, ...]) -> None:
        self.notice_id = notice_id
        self.known = known
        super().__init__(f"没有编号为 {notice_id} 的评审通知，可用：{'、'.join(known)}")

    def __str__(self) -> str:
        return str(self.args[0])


class Library:
    """The notices of one data root (a source tree or the wheel's compiled copy)."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)
        self._current, held = source.read_index(self.root)
        others = sorted((i for i in held if i != self._current), reverse=True)
        self._ids = (self._current, *others)
        self._notices: dict[str, Notice] = {}

    def ids(self) -> tuple[str, ...]:
        """Every notice id: the current one first, then the others newest id first."""
        return self._ids

    def current_id(self) -> str:
        return self._current

    def current(self) -> Notice:
        return self.get(self._current)

    def get(self, notice_id: str) -> Notice:
        cached = self._notices.get(notice_id)
        if cached is not None:
            return cached
        if notice_id not in self._ids:
            raise UnknownNotice(notice_id, self._ids)
        files = source.read_notice(self.root, notice_id)
        made = build.notice(notice_id, files, notice_id == self._current)
        self._notices[notice_id] = made
        return made

    def all(self) -> tuple[Notice, ...]:
        """Every notice held (each with .year, .published_on, .is_current), current first."""
        return tuple(self.get(i) for i in self._ids)

    def pages(self, notice_id: str) -> dict[str, str]:
        """The notice's own pages in Markdown (notice.md, attachment-1.md …), by file name; empty
        for the wheel's compiled data, which carries only the clauses' words."""
        if notice_id not in self._ids:
            raise UnknownNotice(notice_id, self._ids)
        return source.read_pages(self.root, notice_id)


_default: Library | None = None


def library() -> Library:
    """The library of the default data root (NOTICE_DATA_DIR, the wheel's data, or data/)."""
    global _default
    if _default is None:
        _default = Library(source.default_root())
    return _default


def reload() -> None:
    """Forget what was read: the next call reads the data root afresh."""
    global _default
    _default = None


def current() -> Notice:
    return library().current()


def current_id() -> str:
    return library().current_id()


def get(notice_id: str) -> Notice:
    return library().get(notice_id)


def ids() -> tuple[str, ...]:
    return library().ids()


def data_root() -> Path:
    return library().root


__all__ = [
    "ENV",
    "Clause",
    "DataError",
    "Education",
    "KeyDate",
    "Library",
    "Link",
    "Notice",
    "Office",
    "Offices",
    "PaperItem",
    "Period",
    "Provision",
    "Scope",
    "Term",
    "UnknownNotice",
    "Upload",
    "Value",
    "chinese_date",
    "current",
    "current_id",
    "data_root",
    "get",
    "ids",
    "library",
    "reload",
]
