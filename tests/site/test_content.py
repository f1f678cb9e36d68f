"""The notice and its attachments on the built site: every sentence, every clause anchor."""

from __future__ import annotations

from typing import Any

import pytest
from notice_seed import clause_ids, mended_lines, normalise, sentences
from site_crawl import article_text

from rules_py import notices
from rules_py.clauses import anchor as rules_anchor

NOTICE_PAGES = ["/notice/", *(f"/attachment-{n}/" for n in range(1, 6))]

# The anchor scheme as the issue fixes it (other parts link to these).
SCHEME = [
    ("附件1 二(一)2", "/attachment-1/#a1-2-1-2"),
    ("附件1 二(四)", "/attachment-1/#a1-2-4"),
    ("附件1 二", "/attachment-1/#a1-2"),
    ("附件1 三", "/attachment-1/#a1-3"),
    ("附件1 四", "/attachment-1/#a1-4"),
    ("附件1 二(四)6", "/attachment-1/#a1-2-4-6"),
    ("附件2 二.1", "/attachment-2/#a2-2-1"),
    ("附件2 二.5", "/attachment-2/#a2-2-5"),
    ("附件2 二.5(10)", "/attachment-2/#a2-2-5-10"),
    ("附件2 三.2", "/attachment-2/#a2-3-2"),
    ("附件4 一", "/attachment-4/#a4-1"),
    ("附件4 二", "/attachment-4/#a4-2"),
    ("附件4 二.3", "/attachment-4/#a4-2-3"),
    ("通知 三.1", "/notice/#n-3-1"),
    ("通知 三", "/notice/#n-3"),
]
NUMERALS = "一二三四五六七八九十"


def clause_anchor(clause: str) -> str:
    """The scheme, written here independently of the site hooks and of rules_py."""
    head, _, rest = clause.partition(" ")
    page, prefix = (
        ("/notice/", "n")
        if head == "通知"
        else (
            f"/attachment-{head[-1]}/",
            f"a{head[-1]}",
        )
    )
    numbers, digits = [], ""
    for char in rest + " ":
        if char.isdigit():
            digits += char
            continue
        if digits:
            numbers.append(digits)
            digits = ""
        if char in NUMERALS:
            numbers.append(str(NUMERALS.index(char) + 1))
    return page + ("#" + "-".join([prefix, *numbers]) if numbers else "")


def data_clauses(value: Any) -> list[str]:
    """Every `clause` anywhere in an object of the notice-data layer (named tuples)."""
    found = []
    if hasattr(value, "_fields"):
        for name in value._fields:
            inner = getattr(value, name)
            if name.endswith("clause") and isinstance(inner, str):
                found.append(inner)
            else:
                found += data_clauses(inner)
    elif isinstance(value, (list, tuple)):
        for item in value:
            found += data_clauses(item)
    elif isinstance(value, dict):
        for item in value.values():
            found += data_clauses(item)
    return found


def all_data_clauses() -> list[str]:
    return sorted(set(data_clauses(notices.current())))


def resolves(anchor: str, page_ids: dict[str, set[str]]) -> bool:
    page, _, fragment = anchor.partition("#")
    return page in page_ids and (not fragment or fragment in page_ids[page])


def test_the_seed_page_breaks_are_mended() -> None:
    lines, joins = mended_lines()
    assert joins == 9, "the nine sentences the scan split across pages"
    assert any("工程技术、工程技术管理工作" in line for line in lines)
    assert any("由人力社保部门或职称评审委员会" in line for line in lines)
    assert any("不得申报（2021" in line for line in lines)
    assert any("申报与评审管理平台”水印的评审表" in line for line in lines)


def test_every_sentence_of_the_notice_is_on_the_site(built_pages: dict[str, str]) -> None:
    text = normalise("".join(article_text(built_pages[path]) for path in NOTICE_PAGES))
    missing = [sentence for sentence in sentences() if sentence not in text]
    assert len(sentences()) > 250
    assert not missing, f"{len(missing)} sentences of the notice are missing: {missing[:5]}"


def test_mended_sentences_read_whole(built_pages: dict[str, str]) -> None:
    text = normalise(article_text(built_pages["/notice/"]))
    assert "工程技术、工程技术管理工作，符合申报高级工程师资格申报条件的人员" in text
    assert "由人力社保部门或职称评审委员会组建单位撤销其职称" in text


def test_every_numbered_clause_has_its_anchor(page_ids: dict[str, set[str]]) -> None:
    expected = clause_ids()
    assert len(expected) > 90
    missing = []
    for element_id, line in expected.items():
        page = "/notice/" if element_id.startswith("n-") else f"/attachment-{element_id[1]}/"
        if element_id not in page_ids[page]:
            missing.append(f"{page}#{element_id} ({line[:20]})")
    assert not missing, missing


@pytest.mark.parametrize(("clause", "anchor"), SCHEME, ids=[c for c, _ in SCHEME])
def test_scheme_examples_resolve(clause: str, anchor: str, page_ids) -> None:
    assert clause_anchor(clause) == anchor
    assert resolves(anchor, page_ids), f"{anchor} is not on the built site"


@pytest.mark.parametrize("clause", all_data_clauses())
def test_every_clause_cited_in_data_resolves(clause: str, page_ids) -> None:
    assert resolves(clause_anchor(clause), page_ids), f"{clause} -> {clause_anchor(clause)}"


@pytest.mark.parametrize(("clause", "anchor"), SCHEME, ids=[c for c, _ in SCHEME])
def test_rules_package_links_to_the_same_anchors(clause: str, anchor: str) -> None:
    """rules_py.clauses.anchor is the one mapping the rules and the site hooks both use."""
    assert rules_anchor(clause) == anchor


def test_numbered_lists_render_as_lists(built_pages: dict[str, str]) -> None:
    page = built_pages["/attachment-2/"]
    assert '<li id="a2-2-1">' in page or '<p id="a2-2-1">' in page
    assert "<ol>" in page and "<pre>" not in page, "no clause fell into a code block"
    assert "215*300（宽*高）" in page, "the photo size reads as written, not as emphasis"
