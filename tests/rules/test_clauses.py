"""Clause ids → the site's anchors (the scheme the site engineer guarantees)."""

from __future__ import annotations

import pytest

from rules_py.clauses import anchor, chinese_number

ANCHORS = [
    ("附件1 二(一)2", "/attachment-1/#a1-2-1-2"),
    ("附件1 二(四)", "/attachment-1/#a1-2-4"),
    ("附件1 二(四)6", "/attachment-1/#a1-2-4-6"),
    ("附件1 三", "/attachment-1/#a1-3"),
    ("附件1 四", "/attachment-1/#a1-4"),
    ("附件2 二.5", "/attachment-2/#a2-2-5"),
    ("附件2 二.5(10)", "/attachment-2/#a2-2-5-10"),
    ("附件2 二.1", "/attachment-2/#a2-2-1"),
    ("附件2 三.2", "/attachment-2/#a2-3-2"),
    ("附件4 二", "/attachment-4/#a4-2"),
    ("附件4 一", "/attachment-4/#a4-1"),
    ("通知 三.1", "/notice/#n-3-1"),
    ("通知", "/notice/"),
    ("附件5", "/attachment-5/"),
    ("附件1 二（一）2", "/attachment-1/#a1-2-1-2"),
    ("附件1 十二", "/attachment-1/#a1-12"),
]


@pytest.mark.parametrize(("clause", "url"), ANCHORS)
def test_anchor(clause: str, url: str) -> None:
    assert anchor(clause) == url


@pytest.mark.parametrize(
    ("text", "number"),
    [("一", 1), ("九", 9), ("十", 10), ("十一", 11), ("二十", 20), ("二十一", 21)],
)
def test_chinese_numbers(text: str, number: int) -> None:
    assert chinese_number(text) == number


@pytest.mark.parametrize("bad", ["", "附件", "第三条", "附件1 二(a)", "通知 3.x", "附件1 二一"])
def test_not_a_clause(bad: str) -> None:
    with pytest.raises(ValueError):
        anchor(bad)
