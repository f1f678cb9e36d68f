"""Fixtures of the self-check page tests: the page URL and one page whose Python worker is ready,
shared by the tests of the session (booting Pyodide takes a few seconds; the form is cleared
between tests with the page's own "清除我的填写" button)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from form_driver import VERDICT_TIMEOUT_MS as BOOT_TIMEOUT_MS  # noqa: E402


@pytest.fixture(scope="session")
def selfcheck_url(site_server) -> str:
    return site_server.url + "/self-check/"


def open_ready_page(context, url: str):
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector("#sc-runtime[data-state=ready]", timeout=BOOT_TIMEOUT_MS)
    return page


@pytest.fixture(scope="session")
def ready_page(browser, selfcheck_url) -> Iterator[object]:
    """The self-check page with its worker ready, in a private browser profile."""
    ctx = browser.new_context(locale="zh-CN", accept_downloads=True)
    page = open_ready_page(ctx, selfcheck_url)
    yield page
    ctx.close()


@pytest.fixture
def sc_page(ready_page):
    """The shared ready page, with every answer cleared."""
    ready_page.click("#sc-clear")
    return ready_page
