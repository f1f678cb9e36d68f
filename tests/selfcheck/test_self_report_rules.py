"""本人述职 length: every non-whitespace character counts 1; 1000 is allowed, 1001 is not."""

from __future__ import annotations

import pytest

from rules_py.self_report import count

COUNTS = [
    ("", 0),
    ("我负责化工项目。", 8),
    ("PVC 产线 2 条", 7),
    ("第一段\n\n第二段\t（完）", 9),
    ("全角\u3000空格不计", 6),
    ("ABC,def;123", 11),
]


@pytest.mark.parametrize(("text", "expected"), COUNTS)
def test_counting(text: str, expected: int) -> None:
    assert count(text)["count"] == expected


@pytest.mark.parametrize(
    ("n", "ok", "remaining"), [(999, True, 1), (1000, True, 0), (1001, False, -1)]
)
def test_limit_from_data_is_inclusive(n: int, ok: bool, remaining: int) -> None:
    result = count("字" * n + "\n" * 50)
    assert list(result)[:5] == ["count", "limit", "remaining", "ok", "explanation"]
    assert (result["count"], result["limit"], result["ok"], result["remaining"]) == (
        n,
        1000,
        ok,
        remaining,
    )
    assert "空格" in result["explanation"] and "1000" in result["explanation"]


def test_whitespace_set_is_what_python_calls_whitespace() -> None:
    """The fixed set the page's counter is given is exactly str.isspace() over all of Unicode."""
    from rules_py.self_report import WHITESPACE, rule

    assert WHITESPACE == {chr(c) for c in range(0x110000) if chr(c).isspace()}
    assert rule()["whitespace"] == sorted(map(ord, WHITESPACE))
    assert rule()["limit"] == count("")["limit"]
