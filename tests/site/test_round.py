"""The site knows what day it is: the pages, opened with the browser's clock set before, during
and after the round (Playwright's clock control), say whether the round is open, how many days
are left, which key dates have passed, and once it is closed, that it is closed, on every page
above the title. The state is computed in the page, so a cached page never shows it open."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from site_crawl import AXE, PAGES, ROOT, answer_the_self_check, site_pages

sys.path.insert(0, str(ROOT / "scripts" / "site_hooks"))
import notice_round  # noqa: E402  (the hooks' own view of the round, from the data)

from rules_py import notices  # noqa: E402

NOTICE = notices.current()
CLOSES = NOTICE.closes.date
CHINA = timedelta(hours=8)
CEILING_MS = 120_000
RUNTIME_MS = 180_000  # the self-check's runtime boots in a worker: a loaded machine is slow


def china(day: date, hour: int = 10, minute: int = 0) -> datetime:
    """That day's hour:minute in China (UTC+8), as an aware datetime."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC) - CHINA


def month_day(day: date) -> str:
    return f"{day.month}月{day.day}日"


def open_at(browser, moment: datetime, base: str, path: str = "/", **options):
    context = browser.new_context(locale="zh-CN", **options)
    context.clock.set_fixed_time(moment)
    page = context.new_page()
    page.set_default_timeout(CEILING_MS)
    response = page.goto(base + path)
    assert response is not None and response.ok, path
    return context, page


def banner(page) -> str:
    return page.locator("#round").inner_text()


def timeline_states(page) -> dict[str, tuple[str | None, str, bool]]:
    """date id -> (state, the state label shown, is it the current one)"""
    return page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('.timeline-item')].map(li => [
          li.id.replace('date-', ''),
          [li.dataset.state || null,
           li.querySelector('.timeline-state').hidden ? '' :
             li.querySelector('.timeline-state').textContent,
           li.getAttribute('aria-current') === 'date']]))"""
    )


def test_during_the_round_the_home_page_leads_with_the_deadline_and_the_days_left(
    browser, site_server
) -> None:
    """Opened on 2023-08-20 (seven days before applications close)."""
    context, page = open_at(browser, china(CLOSES - timedelta(days=7)), site_server.url)
    try:
        assert page.get_attribute("html", "data-round") == "open"
        first = page.locator("article > *:visible").first
        assert first.get_attribute("id") == "round", "the round line comes first"
        lead = first.inner_text()
        assert month_day(CLOSES) in lead and "还有 7 天" in lead, lead
        assert not page.locator(".round-closed").is_visible()
        states = timeline_states(page)
        assert states["published"][0] == "passed"
        assert states["apply_deadline"] == ["coming", "还有 7 天", True]
        assert [k for k, (_, _, current) in states.items() if current] == ["apply_deadline"]
    finally:
        context.close()


@pytest.mark.parametrize(
    ("moment", "state", "countdown", "current", "labels"),
    [
        # before the notice: every date ahead, applications close in 26 days
        (
            china(NOTICE.published_on - timedelta(days=6)),
            "before",
            "还有 26 天",
            "apply_deadline",
            {"published": "", "apply_deadline": "还有 26 天"},
        ),
        # the last day, just before midnight in China
        (
            china(CLOSES, 23, 30),
            "open",
            "今天截止",
            "apply_deadline",
            {
                "published": "已过",
                "apply_deadline": "今天截止",
                "achievements_deadline": "今天截止",
            },
        ),
        # half an hour later: closed; the employers' review is the next deadline
        (
            china(CLOSES + timedelta(days=1), 0, 30),
            "closed",
            None,
            "employer_review_deadline",
            {"apply_deadline": "已截止", "employer_review_deadline": "还有 10 天"},
        ),
        # after the last deadline: nothing is current any more
        (
            china(notice_round.last_deadline(NOTICE) + timedelta(days=1)),
            "over",
            None,
            None,
            {"authority_review_deadline": "已截止", "years_counted_to": ""},
        ),
    ],
    ids=["before", "last-day", "day-after", "after-the-round"],
)
def test_the_round_by_the_visitors_clock(
    moment, state, countdown, current, labels, browser, site_server
) -> None:
    # The visitor is in California: the notice's days are China's all the same.
    context, page = open_at(browser, moment, site_server.url, timezone_id="America/Los_Angeles")
    try:
        assert page.get_attribute("html", "data-round") == state
        line = banner(page)
        if countdown:
            assert f"{NOTICE.year}年度" in line and countdown in line
            assert not page.locator(".round-closed").is_visible()
        else:
            assert notice_round.closed_sentence(NOTICE) + "，本站内容供查阅" in line
            assert not page.locator(".round-open").is_visible()
            assert "还有" not in line
        states = timeline_states(page)
        assert [k for k, (_, _, is_current) in states.items() if is_current] == (
            [current] if current else []
        )
        for date_id, label in labels.items():
            assert states[date_id][1] == label, (date_id, states[date_id])
    finally:
        context.close()


# The first minute after the round's last deadline, by the test's clock: every later day is the
# same state (issue 16: opened today, no page suggests the round can still be applied to).
AFTER_THE_ROUND = china(notice_round.last_deadline(NOTICE) + timedelta(days=1), 0, 1)


@pytest.fixture(scope="module")
def after_the_round(browser):
    context = browser.new_context(locale="zh-CN")
    context.clock.set_fixed_time(AFTER_THE_ROUND)
    yield context
    context.close()


@pytest.mark.parametrize("path", [*PAGES, "/self-check/", "/no-such-page/"])
def test_after_the_round_no_page_suggests_it_is_open(path, after_the_round, site_server):
    page = after_the_round.new_page()
    page.set_default_timeout(CEILING_MS)
    page.goto(site_server.url + path)
    assert page.get_attribute("html", "data-round") == "over"
    line = page.locator("#round")
    assert line.is_visible()
    title = page.locator("article h1").first
    assert line.bounding_box()["y"] < title.bounding_box()["y"], "above the title"
    text = line.inner_text()
    assert notice_round.closed_sentence(NOTICE) + "，本站内容供查阅" in text
    assert "截止，本站内容供查阅" in text  # the wording of issue 16
    article = page.locator("article").inner_text()
    assert not re.search(r"还有 \d+ 天|今天截止", article)
    assert page.locator("[aria-current=date]").count() == 0
    page.close()


@pytest.mark.parametrize(
    ("moment", "closed"),
    [(china(CLOSES - timedelta(days=7)), False), (AFTER_THE_ROUND, True)],
    ids=["during", "after"],
)
def test_the_self_check_runs_after_the_round_and_says_whose_rules_it_applies(
    moment, closed, browser, site_server, tmp_path
) -> None:
    """People prepare for next year: after the round the self-check still answers, and says at
    the top and on the answer that it applies this notice's year's rules."""
    context, page = open_at(browser, moment, site_server.url, "/self-check/")
    try:
        top = page.locator("#sc-edition").inner_text()
        assert f"按{NOTICE.year}年度的申报条件" in top and "以后年度的条件以当年的通知为准" in top
        answer_the_self_check(page, tmp_path, RUNTIME_MS)
        assert page.locator("#sc-headline").inner_text().strip()
        assert f"按{NOTICE.year}年度的申报条件" in page.locator(".sc-edition-note").inner_text()
        note = page.locator("#sc-round-note")
        if closed:
            text = note.inner_text()
            assert f"按{NOTICE.year}年度的条件" in text and month_day(CLOSES) in text, text
            assert "以后年度" in text, text
        else:
            assert note.count() == 0, "no closed-round note while the round is open"
    finally:
        context.close()


def test_the_closed_round_line_says_where_the_next_notice_will_be(built_pages) -> None:
    page = built_pages["/"]
    closed = re.search(r'<p class="round-closed">(.*?)</p>', page, re.S).group(1)
    assert NOTICE.issuer + "网站" in closed
    assert f'href="{NOTICE.issuer_url}"' in closed


def test_without_scripts_the_pages_state_the_year_plainly(browser, site_server) -> None:
    context = browser.new_context(locale="zh-CN", java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site_server.url + "/")
        line = page.locator("#round").inner_text()
        assert f"{NOTICE.year}年度" in line and month_day(CLOSES) in line
        assert "还有" not in line
        assert f"{NOTICE.year}年度评审的日期" in page.locator(".timeline-year").inner_text()
    finally:
        context.close()


def test_a_page_cached_while_open_is_not_shown_open_later(
    fresh_site_server, built_site: Path, browser
) -> None:
    """The service worker keeps the pages of a visit during the round; opened from its cache
    after the round, they say it is closed (the state is the page's, not the cache's)."""
    context, page = open_at(browser, china(CLOSES - timedelta(days=7)), fresh_site_server.url)
    try:
        page.wait_for_function(
            "() => navigator.serviceWorker.controller !== null", timeout=CEILING_MS
        )
        assert page.get_attribute("html", "data-round") == "open"
        context.clock.set_fixed_time(datetime.now(UTC))
        context.set_offline(True)
        for path in site_pages(built_site):
            page.goto(fresh_site_server.url + path)
            assert page.get_attribute("html", "data-round") == "over", path
            assert page.locator(".round-closed").is_visible(), path
    finally:
        context.close()


def test_once_the_project_holds_a_later_notice_the_closed_line_names_it(tmp_path: Path) -> None:
    """A later notice added to the data (here a test copy dated a year on, not current): the
    pages of the current one say, once closed, that the later one is out."""
    data = tmp_path / "data"
    shutil.copytree(notices.data_root(), data)
    later = data / "test-later-notice"
    shutil.copytree(data / NOTICE.id, later)
    source = (later / "notice.toml").read_text(encoding="utf-8")
    published = NOTICE.published_on.isoformat()
    year = NOTICE.year
    source = (
        source.replace(f"date = {published}", f"date = {year + 1}{published[4:]}", 1)
        .replace(f"year = {year}", f"year = {year + 1}", 1)
        .replace(NOTICE.number, "测试〔后一年〕1号")
    )
    (later / "notice.toml").write_text(source, encoding="utf-8")
    site = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", notices.ENV: str(data)},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    home = (site / "index.html").read_text(encoding="utf-8")
    closed = re.search(r'<p class="round-closed">(.*?)</p>', home, re.S).group(1)
    assert f"{year + 1}年度通知（测试〔后一年〕1号）" in closed
    assert f"{year}年度" in re.search(r"<h1[^>]*>(.*?)</h1>", home, re.S).group(1), "still current"


@pytest.mark.parametrize("days_before", [7, 0], ids=["open", "last-day"])
def test_the_open_round_passes_the_accessibility_scan(days_before, browser, site_server) -> None:
    context, page = open_at(browser, china(CLOSES - timedelta(days=days_before)), site_server.url)
    try:
        page.add_script_tag(path=str(AXE))
        found = page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
            ".filter(v => ['serious', 'critical'].includes(v.impact)).map(v => v.id)"
        )
        assert found == []
    finally:
        context.close()
