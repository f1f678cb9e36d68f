"""Offline-first: after one visit every page and the search work with no network, the
self-check runtime is cached on first use, and a new build replaces the old cache."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
import yaml
from serve_site import StaticServer
from site_crawl import ROOT, search, site_pages

CACHES = "async () => await caches.keys()"


def wait_until_controlled(page) -> None:
    """The first visit: the service worker installs (precaching everything) and takes the page."""
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=30_000)


def cache_names(page) -> list[str]:
    return page.evaluate(CACHES)


def cached_urls(page, cache: str) -> list[str]:
    return page.evaluate(
        "async name => (await (await caches.open(name)).keys()).map(r => new URL(r.url).pathname)",
        cache,
    )


def read_every_page(context, base: str, pages: list[str]) -> None:
    page = context.new_page()
    page.set_default_timeout(15_000)
    for path in pages:
        response = page.goto(base + path)
        assert response is not None and response.ok, f"{path} offline"
        assert page.locator("article h1, h1").first.inner_text().strip(), path
    assert "/attachment-1/" in search(page, "破格"), "search works offline"
    page.close()


def test_every_page_and_search_work_offline_after_one_visit(
    fresh_site_server, built_site, browser
) -> None:
    pages = site_pages(built_site)
    context = browser.new_context(locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(fresh_site_server.url + "/")
        wait_until_controlled(page)
        site_cache = next(name for name in cache_names(page) if name.startswith("hz2023-site-"))
        precached = cached_urls(page, site_cache)
        assert {"/", "/notice/", "/search/search_index.json"} <= set(precached)
        assert not [url for url in precached if url.startswith("/pyodide/")]

        # The self-check runtime is cached the first time it is fetched, not before.
        assert not any(name.startswith("hz2023-pyodide-") for name in cache_names(page))
        status = page.evaluate("async () => (await fetch('pyodide/pyodide-lock.json')).status")
        assert status == 200
        runtime = next(name for name in cache_names(page) if name.startswith("hz2023-pyodide-"))
        assert "/pyodide/pyodide-lock.json" in cached_urls(page, runtime)

        context.set_offline(True)
        read_every_page(context, fresh_site_server.url, pages)
        assert page.evaluate("async () => (await fetch('pyodide/pyodide-lock.json')).ok")

        context.set_offline(False)
        fresh_site_server.stop()  # the network is there, the server is not
        read_every_page(context, fresh_site_server.url, pages)
    finally:
        context.close()


@pytest.fixture
def private_project(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A copy of the pages with a config of its own: (config, docs dir, site dir)."""
    docs = tmp_path / "docs"
    out = tmp_path / "out"
    shutil.copytree(ROOT / "site", docs)
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config.update(docs_dir=str(docs), site_dir=str(out))
    config["hooks"] = [str(ROOT / hook) for hook in config["hooks"]]
    config["theme"]["custom_dir"] = str(ROOT / config["theme"]["custom_dir"])
    path = tmp_path / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path, docs, out


def test_a_new_build_replaces_the_old_cache(private_project, browser, mkdocs_build) -> None:
    config, docs, out = private_project
    mkdocs_build("-f", str(config))
    server = StaticServer(out).start()
    context = browser.new_context(locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(server.url + "/notice/")
        wait_until_controlled(page)
        (old,) = [name for name in cache_names(page) if name.startswith("hz2023-site-")]

        notice = docs / "notice.md"
        notice.write_text(
            notice.read_text(encoding="utf-8") + "\n\n本页已于第二次构建时更新。\n",
            encoding="utf-8",
        )
        mkdocs_build("-f", str(config))
        page.reload()
        assert "本页已于第二次构建时更新" in page.locator("article").inner_text()

        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            names = [n for n in cache_names(page) if n.startswith("hz2023-site-")]
            if names and old not in names:
                break
            time.sleep(0.2)
        assert names and old not in names, f"old cache {old} still there: {names}"

        context.set_offline(True)
        page.reload()
        assert "本页已于第二次构建时更新" in page.locator("article").inner_text()
    finally:
        context.close()
        server.stop()
