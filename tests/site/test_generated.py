"""Pages and downloads generated from data/: directory, key dates, calendar, search index, sw.js."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from mkdocs.utils.yaml import yaml_load
from site_crawl import ROOT, article_html, article_text

from rules_py import notices
from rules_py.notices import KeyDate, Office

NOTICE = notices.current()
OFFICES = NOTICE.offices


def tel(phone: str) -> str:
    return f"tel:+86-571-{phone}"


# ---- office directory ---------------------------------------------------------------------


@pytest.mark.parametrize("office", OFFICES.districts, ids=lambda o: o.district)
def test_directory_has_each_office_with_a_phone_link(office: Office, built_pages) -> None:
    page = built_pages["/directory/"]
    row = re.search(rf'<tr id="office-{office.code}".*?</tr>', page, re.S)
    assert row, f"{office.district} has its own row (anchor #office-{office.code})"
    assert office.name in row.group(0)
    assert f'href="{tel(office.phone)}"' in row.group(0)
    assert office.address in row.group(0)
    assert f'href="#office-{office.code}"' in page, "the district finder links to it"


def test_directory_has_the_city_route_and_the_committee(built_pages) -> None:
    text = article_text(built_pages["/directory/"])
    committee = OFFICES.committee
    assert OFFICES.city_departments_route in text
    assert committee.name in text and committee.address in text
    assert f'href="{tel(committee.phone)}"' in built_pages["/directory/"]
    assert 'href="#committee"' in built_pages["/directory/"]


def test_attachment_4_table_comes_from_data(built_pages) -> None:
    table = article_html(built_pages["/attachment-4/"])
    assert table.count('href="tel:+86-571-') == len(OFFICES.districts) == 13


def test_csv_download_opens_in_excel(built_site: Path) -> None:
    raw = (built_site / "downloads" / "offices.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 BOM, so Excel reads the Chinese"
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["区划代码", "区、县（市）", "受理部门", "电话", "地址"]
    by_code = {row[0]: row for row in rows[1:]}
    assert len(by_code) == 14, "13 offices and the 高评委办公室"
    for office in OFFICES.districts:
        assert by_code[office.code][2:] == [office.name, f"0571-{office.phone}", office.address]


def test_json_download_matches_data(built_site: Path) -> None:
    document = json.loads((built_site / "downloads" / "offices.json").read_text(encoding="utf-8"))
    assert document["notice"] == NOTICE.id
    assert [o["code"] for o in document["offices"]] == [o.code for o in OFFICES.districts]
    assert document["offices"][0]["tel"] == tel(OFFICES.districts[0].phone)
    assert document["committee"]["code"] == "330100"


# ---- key dates ----------------------------------------------------------------------------


@pytest.mark.parametrize("item", NOTICE.dates, ids=lambda d: d.id)
def test_home_timeline_shows_each_key_date(item: KeyDate, built_pages) -> None:
    page = built_pages["/"]
    day = item.date
    entry = re.search(rf'<li class="timeline-item" id="date-{item.id}"[^>]*>.*?</li>', page, re.S)
    assert entry, item.id
    assert f'datetime="{day.isoformat()}"' in entry.group(0)
    assert f"{day.month}月{day.day}日" in entry.group(0)
    assert item.title in entry.group(0)


@pytest.fixture(scope="module")
def calendar(built_site: Path) -> bytes:
    return (built_site / "downloads" / "key-dates.ics").read_bytes()


def unfold(raw: bytes) -> list[str]:
    return raw.decode("utf-8").replace("\r\n ", "").split("\r\n")


def test_calendar_is_valid_rfc5545(calendar: bytes) -> None:
    assert b"\n" not in calendar.replace(b"\r\n", b""), "every line ends with CRLF"
    assert calendar.endswith(b"\r\n")
    physical = calendar.split(b"\r\n")[:-1]
    assert max(len(line) for line in physical) <= 75, "lines folded at 75 octets"
    for line in physical:
        line.decode("utf-8")  # folding never splits a character
    lines = unfold(calendar)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines and any(line.startswith("PRODID:") for line in lines)
    assert lines.count("BEGIN:VEVENT") == lines.count("END:VEVENT") == len(NOTICE.dates)
    uids = [line for line in lines if line.startswith("UID:")]
    assert len(set(uids)) == len(uids) == len(NOTICE.dates)
    assert {line for line in lines if line.startswith("DTSTAMP:")} == {"DTSTAMP:20230807T000000Z"}


@pytest.mark.parametrize(
    ("date_id", "day"),
    [
        ("apply_deadline", "20230827"),
        ("achievements_deadline", "20230827"),
        ("employer_review_deadline", "20230907"),
        ("authority_review_deadline", "20230922"),
        ("years_counted_to", "20231231"),
    ],
)
def test_calendar_has_the_key_dates_as_all_day_events(calendar: bytes, date_id, day) -> None:
    text = "\n".join(unfold(calendar))
    event = re.search(rf"BEGIN:VEVENT\nUID:{date_id}@.*?END:VEVENT", text, re.S)
    assert event, date_id
    assert f"DTSTART;VALUE=DATE:{day}" in event.group(0)


def test_calendar_is_reproducible(calendar: bytes, tmp_path: Path) -> None:
    import importlib.util
    import sys

    hooks = str(ROOT / "scripts" / "site_hooks")
    sys.path.insert(0, hooks)
    try:
        spec = importlib.util.spec_from_file_location("calendar_ics", f"{hooks}/calendar_ics.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(hooks)
    assert module.build_calendar(NOTICE).encode("utf-8") == calendar


# ---- search index, robots, service worker -------------------------------------------------


def test_search_index_is_segmented_with_jieba(built_site: Path) -> None:
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["zh"]
    text = " ".join(re.sub(r"<[^>]+>", " ", doc["text"]) for doc in index["docs"])
    tokens = set(re.split(index["config"]["separator"], text))
    assert {"申报", "材料", "破格", "评审", "附件"} <= tokens
    assert "申报材料清单" not in tokens and "高级工程师职务任职资格评审工作" not in tokens
    assert "\u200b" in text, "jieba's word breaks are in the index"


def test_robots_txt_allows_crawling(built_site: Path) -> None:
    robots = (built_site / "robots.txt").read_text(encoding="utf-8")
    assert "User-agent: *" in robots and "Disallow: /" not in robots


def precache_list(built_site: Path) -> list[str]:
    source = (built_site / "sw.js").read_text(encoding="utf-8")
    match = re.search(r"const PRECACHE_URLS = (\[.*?\]);", source, re.S)
    assert match
    return json.loads(match.group(1))


def test_service_worker_precaches_pages_assets_and_index_but_not_pyodide(built_site, built_pages):
    urls = precache_list(built_site)
    for path in built_pages:
        assert (path.lstrip("/") or "./") in urls, path
    assert "search/search_index.json" in urls
    assert "downloads/key-dates.ics" in urls
    assert any(url.startswith("assets/javascripts/bundle.") for url in urls)
    assert not any(url.startswith("pyodide/") for url in urls), "/pyodide/ is cached on use"
    missing = [url for url in urls if not (built_site / url.replace("./", "")).exists()]
    assert not missing


def test_service_worker_names_each_runtime_file_by_its_content(built_site: Path) -> None:
    import hashlib

    source = (built_site / "sw.js").read_text(encoding="utf-8")
    table = json.loads(re.search(r"const RUNTIME_FILES = (\{.*?\n\});", source, re.S).group(1))
    names = {p.name for p in (built_site / "pyodide").iterdir()}
    # a file compressed at build time (the snapshot's .br) is sent in place of its file
    shipped = sorted(n for n in names if not (n.endswith((".br", ".gz")) and n[:-3] in names))
    assert sorted(path.removeprefix("pyodide/") for path in table) == shipped
    for path, entry in table.items():
        data = (built_site / path).read_bytes()
        assert entry == {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}, path


# ---- sitemap, canonical links, 404 --------------------------------------------------------

SITE_URL = "http://127.0.0.1:8000/"  # mkdocs.yml's default when SITE_URL is not set


def test_sitemap_lists_every_page(built_site: Path, built_pages) -> None:
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    listed = re.findall(r"<loc>(.*?)</loc>", sitemap)
    assert sorted(listed) == sorted(SITE_URL + path.lstrip("/") for path in built_pages)


def test_each_page_names_its_canonical_address(built_pages) -> None:
    for path, page in built_pages.items():
        links = re.findall(r'<link rel="canonical" href="([^"]+)"', page)
        assert links == [SITE_URL + path.lstrip("/")], path


def test_the_404_page_is_chinese_and_leads_on(built_site: Path) -> None:
    page = (built_site / "404.html").read_text(encoding="utf-8")
    assert '<html lang="zh"' in page and "找不到这个页面" in page
    assert 'name="robots" content="noindex"' in page
    for target in ('href="/"', 'href="/directory/"', 'href="/?q="'):
        assert target in page, target


def test_the_calendar_file_states_dates_only(calendar: bytes) -> None:
    """The .ics is the same whatever the day: events on their dates, nothing marked as current,
    due or alarmed (the pages decide what has passed, by the visitor's clock)."""
    lines = unfold(calendar)
    stateful = ("VALARM", "STATUS:", "X-MICROSOFT-CDO-BUSYSTATUS", "PRIORITY:", "COMPLETED:")
    assert [line for line in lines if line.startswith(stateful) or "VALARM" in line] == []
    assert all(line == "TRANSP:TRANSPARENT" for line in lines if line.startswith("TRANSP:"))


# ---- who publishes the site -----------------------------------------------------------------


def test_every_page_says_who_publishes_it_and_that_the_notice_prevails(
    built_site: Path, built_pages
) -> None:
    """The footer of every page, the 404 page too: the publisher (mkdocs.yml), that this is not
    the bureau's site, the notice it is compiled from, that the notice prevails, and the
    bureau's contact as the notice gives it, all from the data."""
    publisher = yaml_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["extra"]["publisher"]
    committee = OFFICES.committee
    pages = {**built_pages, "/404.html": (built_site / "404.html").read_text(encoding="utf-8")}
    for path, page in pages.items():
        footer = re.search(r'<div class="md-copyright site-statement">(.*?)</div>', page, re.S)
        assert footer, path
        text = re.sub(r"<[^>]+>", "", footer.group(1))
        for fact in (
            f"本站由{publisher}整理发布，不是{NOTICE.issuer}的网站",
            f"（{NOTICE.number}）整理",
            "以通知原文为准",
            committee.phone_full,
            committee.address,
        ):
            assert fact in text, (path, fact)
        assert f'href="{committee.tel}"' in footer.group(1), path
        assert f'href="{NOTICE.issuer_url}"' in footer.group(1), path
