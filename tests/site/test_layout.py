"""The layout as a reader sees it, on a phone (375 px) and a desktop (1280 px): numbers never
broken over two lines, no title leaving one character alone on a line, titles close to their text,
lines of a readable length. Each page is also saved as a screenshot (/tmp/screens) for a person to
look at; the assertions measure the same rendering."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from site_crawl import PAGES, PHONE, ROOT

CRAWL = list(PAGES) + (["/self-check/"] if (ROOT / "site" / "self-check.md").is_file() else [])
DESKTOP = {"width": 1280, "height": 900}
SCREENS = Path("/tmp/screens")
CEILING_MS = 120_000

# Digit runs whose characters do not all sit on one line.
BROKEN_NUMBERS = """() => {
  const broken = [];
  const walker = document.createTreeWalker(document.querySelector("article"), NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  const clipped = (el) => {  /* visually hidden (e.g. a table header read only by screen readers) */
    for (let e = el; e; e = e.parentElement) {
      const style = getComputedStyle(e);
      if (style.position === "absolute" && style.clip !== "auto") return true;
    }
    return false;
  };
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (clipped(node.parentElement)) continue;
    for (const match of node.data.matchAll(/\\d{2,}/g)) {
      const tops = new Set();
      for (let i = match.index; i < match.index + match[0].length; i++) {
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const box = range.getBoundingClientRect();
        if (box.width) tops.add(Math.round(box.top));
      }
      if (tops.size > 1) broken.push(match[0] + " in " + node.parentElement.outerHTML.slice(0, 80));
    }
  }
  return broken;
}"""

# Titles (and the notice's header line) with a line that holds a single character.
LONELY_CHARACTERS = """() => {
  const lonely = [];
  const range = document.createRange();
  for (const el of document.querySelectorAll("article h1, article h2, article h3, .doc-issuer")) {
    if (!el.getClientRects().length) continue;
    const lines = new Map();
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.parentElement.closest(".headerlink")) continue;
      for (let i = 0; i < node.data.length; i++) {
        if (!node.data[i].trim()) continue;
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const box = range.getBoundingClientRect();
        if (!box.width) continue;
        const top = Math.round(box.top / 4);
        lines.set(top, (lines.get(top) || "") + node.data[i]);
      }
    }
    if (lines.size > 1) {
      for (const text of lines.values()) {
        if ([...text].length === 1) lonely.push(el.textContent.trim());
      }
    }
  }
  return lonely;
}"""

# Space between the page title and what follows it, in units of the body text's size.
TITLE_GAP = """() => {
  const title = document.querySelector("article h1");
  let next = title.nextElementSibling;
  while (next && !next.getClientRects().length) next = next.nextElementSibling;
  const size = parseFloat(getComputedStyle(document.querySelector("article")).fontSize);
  return (next.getBoundingClientRect().top - title.getBoundingClientRect().bottom) / size;
}"""

# The widest block of running text, in characters of the body text's size.
LONGEST_LINE = """() => {
  const size = parseFloat(getComputedStyle(document.querySelector("article")).fontSize);
  const widths = [...document.querySelectorAll("article > p, article li")]
    .filter(el => el.getClientRects().length)
    .map(el => el.getBoundingClientRect().width / size);
  return Math.max(...widths);
}"""


@pytest.fixture(scope="module")
def contexts(browser) -> Iterator[dict[int, object]]:
    """A phone and a desktop browser, by viewport width."""
    made = {
        PHONE["width"]: browser.new_context(
            locale="zh-CN", viewport=PHONE, is_mobile=True, has_touch=True
        ),
        DESKTOP["width"]: browser.new_context(locale="zh-CN", viewport=DESKTOP),
    }
    yield made
    for context in made.values():
        context.close()


MEASURES = {
    "broken_numbers": BROKEN_NUMBERS,
    "lonely_characters": LONELY_CHARACTERS,
    "title_gap": TITLE_GAP,
    "longest_line": LONGEST_LINE,
}


@pytest.fixture(
    scope="module",
    params=[(w, path) for w in (PHONE["width"], DESKTOP["width"]) for path in CRAWL],
    ids=lambda p: f"{p[0]}px-{p[1]}",
)
def rendered(request, contexts, site_server) -> dict[str, object]:
    """One page at one width: saved as a screenshot, then measured (once for every test)."""
    width, path = request.param
    page = contexts[width].new_page()
    page.set_default_timeout(CEILING_MS)
    response = page.goto(site_server.url + path)
    assert response is not None and response.ok
    page.evaluate("document.fonts.ready")
    SCREENS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENS / f"{path.strip('/') or 'home'}-{width}.png"), full_page=True)
    measured = {name: page.evaluate(script) for name, script in MEASURES.items()}
    page.close()
    return measured


def test_numbers_are_never_broken_over_two_lines(rendered) -> None:
    assert rendered["broken_numbers"] == []


def test_no_title_leaves_a_character_alone_on_a_line(rendered) -> None:
    assert rendered["lonely_characters"] == []


def test_the_title_sits_close_to_its_text(rendered) -> None:
    assert rendered["title_gap"] <= 1.6


def test_lines_are_of_a_readable_length(rendered) -> None:
    assert rendered["longest_line"] <= 44
