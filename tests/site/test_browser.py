"""Every page in headless Chromium: same-origin only, phone width, accessibility, print, search,
the directory's script (and the directory without it)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from site_crawl import AXE, PAGES, PHONE, ROOT, search

# Every page, the self-check page too once its source exists.
CRAWL = list(PAGES) + (["/self-check/"] if (ROOT / "site" / "self-check.md").is_file() else [])
# A ceiling for a loaded 2-core machine, not an expected wait: every wait ends on an event.
CEILING_MS = 120_000


def open_page(context, server, path: str):
    page = context.new_page()
    page.set_default_timeout(CEILING_MS)
    response = page.goto(server.url + path)
    assert response is not None and response.ok, path
    return page


@pytest.mark.parametrize("path", CRAWL)
def test_nothing_is_loaded_from_another_origin(path: str, site_server, context) -> None:
    """Everything a visit sets off, watched to its end: the page and its assets, the search
    (worker, lunr, index), the self-check's runtime, the service worker keeping the site and the
    runtime. Each is waited for by the event that ends it, never by a quiet network."""
    hosts: set[str] = set()
    context.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
    page = open_page(context, site_server, path)
    search(page, "申报")  # loads the search worker, lunr and the index too
    if page.locator("#sc-runtime").count():
        page.wait_for_selector("#sc-runtime[data-state=ready]")
    page.wait_for_selector("html[data-runtime-offline]", state="attached")
    own = urlsplit(site_server.url).netloc
    assert hosts - {own, ""} == set(), f"{path} requested other hosts: {hosts - {own}}"


@pytest.mark.parametrize("path", CRAWL)
def test_phone_width_has_no_horizontal_scrolling(path: str, site_server, phone_context) -> None:
    page = open_page(phone_context, site_server, path)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.mark.parametrize("path", CRAWL)
def test_no_serious_accessibility_violations(path: str, site_server, context) -> None:
    page = open_page(context, site_server, path)
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".filter(v => ['serious', 'critical'].includes(v.impact))"
        ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', '))"
    )
    assert violations == [], f"{path}: {violations}"


@pytest.mark.parametrize("path", CRAWL)
def test_each_page_has_a_description_and_language(path: str, site_server, context) -> None:
    page = open_page(context, site_server, path)
    assert page.evaluate("document.documentElement.lang").startswith("zh")
    description = page.locator('meta[name="description"]').get_attribute("content")
    assert description and len(description) > 10


@pytest.mark.parametrize("path", ["/notice/", "/directory/", "/attachment-5/"])
def test_print_shows_the_text_without_navigation(path: str, site_server, context) -> None:
    page = open_page(context, site_server, path)
    page.emulate_media(media="print")
    hidden = page.evaluate(
        """() => ['.md-header', '.md-sidebar--primary', '.md-sidebar--secondary', '.md-footer',
                  '.md-search'].map(s => [...document.querySelectorAll(s)]
                  .every(e => getComputedStyle(e).display === 'none' || !e.offsetParent))"""
    )
    assert all(hidden), hidden
    assert page.locator("article h1").is_visible()


def pdf_pages(pdf: bytes) -> list[tuple[float, float]]:
    """(width, height) in points of each page of a PDF made by Chromium."""
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    return [(float(w), float(h)) for w, h in boxes]


@pytest.mark.parametrize(
    ("path", "max_pages"), [("/attachment-5/", 1), ("/directory/", 3), ("/notice/", 6)]
)
def test_prints_on_a4(path: str, max_pages: int, site_server, context) -> None:
    page = open_page(context, site_server, path)
    pages = pdf_pages(page.pdf(prefer_css_page_size=True))
    assert pages and all(abs(w - 595.3) < 2 and abs(h - 841.9) < 2 for w, h in pages), pages
    assert len(pages) <= max_pages, f"{path} prints on {len(pages)} pages"


def test_home_page_leads_to_the_self_check(site_server, context) -> None:
    page = open_page(context, site_server, "/")
    start = page.get_by_role("link", name="申报条件自查").first
    assert start.is_visible()
    assert start.get_attribute("href") == "self-check/"
    assert page.locator(".timeline-item").count() >= 5
    assert page.get_by_role("link", name=re.compile("下载日历文件")).count() == 1


def test_directory_search_filters_the_table(site_server, context) -> None:
    page = open_page(context, site_server, "/directory/")
    box = page.get_by_label("搜索名称、电话或地址")
    box.fill("萧山")
    visible = page.locator(".office-table tbody tr:visible")
    assert visible.count() == 1
    assert "萧山区经济和信息化局" in visible.inner_text()
    box.fill("不存在的地方")
    assert visible.count() == 0
    assert page.get_by_text("没有找到匹配的受理部门").is_visible()
    box.fill("")
    assert visible.count() == 13


@pytest.mark.parametrize(
    "query",
    [
        "0571-83533082",  # as the directory's own CSV writes it
        "83533082",
        "8353 3082",
        "(0571) 8353-3082",
        "（0571）83533082",
        "+86 571 8353 3082",
        "+86-571-83533082",
        "８３５３３０８２",  # full-width digits from a Chinese input method
        "萧山 博学路",
    ],
)
def test_directory_finds_an_office_by_any_phone_format(query: str, site_server, context) -> None:
    page = open_page(context, site_server, "/directory/")
    page.get_by_label("搜索名称、电话或地址").fill(query)
    visible = page.locator(".office-table tbody tr:visible")
    assert visible.count() == 1, query
    assert "萧山区经济和信息化局" in visible.inner_text()
    assert page.locator(".directory-count").inner_text() == "找到 1 个受理部门（共 13 个）"


@pytest.mark.parametrize(
    ("choice", "expected", "phone"),
    [
        ("滨江区", "滨江区经济和信息化局", "tel:+86-571-89521785"),
        ("建德市", "建德市经济和信息化局", "tel:+86-571-64070906"),
        ("市直部门所属企事业单位", "高评委办公室", "tel:+86-571-88292115"),
    ],
)
def test_which_office_takes_my_papers(choice, expected, phone, site_server, context) -> None:
    page = open_page(context, site_server, "/directory/")
    page.get_by_label("单位所在地").select_option(label=choice)
    card = page.locator(".finder-result .office-card")
    assert expected in card.inner_text()
    assert card.locator(f'a[href="{phone}"]').count() == 1


def test_directory_works_without_javascript(site_server, browser) -> None:
    context = browser.new_context(locale="zh-CN", java_script_enabled=False)
    try:
        page = open_page(context, site_server, "/directory/")
        assert page.locator(".office-table tbody tr:visible").count() == 13
        assert not page.locator(".finder-select").is_visible()
        page.get_by_role("link", name="萧山区", exact=True).click()
        assert page.url.endswith("#office-330109")
        assert page.locator("#office-330109").is_visible()
    finally:
        context.close()


def test_downloads_are_served(site_server, context) -> None:
    page = open_page(context, site_server, "/directory/")
    for name in ("offices.csv", "offices.json", "key-dates.ics"):
        link = page.locator(f'a[href$="downloads/{name}"]').first
        response = page.request.get(link.evaluate("a => a.href"))
        assert response.ok, name
    ics = page.request.get(site_server.url + "/downloads/key-dates.ics")
    assert ics.headers["content-type"].startswith("text/calendar")


@pytest.mark.parametrize("path", ["/directory/", "/attachment-4/"])
def test_office_tables_are_cards_on_a_phone(path: str, site_server, phone_context) -> None:
    page = open_page(phone_context, site_server, path)
    row = page.locator("table.stack-on-phone tbody tr").first
    assert row.evaluate("r => getComputedStyle(r).display") == "block"
    box = row.bounding_box()
    assert box and box["width"] <= PHONE["width"]
    assert row.locator("a[href^='tel:+86-571-']").is_visible(), "the phone number is tappable"


def test_a_missing_page_gets_the_chinese_404_page_with_a_search(site_server, context) -> None:
    page = context.new_page()
    page.set_default_timeout(CEILING_MS)
    response = page.goto(site_server.url + "/no-such-page/")
    assert response is not None and response.status == 404
    assert page.locator("h1").inner_text() == "找不到这个页面"
    links = page.locator("article").get_by_role("link")
    assert links.get_by_text("首页").get_attribute("href") == "/"
    assert links.get_by_text("受理部门名录").get_attribute("href") == "/directory/"
    page.get_by_label("搜索本站").fill("花名册")
    page.get_by_role("button", name="搜索").click()
    page.wait_for_url("**/?q=*")
    page.wait_for_function(
        "() => [...document.querySelectorAll('.md-search-result__item a')]"
        ".some(a => new URL(a.href).pathname === '/attachment-4/')"
    )
