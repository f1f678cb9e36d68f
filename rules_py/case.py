"""One check: the applicant's answers, the notice they are checked against, and what is derived
from the answers once (the degrees that count, 规定学历), shared by every route of that check.

A Case lives for one check() call and is passed to each rule: no module keeps state between
checks.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from .applicant import Applicant, Degree
from .derived import derived
from .education import ENGINEERING_DOCTORATE, counted_degrees, is_engineering
from .notices import Notice
from .reasons import fmt_date


class _Constants(NamedTuple):
    """What every check of a notice shares, worked out once per notice (rules_py.derived)."""

    cutoff: date  # the counting date
    cutoff_text: str  # the counting date as the messages write it
    degree_min_level: str  # the lowest level of 规定学历
    ranks: dict[str, int]  # rank by 学历 level, 0 for the highest


def _constants(notice: Notice) -> _Constants:
    cutoff = notice.counted_to.value
    ranks = {level: i for i, level in enumerate(notice.education.levels)}
    return _Constants(cutoff, fmt_date(cutoff), _min_level(notice), ranks)


class Case:
    __slots__ = (
        "_doctorate",
        "_ranks",
        "_required",
        "a",
        "counted",
        "cutoff",
        "cutoff_text",
        "degree_min_level",
        "notice",
    )

    def __init__(self, applicant: Applicant, notice: Notice) -> None:
        self.a = applicant
        self.notice = notice
        shared = derived(_constants, notice)
        self.cutoff, self.cutoff_text = shared.cutoff, shared.cutoff_text
        self.degree_min_level, self._ranks = shared.degree_min_level, shared.ranks
        self.counted: tuple[Degree, ...] = counted_degrees(applicant, notice.education)
        self._required: bool | None = None
        self._doctorate: bool | None = None

    def rank(self, level: str) -> int:
        return self._ranks[level]

    def level_label(self, level: str) -> str:
        return self.notice.education.labels[level]

    def qualifies(self, degree: Degree) -> bool:
        """工程技术类大学本科以上 (a 工程博士 is always 工程技术类)."""
        lowest = self.rank(self.degree_min_level)
        return is_engineering(degree) and self.rank(degree.level) <= lowest

    @property
    def has_required_degree(self) -> bool:
        """规定学历: a counted 工程博士, or a counted engineering degree of the minimum level up."""
        if self._required is None:
            self._required = any(self.qualifies(d) for d in self.counted)
        return self._required

    @property
    def has_counted_doctorate(self) -> bool:
        if self._doctorate is None:
            self._doctorate = any(d.level == ENGINEERING_DOCTORATE for d in self.counted)
        return self._doctorate


def _min_level(notice: Notice) -> str:
    """The lowest level of 规定学历: the normal route's engineering-degree path sets it."""
    for route in notice.routes:
        for path in route.paths:
            level = path.value("min_level", None)
            if level:
                return level
    return notice.education.levels[-1]
