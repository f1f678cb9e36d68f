"""The site's search, as a visitor uses it: queries typed or pasted, in any phone format, with
clause numbers and full-width punctuation, find the page that says it first; Chinese words are
highlighted whole; widget texts never show up as a result."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from site_crawl import search

from rules_py import notices

# query -> (the page a visitor should get first, pages that must be among the results)
TABLE = [
    ("88292115", "/directory/", {"/notice/"}),
    ("0571-88292115", "/directory/", {"/notice/"}),
    ("(0571) 8353 3082", "/directory/", {"/attachment-4/"}),
    ("+86 571 83533082", "/directory/", {"/attachment-4/"}),
    ("萧山", "/directory/", {"/attachment-4/"}),
    ("高技能", "/attachment-1/", set()),
    ("继续教育", "/attachment-1/", set()),
    ("年度考核", "/attachment-1/", set()),
    ("破格条件", "/attachment-1/", set()),
    ("转（兼）评", "/attachment-1/", set()),
    ("附件1", "/attachment-1/", set()),
    ("花名册", "/attachment-4/", set()),
    ("论文", "/attachment-2/", {"/attachment-1/"}),
    ("高评委办公室", "/directory/", {"/notice/"}),
    ("条文对照", "/rules/", set()),
    ("一式3份", None, {"/attachment-4/"}),  # jieba cut it two ways: found by its characters
]
CEILING_MS = 120_000  # a ceiling for a loaded machine; every wait ends on the results


@pytest.fixture(scope="module")
def search_page(browser, site_server) -> Iterator[object]:
    """One page for the table: the index is loaded once."""
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(CEILING_MS)
    page.goto(site_server.url + "/attachment-3/")
    yield page
    context.close()


@pytest.mark.parametrize(("query", "first", "also"), TABLE, ids=[row[0] for row in TABLE])
def test_search_table(query: str, first: str | None, also: set[str], search_page) -> None:
    found = search(search_page, query)
    assert found, f"{query}: nothing found"
    if first is not None:
        assert found[0] == first, f"{query}: {found}"
    assert also <= set(found), f"{query}: {found}"


def marks(page) -> list[str]:
    return page.locator(".md-search-result__item mark").all_inner_texts()


def test_chinese_words_are_highlighted_whole(search_page) -> None:
    search(search_page, "高技能")
    found = marks(search_page)
    assert "高技能人才" in found, found
    assert "高" not in found and "高级" not in found, found


def test_a_pasted_query_searches_without_a_key_press(search_page) -> None:
    """search() fills the box as a paste does (an input event, no key event)."""
    assert search(search_page, "花名册")[0] == "/attachment-4/"


def test_no_result_says_so(search_page) -> None:
    box = search_page.locator("input.md-search__input")
    box.fill("量子计算机")
    search_page.wait_for_function(
        "() => document.querySelector('.md-search-result__meta').textContent.includes('没有')"
    )
    assert search_page.locator(".md-search-result__item").count() == 0


# ---- the index itself ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def index(built_site: Path) -> dict:
    return json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))


def tokens(index: dict) -> set[str]:
    separator = re.compile(index["config"]["separator"])
    text = " ".join(re.sub(r"<[^>]+>", " ", d["title"] + " " + d["text"]) for d in index["docs"])
    return set(separator.split(text))


def test_phone_numbers_and_clause_numbers_are_words_of_their_own(index: dict) -> None:
    words = tokens(index)
    assert {"88292115", "83533082", "0571", "10"} <= words
    assert not [w for w in words if re.search(r"[：:（）()《》〔〕，。]", w)], (
        "punctuation is a separator"
    )


def test_the_notices_own_terms_are_whole_words(index: dict) -> None:
    """Each term of the data's search words is one word of the index wherever it is used (a term
    with punctuation, 转（兼）评, is found by its parts: see the table)."""
    words = tokens(index)
    text = " ".join(d["text"] for d in index["docs"]).replace("\u200b", "")
    chinese = [t for t in notices.current().search_words if t.isalpha()]  # no punctuation
    used = [term for term in chinese if term in text]
    assert used, "the notice's terms are on the site"
    assert [term for term in used if term not in words] == []


@pytest.mark.parametrize(
    "widget_text",
    [
        "没有找到匹配的受理部门",  # the directory filter's empty state
        "搜索名称、电话或地址",  # its label
        "请选择区、县（市）或市直部门",  # the district select
        "省流量模式",  # the self-check's Save-Data note (hidden)
    ],
)
def test_widget_texts_are_not_indexed(widget_text: str, index: dict) -> None:
    text = " ".join(d["text"] + d["title"] for d in index["docs"]).replace("\u200b", "")
    assert widget_text not in text


def test_search_worker_is_the_sites_own(built_site: Path, built_pages: dict[str, str]) -> None:
    assert '"search": "assets/javascripts/workers/search-zh.js"' in built_pages["/"]
    worker = (built_site / "assets" / "javascripts" / "workers" / "search-zh.js").read_text(
        encoding="utf-8"
    )
    (material,) = re.findall(r'importScripts\("(search\.[0-9a-f]+\.min\.js)"\)', worker)
    assert (built_site / "assets" / "javascripts" / "workers" / material).is_file()
