"""本人述职 length (附件2 二.3; the limit comes from the notice's data).

How characters are counted: every character that is not whitespace counts 1 (one Unicode code
point: a Chinese character, a letter, a digit, a punctuation mark, an emoji's each code point
count 1); spaces, tabs, line breaks and full-width spaces are not counted. "以内" includes the
limit itself.

Whitespace is the fixed set WHITESPACE (what Python's str.isspace() calls whitespace), not
str.isspace() itself: the self-check page counts in JavaScript as one types, with the same set
handed to it at build time (`rule()`), so the page, CPython and Pyodide count alike.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import notices

if TYPE_CHECKING:
    from .parameters import Parameters

# Every code point for which str.isspace() is true (Unicode White_Space minus nothing, plus the
# four information separators U+001C–U+001F that Python also treats as whitespace).
WHITESPACE = frozenset(
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680"
    "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
)

EXPLANATION = (
    "按非空白字符计数：每个汉字、字母、数字、标点符号各计1字，空格、换行和全角空格不计；"
    "限{limit}字以内（含{limit}字）"
)


def _rule_of(p: Parameters | None) -> dict[str, Any]:
    return p.self_report if p is not None else notices.current().self_report.plain()


def rule(p: Parameters | None = None) -> dict[str, Any]:
    """What a counter needs to count as count() does: the limit, the whitespace code points
    (sorted), the explanation and the clause."""
    limits = _rule_of(p)
    limit = limits["max_chars"]
    return {
        "limit": limit,
        "whitespace": sorted(map(ord, WHITESPACE)),
        "explanation": EXPLANATION.format(limit=limit),
        "clause": limits["clause"],
    }


def count(text: str, p: Parameters | None = None) -> dict[str, Any]:
    limits = _rule_of(p)
    limit = limits["max_chars"]
    used = sum(1 for ch in text if ch not in WHITESPACE)
    return {
        "count": used,
        "limit": limit,
        "remaining": limit - used,
        "ok": used <= limit,
        "explanation": EXPLANATION.format(limit=limit),
        "clause": limits["clause"],
    }
