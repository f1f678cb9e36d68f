"""Whole years between a start date and the notice's cut-off (the notice's counting date)."""

from __future__ import annotations

from datetime import date


def whole_years(start: date, end: date) -> int:
    """Completed years from start to end; 2010-06-30 → 2015-06-30 is 5, 2010-07-01 is 4.

    "N 年以上" and "满 N 年" both include N, so a rule compares this with `>= N`.
    Negative when start is after end.
    """
    years = end.year - start.year
    if (end.month, end.day) < (start.month, start.day):
        years -= 1
    return years


def first_year_reaching(start: date, years: int, cutoff: date) -> int:
    """The first notice year whose cut-off (same month and day as `cutoff`) counts `years`."""
    year = start.year + years
    if (cutoff.month, cutoff.day) < (start.month, start.day):
        year += 1
    return year
