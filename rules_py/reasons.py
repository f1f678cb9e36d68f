"""One checked rule: its id, whether it holds, a Chinese message and the clause it comes from;
and the "N 年以上" rule with the facts it found (years counted and needed, the year it becomes
possible), which the route facts and the advice are written from.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any, NamedTuple

from .periods import first_year_reaching, whole_years


def reason(rule: str, ok: bool, message: str, clause: str) -> dict[str, Any]:
    """The contract's reason object, keys in the contract's order."""
    return {"rule": rule, "ok": ok, "message": message, "clause": clause}


def route(ok: bool, reasons: list[dict[str, Any]], path: str | None = None) -> dict[str, Any]:
    """A route's result: status, path (only when it meets and the route has paths), reasons."""
    result: dict[str, Any] = {"status": "meets" if ok else "does_not_meet"}
    if ok and path is not None:
        result["path"] = path
    result["reasons"] = reasons
    return result


@lru_cache(maxsize=1024)  # a batch formats the counting date and the same few dates often
def fmt_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def later_years(notice_year: int) -> str:
    """How advice about a later year begins: this notice's conditions and the person's years as
    they stand ("按<本通知年度>的条件和现有年限，…")."""
    return f"按{notice_year}年度的条件和现有年限"


def fmt_number(value: float) -> str:
    if type(value) is int:
        return str(value)
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


class Years(NamedTuple):
    """What an "N 年以上" rule found: the reason, and the facts behind it."""

    ok: bool
    reason: dict[str, Any]
    field: str  # the input field the years count from
    since: date | None
    years: int | None  # whole years to the counting date (None: no date, or a date after it)
    needed: int
    possible_from: int | None  # the first notice year these dates reach `needed`, if not yet
    after_cutoff: bool  # the date is after the counting date: no years count this time


def years_rule(
    rule: str,
    clause: str,
    field: str,
    start: date | None,
    needed: int,
    cutoff: date,
    what: str,
    label: str,
) -> Years:
    """ "{what}满/以上 N 年" counted in whole years from start to the cut-off (N included).

    `label` names the date ("取得工程师资格日期"); a date after the counting date counts no years
    and says so (it is most likely a typing slip, or a date this notice cannot count yet).
    """
    if start is None:
        message = f"未填写{label}，无法计算年限（要求{needed}年以上）"
        return Years(
            False, reason(rule, False, message, clause), field, None, None, needed, None, False
        )
    if start > cutoff:
        message = (
            f"{label}{fmt_date(start)}晚于年限计算截止日{fmt_date(cutoff)}，本次不计年限"
            f"（要求{needed}年以上），请核对所填日期"
        )
        return Years(
            False, reason(rule, False, message, clause), field, start, None, needed, None, True
        )
    years = whole_years(start, cutoff)
    ok = years >= needed
    verdict = "符合" if ok else "不足"
    message = (
        f"自{fmt_date(start)}{what}，至{fmt_date(cutoff)}满{years}年，要求{needed}年以上，{verdict}"
    )
    later = None if ok else first_year_reaching(start, needed, cutoff)
    return Years(ok, reason(rule, ok, message, clause), field, start, years, needed, later, False)
