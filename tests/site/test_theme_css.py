"""The trimmed theme style sheet (theme_css.py) styles every page exactly as Material's whole one:
each element's and pseudo-element's computed style is the same with either sheet, on a phone and
a desktop, as the page loads, with the navigation drawer open, and with search results shown."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import material
import pytest
from site_crawl import PAGES, PHONE, search

CEILING_MS = 120_000
MATERIAL_CSS = next(
    (Path(material.__file__).parent / "templates" / "assets" / "stylesheets").glob("main.*.min.css")
)
TRIMMED = re.compile(r"/assets/stylesheets/site-theme\.[0-9a-f]{8}\.min\.css$")

# Every element's computed style, ::before and ::after too: [label, {property: value}]. Custom
# properties are left out: the trimmed sheet drops the unused ones; what the used ones give is
# in the properties that use them.
STYLES = """() => {
  const out = [];
  const elements = [...document.querySelectorAll("body *")];
  elements.forEach((el, i) => {
    for (const pseudo of [null, "::before", "::after"]) {
      const style = getComputedStyle(el, pseudo);
      if (pseudo && style.content === "none") continue;
      const values = {};
      for (let k = 0; k < style.length; k++) {
        if (!style[k].startsWith("--")) values[style[k]] = style.getPropertyValue(style[k]);
      }
      out.push([i + " " + el.tagName + "." + el.className + (pseudo || ""), values]);
    }
  });
  return out;
}"""


# Material's script has run and its search is ready (its results line says "type to search"):
# what the page shows once a click has loaded the script, read at the same point with either sheet.
SEARCH_READY = """() => {
  const meta = document.querySelector(".md-search-result__meta");
  const config = JSON.parse(document.getElementById("__config").textContent);
  return document.documentElement.dataset.themeScript === "ready"
    && meta && meta.textContent === config.translations["search.result.placeholder"];
}"""


def styles(browser, url: str, width: int, whole_sheet: bool, state: str) -> list[list]:
    viewport = {"width": width, "height": 800}
    context = browser.new_context(locale="zh-CN", viewport=viewport, service_workers="block")
    try:
        if whole_sheet:
            whole_css = MATERIAL_CSS.read_bytes()
            context.route(
                TRIMMED, lambda route: route.fulfill(body=whole_css, content_type="text/css")
            )
        page = context.new_page()
        page.set_default_timeout(CEILING_MS)
        page.goto(url)
        page.wait_for_load_state("load")
        if state == "drawer":
            page.locator('label.md-header__button[for="__drawer"]').click()
            page.wait_for_function(SEARCH_READY)  # the click loaded the theme's script
        elif state == "search":
            search(page, "花名册")
        page.evaluate("() => Promise.all(document.getAnimations().map((a) => a.finished))")
        return page.evaluate(STYLES)
    finally:
        context.close()


def test_the_trimmed_sheet_is_small_enough_for_one_round_trip(built_site: Path) -> None:
    """A first response carries about 14 kB (TCP's first window): the page waits one round trip
    for its style sheet, not two."""
    (sheet,) = (built_site / "assets" / "stylesheets").glob("site-theme.*.min.css")
    assert len(gzip.compress(sheet.read_bytes(), 6)) < 14_300
    assert len(gzip.compress(MATERIAL_CSS.read_bytes(), 6)) > 20_000, "Material's, for scale"


@pytest.mark.parametrize(
    ("path", "width", "state"),
    [(path, PHONE["width"], "load") for path in PAGES]
    + [(path, 1280, "load") for path in PAGES]
    + [("/attachment-1/", PHONE["width"], "drawer"), ("/", 1280, "search")]
    + [("/directory/", 1280, "search")],
)
def test_every_element_looks_as_with_materials_whole_sheet(
    path: str, width: int, state: str, site_server, browser
) -> None:
    url = site_server.url + path
    whole = styles(browser, url, width, True, state)
    trimmed = styles(browser, url, width, False, state)
    assert len(whole) == len(trimmed), f"{path}: the pages differ"
    different = [
        (label, {k: (v, other.get(k)) for k, v in values.items() if other.get(k) != v})
        for (label, values), (_, other) in zip(whole, trimmed, strict=True)
        if values != other
    ]
    assert different == [], f"{path} at {width} px ({state}): {different[:3]}"
