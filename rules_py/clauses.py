"""Clause ids as the notice writes them, and the site anchor of each.

Scheme (guaranteed by the site): 附件N → page /attachment-N/ with ids "aN-" + the clause path;
通知 → page /notice/ with ids "n-" + the clause path. The path turns Chinese numerals into digits
and joins the parts with "-": 附件1 二(一)2 → /attachment-1/#a1-2-1-2, 附件2 二.5(10) →
/attachment-2/#a2-2-5-10, 通知 三.1 → /notice/#n-3-1. A bare 附件N or 通知 is the page itself.
"""

from __future__ import annotations

import re

_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_NUMERAL = "[一二三四五六七八九十]+"
_HEAD = re.compile(rf"^(通知|附件\s*(\d+|{_NUMERAL}))\s*(.*)$")
_PART = re.compile(rf"{_NUMERAL}|\d+")
_ALLOWED_REST = re.compile(rf"^(?:{_NUMERAL}|\d+|[()（）.．、\s])*$")


def chinese_number(text: str) -> int:
    """一..九十九 → 1..99 (十 = 10, 十二 = 12, 二十 = 20, 二十一 = 21)."""
    if "十" not in text:
        if len(text) != 1:
            raise ValueError(f"not a Chinese numeral: {text!r}")
        return _DIGITS[text]
    tens, _, ones = text.partition("十")
    if len(tens) > 1 or len(ones) > 1 or "十" in ones:
        raise ValueError(f"not a Chinese numeral: {text!r}")
    return (_DIGITS[tens] if tens else 1) * 10 + (_DIGITS[ones] if ones else 0)


def chinese_numeral(n: int) -> str:
    """1..99 → 一..九十九 (the inverse of chinese_number)."""
    if not 1 <= n <= 99:
        raise ValueError(f"no Chinese numeral for {n}")
    digits = "一二三四五六七八九"
    tens, ones = divmod(n, 10)
    if not tens:
        return digits[ones - 1]
    return (digits[tens - 1] if tens > 1 else "") + "十" + (digits[ones - 1] if ones else "")


def clause_id(fragment: str) -> str:
    """The clause id of a site anchor: "a1-2-1-2" → "附件1 二(一)2", "a2-2-5-10" → "附件2
    二.5(10)", "n-3-1" → "通知 三.1" (附件1 numbers its parts 一 (一) 1, the others 一 .1 (1))."""
    head, *path = fragment.split("-")
    numbers = [int(p) for p in path]
    if head == "n":
        name, style = "通知", "dotted"
    elif head.startswith("a") and head[1:].isdigit():
        name = f"附件{head[1:]}"
        style = "nested" if head == "a1" else "dotted"
    else:
        raise ValueError(f"not a clause anchor: {fragment!r}")
    if not numbers:
        return name
    parts = [chinese_numeral(numbers[0])]
    if len(numbers) > 1:
        second = chinese_numeral(numbers[1]) if style == "nested" else str(numbers[1])
        parts.append(f"({second})" if style == "nested" else f".{second}")
    parts += [str(n) if style == "nested" else f"({n})" for n in numbers[2:]]
    return f"{name} {''.join(parts)}"


def _number(part: str) -> int:
    return int(part) if part.isdigit() else chinese_number(part)


def parts(clause_id: str) -> tuple[str, list[int]]:
    """("attachment-1" | "notice", [2, 1, 2]) for "附件1 二(一)2"."""
    match = _HEAD.match(clause_id.strip())
    if not match or not _ALLOWED_REST.match(match.group(3)):
        raise ValueError(f"not a clause id of the notice: {clause_id!r}")
    path = [_number(p) for p in _PART.findall(match.group(3))]
    if match.group(1) == "通知":
        return "notice", path
    return f"attachment-{_number(match.group(2))}", path


def anchor(clause_id: str) -> str:
    """The site URL of a clause: anchor("附件1 二(一)2") == "/attachment-1/#a1-2-1-2"."""
    page, path = parts(clause_id)
    url = f"/{page}/"
    if not path:
        return url
    prefix = "n" if page == "notice" else "a" + page.removeprefix("attachment-")
    return url + "#" + "-".join([prefix, *map(str, path)])
