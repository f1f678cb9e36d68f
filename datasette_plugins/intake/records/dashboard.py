"""Dashboard figures: batches and applicants by status, per office, and days left."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import date

from ..domain import clock, notice
from ..domain.offices import load_offices

DEADLINE_ID = "authority_review_deadline"
PEOPLE_STATUSES = ("expected", "complete", "incomplete", "forwarded", "returned")


@dataclass
class OfficeFigures:
    code: str
    name: str
    batches: int = 0
    batches_by_status: dict[str, int] = field(default_factory=dict)
    applicants: int = 0
    by_status: dict[str, int] = field(default_factory=dict)

    def count(self, status: str) -> int:
        return self.by_status.get(status, 0)


@dataclass
class Deadline:
    date: date
    title: str
    days_left: int

    @property
    def text(self) -> str:
        if self.days_left < 0:
            return "已截止"
        if self.days_left == 0:
            return "今天截止"
        return f"还剩 {self.days_left} 天"


def deadline(today: date | None = None) -> Deadline:
    """Days from today to the notice's date authority_review_deadline (主管部门审核截止)."""
    entry = notice.dated(DEADLINE_ID)
    when = entry["date"]
    today = today or clock.today()
    return Deadline(when, str(entry["title"]), (when - today).days)


def office_figures(conn: sqlite3.Connection) -> list[OfficeFigures]:
    """One entry per office that has rows in this register, in GB/T 2260 code order."""
    offices = load_offices()
    figures: dict[str, OfficeFigures] = {}

    def entry(code: str) -> OfficeFigures:
        if code not in figures:
            office = offices.get(code)
            figures[code] = OfficeFigures(code, office.short_name if office else code)
        return figures[code]

    for code, status, count in conn.execute(
        "SELECT office, status, count(*) FROM batches GROUP BY office, status"
    ):
        item = entry(code)
        item.batches += count
        item.batches_by_status[status] = count
    for code, status, count in conn.execute(
        "SELECT office, status, count(*) FROM applicants GROUP BY office, status"
    ):
        item = entry(code)
        item.by_status[status] = count
        item.applicants += count
    return [figures[code] for code in sorted(figures)]


def totals(items: list[OfficeFigures]) -> OfficeFigures:
    total = OfficeFigures("", "合计")
    for item in items:
        total.batches += item.batches
        for status, count in item.batches_by_status.items():
            total.batches_by_status[status] = total.batches_by_status.get(status, 0) + count
        total.applicants += item.applicants
        for status, count in item.by_status.items():
            total.by_status[status] = total.by_status.get(status, 0) + count
    return total
