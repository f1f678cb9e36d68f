"""Fixtures of the site tests: the built pages as HTML and ids, a phone-sized browser context."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from site_crawl import PHONE, page_file, site_pages


@pytest.fixture(scope="session")
def built_pages(built_site: Path) -> dict[str, str]:
    """URL path -> HTML of each built page."""
    return {
        path: page_file(built_site, path).read_text(encoding="utf-8")
        for path in site_pages(built_site)
    }


@pytest.fixture(scope="session")
def page_ids(built_pages: dict[str, str]) -> dict[str, set[str]]:
    return {path: set(re.findall(r'\sid="([^"]+)"', page)) for path, page in built_pages.items()}


@pytest.fixture
def phone_context(browser) -> Iterator[object]:
    ctx = browser.new_context(locale="zh-CN", viewport=PHONE, is_mobile=True, has_touch=True)
    yield ctx
    ctx.close()
