"""本人述职 length (附件2 二.3: 限1000字以内; the limit comes from the notice's data).

How characters are counted: every character that is not whitespace counts 1 (one Unicode code
point: a Chinese character, a letter, a digit, a punctuation mark each count 1); spaces, tabs,
line breaks and full-width spaces are not counted. "以内" includes the limit itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import notices

if TYPE_CHECKING:
    from .parameters import Parameters

EXPLANATION = (
    "按非空白字符计数：每个汉字、字母、数字、标点符号各计1字，空格、换行和全角空格不计；"
    "限{limit}字以内（含{limit}字）"
)


def count(text: str, p: Parameters | None = None) -> dict[str, Any]:
    rule = p.self_report if p is not None else notices.current().self_report.plain()
    limit = rule["max_chars"]
    used = sum(1 for ch in text if not ch.isspace())
    return {
        "count": used,
        "limit": limit,
        "remaining": limit - used,
        "ok": used <= limit,
        "explanation": EXPLANATION.format(limit=limit),
        "clause": rule["clause"],
    }
