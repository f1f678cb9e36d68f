"""What the site tests crawl: the pages, their article text, Material's search box."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 375, "height": 812}

# Every page of the site: URL path -> what it is. /self-check/ is added when it is built.
PAGES = {
    "/": "首页",
    "/notice/": "通知正文",
    "/attachment-1/": "附件1",
    "/attachment-2/": "附件2",
    "/attachment-3/": "附件3",
    "/attachment-4/": "附件4",
    "/attachment-5/": "附件5",
    "/directory/": "受理部门名录",
    "/batch-check/": "批量检查",
    "/rules/": "规则与条文对照",
}
ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.S)
HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)
TAG = re.compile(r"<[^>]+>")


def page_file(site: Path, path: str) -> Path:
    return site / path.strip("/") / "index.html"


def site_pages(site: Path) -> list[str]:
    """The pages to crawl: the fixed ones plus /self-check/ once its page exists."""
    pages = list(PAGES)
    if page_file(site, "/self-check/").is_file():
        pages.append("/self-check/")
    return pages


def article_html(page_html: str) -> str:
    """The page's article (its content, without the header, navigation and footer)."""
    match = ARTICLE.search(page_html)
    assert match, "the page has Material's article"
    return match.group(1)


def article_text(page_html: str) -> str:
    return html.unescape(TAG.sub(" ", HEADERLINK.sub("", article_html(page_html))))


def search(page, query: str) -> list[str]:
    """Put `query` into Material's search box as a paste does (no key event) and return the
    result links once they are for `query`: the links carry the words found (`?h=`)."""
    box = page.locator("input.md-search__input")
    if not box.is_visible():  # phones: the search opens from the header button
        page.locator('label.md-header__button[for="__search"]').click()
    box.click()
    page.wait_for_function(
        "() => !document.querySelector('.md-search-result__meta').textContent.includes('初始化')"
    )
    # The previous query's results go first: whatever shows next is this query's (a shared page
    # would otherwise show results that already match when two queries share a character).
    box.fill("")
    page.wait_for_function("() => !document.querySelector('.md-search-result__item')")
    box.fill(query)
    page.wait_for_function(
        "q => [...document.querySelectorAll('.md-search-result__item a')].some("
        "  a => [...q].some(ch => decodeURIComponent(a.search).includes(ch)))",
        arg=query,
    )
    return page.locator(".md-search-result__item a").evaluate_all(
        "els => [...new Set(els.map(a => new URL(a.href).pathname))]"
    )


def wait_until(page, predicate: str, arg=None, timeout_ms: int = 120_000) -> None:
    """Wait until an async page predicate holds (wait_for_function does not await promises:
    an async predicate's Promise counts as true at once). Polls in the page; the timeout is a
    ceiling for a loaded machine, not the expected wait."""
    done = page.evaluate(
        """async ([source, arg, timeout]) => {
          const predicate = eval("(" + source + ")");
          const end = performance.now() + timeout;
          while (performance.now() < end) {
            if (await predicate(arg)) return true;
            await new Promise((resolve) => setTimeout(resolve, 100));
          }
          return false;
        }""",
        [predicate, arg, timeout_ms],
    )
    assert done, f"not within {timeout_ms} ms: {predicate}"


# A saved answers file of an engineer with a degree (what the self-check's 保存 writes).
ANSWERS = {
    "education": [{"level": "bachelor", "engineering": True, "related": True}],
    "engineer_qualified_on": "2016-07-01",
    "practice_qualification": False,
    "other_senior_title": False,
    "assessments": {"2020": "excellent", "2021": "competent", "2022": "competent"},
    "continuing_education": {
        year: {"professional": 64, "public": 26} for year in ("2021", "2022", "2023")
    },
}


def answer_the_self_check(page, folder: Path, ceiling_ms: int) -> None:
    """On the open self-check page: load a saved answers file, answer what a file cannot say
    (the scope questions, the skill level) and wait for the answer."""
    answers = folder / "answers.json"
    answers.write_text(json.dumps(ANSWERS, ensure_ascii=False), encoding="utf-8")
    page.wait_for_selector("#sc-runtime[data-state=ready]", timeout=ceiling_ms)
    page.set_input_files("#sc-load", answers)
    page.wait_for_selector("#sc-files-status[data-state=ok]")
    page.select_option("#sc-unit", index=1)
    page.check("#sc-civil_service-no")
    page.check("#sc-work-field")
    page.click("#sc-step-scope .sc-continue")
    page.check("#sc-skill_level-none")
    page.click("#sc-step-titles .sc-continue")
    page.click("#sc-submit")
    page.wait_for_selector("#sc-answer[data-state=done]", timeout=ceiling_ms)
