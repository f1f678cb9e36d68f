"""Several notices: the site publishes the current one and keeps earlier ones readable.

The site is built from a data root where the test notice (tests/fixtures/test-2024-points, test
data, never published) is current and the real 2023 notice is earlier. Its own pages must show
none of the 2023 notice's values; the 2023 notice's pages (text, attachments, directory, key
dates, downloads) must be reachable from the nav, built from the 2023 data, and say they are
superseded, linking to the current notice. A site holding one notice has none of this.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from rules_py import notices
from rules_py.notices import Notice

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "rules"))
sys.path.insert(0, str(ROOT / "tests" / "site"))

from notice_values import finder, notice_values  # noqa: E402
from serve_site import StaticServer  # noqa: E402
from site_crawl import AXE, PHONE, article_html  # noqa: E402
from test_second_notice import (  # noqa: E402  (the second notice's own site build)
    FIXTURE,
    OLD,
    OLD_PHRASES,
    build_site,
    site_leaks,
    write_root,
)

ARCHIVE = f"notices/{OLD.id}/"
# The earlier notice's own pages: its text (data/<id>/text/), its directory and its summary.
OLD_PAGES = ["", "notice/", *(f"attachment-{n}/" for n in range(1, 6)), "directory/"]
BANNER = re.compile(r'<div class="admonition warning superseded".*?</div>', re.S)
ROUND = re.compile(r'<div class="round-banner.*?</div>', re.S)
HREF = re.compile(r'href="([^"]+)"')


@pytest.fixture(scope="module")
def data_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 2023 notice earlier, the test notice current."""
    return write_root(tmp_path_factory.mktemp("notices") / "data", ROOT / "data" / OLD.id, FIXTURE)


@pytest.fixture(scope="module")
def new(data_root: Path) -> Notice:
    return notices.Library(data_root).current()


@pytest.fixture(scope="module")
def site(data_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    built = build_site(data_root, out)
    assert built.returncode == 0, built.stderr[-3000:]
    return out


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[StaticServer]:
    running = StaticServer(site).start()
    yield running
    running.stop()


def read(site: Path, url_path: str) -> str:
    """The built file of a site path ("notices/x/notice/" → its index.html), unescaped."""
    target = site / url_path
    if url_path.endswith("/") or not url_path:
        target = target / "index.html"
    return unescape(target.read_text(encoding="utf-8"))


def article(page: str) -> str:
    """A page's own content: its article without the round line and the superseded banner."""
    return BANNER.sub("", ROUND.sub("", article_html(page)))


def test_the_current_pages_show_none_of_the_earlier_notice(site: Path, new: Notice) -> None:
    """Every page, download, search index and sitemap outside notices/: the current notice's
    values only (no 2023 date, phone, address, threshold or number)."""
    leaked = finder((notice_values(OLD) - notice_values(new)) | set(OLD_PHRASES))
    found = site_leaks(site, leaked)
    assert {page: hits for page, hits in found.items() if not page.startswith("notices/")} == {}
    assert f"{ARCHIVE}directory/index.html" in found  # where the 2023 values are kept
    home = read(site, "")
    assert new.number in home and new.closes.chinese in home
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert not [d["location"] for d in index["docs"] if d["location"].startswith("notices/")]


def test_the_earlier_notice_is_reachable_from_the_nav(site: Path, new: Notice) -> None:
    """首页 → 往年通知 → the 2023 notice → each of its pages: links a visitor follows."""
    home = read(site, "")
    listing = re.search(r'<a href="([^"]*)"[^>]*>(?:(?!</a>).)*?往年通知', home, re.S)
    assert listing, "the nav links to the earlier notices"
    assert urljoin("/", listing.group(1)) == "/notices/"
    assert 'href="notices/">往年通知</a>' in article(home)  # the home page has no nav
    summary = read(site, "notices/")
    assert f'href="{OLD.id}/"' in summary and OLD.number in summary
    links = {urljoin(f"/{ARCHIVE}", href) for href in HREF.findall(article(read(site, ARCHIVE)))}
    assert {f"/{ARCHIVE}{page}" for page in OLD_PAGES[1:]} <= links


@pytest.mark.parametrize("page", OLD_PAGES)
def test_each_earlier_page_says_it_is_superseded(site: Path, new: Notice, page: str) -> None:
    text = read(site, ARCHIVE + page)
    title = re.search(r"<title>([^<]*)</title>", text)
    assert title and "已过期" in title.group(1)
    banner = BANNER.search(text)
    assert banner, "the page opens with the superseded banner"
    assert "本通知已过期" in banner.group(0) and "以最新通知为准" in banner.group(0)
    assert new.number in banner.group(0) and OLD.number in banner.group(0)
    current = {urljoin(f"/{ARCHIVE}{page}", href) for href in HREF.findall(banner.group(0))}
    assert "/notice/" in current  # the current notice's text
    # what it shows is the 2023 notice's own data, not the current notice's
    newer = finder(notice_values(new) - notice_values(OLD))
    assert newer(article(text)) == []


def test_the_earlier_notice_keeps_its_own_data(site: Path, new: Notice) -> None:
    """Its directory, attachment 4, key dates and downloads come from the 2023 data."""
    office = OLD.offices.districts[0]
    for page in ("directory/", "attachment-4/"):
        assert office.phone in article(read(site, ARCHIVE + page))
    deadline = OLD.date("apply_deadline")
    assert deadline.chinese in article(read(site, ARCHIVE))
    downloads = site / ARCHIVE / "downloads"
    csv = (downloads / "offices.csv").read_text(encoding="utf-8-sig")
    assert office.phone_full in csv
    ics = (downloads / "key-dates.ics").read_text(encoding="utf-8")
    assert f"DTSTART;VALUE=DATE:{deadline.date:%Y%m%d}" in ics
    assert json.loads((downloads / "offices.json").read_text(encoding="utf-8"))["notice"] == OLD.id


def test_every_link_of_the_earlier_pages_resolves(site: Path) -> None:
    broken = []
    for path in sorted((site / "notices").rglob("index.html")):
        rel = path.relative_to(site).as_posix()
        for href in HREF.findall(path.read_text(encoding="utf-8")):
            target = urlsplit(urljoin(f"http://site/{rel}", unescape(href)))
            if target.netloc != "site":
                continue
            file = site / target.path.lstrip("/")
            if target.path.endswith("/"):
                file = file / "index.html"
            if not file.is_file():
                broken.append(f"{rel}: {href}")
    assert broken == []


def test_a_visitor_reads_an_earlier_attachment_on_a_phone(
    server: StaticServer, browser, new: Notice
) -> None:
    """From the current notice's text on a phone: the menu, 往年通知, the 2023 notice, 附件4.
    The banner comes before the page's title, leads to the current notice, and the page passes
    an accessibility scan."""
    context = browser.new_context(locale="zh-CN", viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.goto(server.url + "/notice/")
        page.locator('label.md-header__button[for="__drawer"]').click()
        page.get_by_role("link", name="往年通知").click()
        page.wait_for_url("**/notices/")
        page.get_by_role("link", name=re.compile(re.escape(OLD.number))).click()
        page.wait_for_url(f"**/{ARCHIVE}")
        page.locator("article").get_by_role("link", name=re.compile("^附件4")).click()
        page.wait_for_url(f"**/{ARCHIVE}attachment-4/")
        banner = page.locator(".superseded")
        assert "本通知已过期" in banner.inner_text()
        assert page.evaluate(
            "document.querySelector('.superseded').compareDocumentPosition("
            "document.querySelector('article h1')) & Node.DOCUMENT_POSITION_FOLLOWING"
        )
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
            ".filter(v => ['serious', 'critical'].includes(v.impact)).map(v => v.id)"
        )
        assert violations == []
        banner.get_by_role("link", name=re.compile(re.escape(new.number))).click()
        page.wait_for_url(server.url + "/notice/")
        assert "本通知已过期" not in page.locator("article").inner_text()
    finally:
        context.close()


def test_a_site_with_one_notice_has_no_earlier_pages(built_site: Path) -> None:
    """The published site (the real data, one notice): no notices/ folder, no 往年通知."""
    assert not (built_site / "notices").exists()
    assert "往年通知" not in (built_site / "index.html").read_text(encoding="utf-8")


def test_only_notices_published_before_the_current_one_are_earlier(
    data_root: Path, tmp_path: Path
) -> None:
    """A notice held but published after the current one (being prepared) is not superseded."""
    sys.path.insert(0, str(ROOT / "scripts" / "site_hooks"))
    try:
        import notice_archive
    finally:
        sys.path.remove(str(ROOT / "scripts" / "site_hooks"))
    assert [n.id for n in notice_archive.earlier(notices.Library(data_root))] == [OLD.id]
    preparing = shutil.copytree(data_root, tmp_path / "data")
    (preparing / "notices.toml").write_text(f'current = "{OLD.id}"\n', encoding="utf-8")
    assert notice_archive.earlier(notices.Library(preparing)) == ()
