"""One checked rule: its id, whether it holds, a Chinese message and the clause it comes from."""

from __future__ import annotations

from datetime import date
from typing import Any

from .periods import whole_years


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


def fmt_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def fmt_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def years_rule(
    rule: str,
    clause: str,
    start: date | None,
    needed: int,
    cutoff: date,
    what: str,
    missing: str,
) -> tuple[bool, dict[str, Any]]:
    """ "{what}满/以上 N 年" counted in whole years from start to the cut-off (N included)."""
    if start is None:
        return False, reason(
            rule, False, f"未填写{missing}，无法计算年限（要求{needed}年以上）", clause
        )
    years = max(whole_years(start, cutoff), 0)
    ok = years >= needed
    verdict = "符合" if ok else "不足"
    message = (
        f"自{fmt_date(start)}{what}，至{fmt_date(cutoff)}满{years}年，要求{needed}年以上，{verdict}"
    )
    return ok, reason(rule, ok, message, clause)
