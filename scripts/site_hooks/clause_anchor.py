"""Clause id -> page URL with anchor, the site's fixed anchor scheme.

附件1 二(一)2 -> attachment-1/#a1-2-1-2 ; 附件2 二.5(10) -> attachment-2/#a2-2-5-10 ;
通知 三.1 -> notice/#n-3-1 ; 通知 -> notice/ . URLs are relative to the site root.
"""

from __future__ import annotations

import re

_NUMERALS = "一二三四五六七八九十"
_PART = re.compile(r"[（(]([一二三四五六七八九十]|\d+)[)）]|([一二三四五六七八九十])|(\d+)")


def _number(token: str) -> int:
    return int(token) if token.isdigit() else _NUMERALS.index(token) + 1


def clause_path(clause: str) -> tuple[str, str, list[int]]:
    """Split a clause id into (page, id prefix, numbers).

    附件2 二.5(10) -> ("attachment-2", "a2", [2, 5, 10]).
    """
    clause = clause.strip()
    head, _, rest = clause.partition(" ")
    if head == "通知":
        page, prefix = "notice", "n"
    else:
        match = re.fullmatch(r"附件\s*(\d)", head)
        if not match:
            raise ValueError(f"unknown clause id: {clause!r}")
        page, prefix = f"attachment-{match.group(1)}", f"a{match.group(1)}"
    numbers = []
    for part in _PART.finditer(rest.replace(".", " ").replace("、", " ")):
        token = next(group for group in part.groups() if group)
        numbers.append(_number(token))
    return page, prefix, numbers


def anchor_id(clause: str) -> str:
    """The element id of a clause on its page ("" for a whole page)."""
    _, prefix, numbers = clause_path(clause)
    return "-".join([prefix, *map(str, numbers)]) if numbers else ""


def clause_url(clause: str) -> str:
    """Site-root-relative URL of a clause: 附件1 二(四) -> attachment-1/#a1-2-4."""
    page, _, _ = clause_path(clause)
    fragment = anchor_id(clause)
    return f"{page}/#{fragment}" if fragment else f"{page}/"
