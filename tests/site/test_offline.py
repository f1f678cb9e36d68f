"""Offline-first: after one visit to any page every page, the search and the self-check work
with no network (the service worker keeps the self-check's runtime in the background, unless the
browser asks to save data), and a new build replaces the old cache but not the unchanged runtime."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from urllib.request import Request, urlopen

import pytest
import yaml
from mkdocs.utils.yaml import yaml_load
from serve_site import StaticServer
from site_crawl import ROOT, answer_the_self_check, search, site_pages, wait_until

# Ceilings, not waits: every wait below ends on the event a visitor waits for. A first visit
# precaches the site and downloads the 6 MB runtime; a loaded 2-core machine is slow at both.
SERVICE_WORKER_MS = 120_000
RUNTIME_MS = 180_000


def wait_until_controlled(page) -> None:
    """The first visit: the service worker installs (precaching everything) and takes the page."""
    page.wait_for_function(
        "() => navigator.serviceWorker.controller !== null", timeout=SERVICE_WORKER_MS
    )


def wait_for_runtime_offline(page) -> str:
    """What the page's background keeping of the self-check runtime came to."""
    page.wait_for_selector("html[data-runtime-offline]", state="attached", timeout=RUNTIME_MS)
    return page.get_attribute("html", "data-runtime-offline")


def cache_names(page) -> list[str]:
    return page.evaluate("async () => await caches.keys()")


def cached_urls(page, cache: str) -> list[str]:
    return page.evaluate(
        "async name => (await (await caches.open(name)).keys())"
        ".map(r => { const u = new URL(r.url); return u.pathname + u.search; })",
        cache,
    )


def runtime_files(site: Path) -> dict[str, str]:
    """/pyodide/<name> -> sha256, as the built service worker lists them."""
    source = (site / "sw.js").read_text(encoding="utf-8")
    table = json.loads(re.search(r"const RUNTIME_FILES = (\{.*?\n\});", source, re.S).group(1))
    return {"/" + path: entry["sha256"] for path, entry in table.items()}


def read_every_page(context, base: str, pages: list[str]) -> None:
    page = context.new_page()
    page.set_default_timeout(SERVICE_WORKER_MS)
    for path in pages:
        response = page.goto(base + path)
        assert response is not None and response.ok, f"{path} offline"
        assert page.locator("article h1, h1").first.inner_text().strip(), path
    assert "/attachment-1/" in search(page, "破格"), "search works offline"
    page.close()


def run_the_self_check(context, base: str, tmp_path: Path) -> None:
    page = context.new_page()
    page.goto(base + "/self-check/")
    answer_the_self_check(page, tmp_path, RUNTIME_MS)
    assert page.locator("#sc-headline").inner_text().strip()
    page.close()


def test_one_visit_to_the_home_page_is_enough_to_work_offline(
    fresh_site_server, built_site, browser, tmp_path
) -> None:
    """A visitor opens only the home page; later, on a plane, every page, the search and the
    self-check work."""
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

        assert wait_for_runtime_offline(page) == "ready"
        kept = cached_urls(page, "hz2023-runtime")
        expected = {f"{path}?sha256={digest}" for path, digest in runtime_files(built_site).items()}
        assert set(kept) == expected, "every runtime file, once, under its content hash"

        context.set_offline(True)
        read_every_page(context, fresh_site_server.url, pages)
        run_the_self_check(context, fresh_site_server.url, tmp_path)

        context.set_offline(False)
        fresh_site_server.stop()  # the network is there, the server is not
        read_every_page(context, fresh_site_server.url, pages)
    finally:
        context.close()


def test_save_data_skips_the_download_and_the_self_check_says_what_it_needs(
    site_server, built_site, browser
) -> None:
    """Save-Data: nothing is downloaded in the background, and the self-check says what it needs
    and downloads the runtime only when the person asks the rules something (here: a photo to
    check), without its memory snapshot (the full boot downloads less); what it downloaded is
    kept, so the next visit checks offline."""
    context = browser.new_context(locale="zh-CN")
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Emulation.setDataSaverOverride", {"dataSaverEnabled": True})
        page.goto(site_server.url + "/directory/")
        assert wait_for_runtime_offline(page) == "save-data"
        assert cached_urls(page, "hz2023-runtime") == []
        assert not page.locator("#site-runtime-note").is_visible()  # only the self-check has it
        wait_until_controlled(page)  # from now on the worker keeps what pages download

        page.goto(site_server.url + "/self-check/")
        assert wait_for_runtime_offline(page) == "save-data"
        note = page.locator("#site-runtime-note")
        note.wait_for(state="visible", timeout=RUNTIME_MS)
        size = re.search(r"约 (\d+\.\d) MB", note.inner_text())
        assert size and "省流量" in note.inner_text() and "联网" in note.inner_text()
        manifest = json.loads((built_site / "pyodide" / "snapshot.json").read_text("utf-8"))
        snapshot = {f"/pyodide/{manifest['file']}", f"/pyodide/{manifest['stdlib']['file']}"}
        used = [p for p in runtime_files(built_site) if p not in snapshot]
        sent = transferred_bytes(site_server.url, used)
        assert size.group(1) == f"{sent / 1_000_000:.1f}", "the note states what will be sent"
        page.wait_for_load_state("load")
        assert page.get_attribute("#sc-runtime", "data-state") == "waiting"
        assert "节省流量" in page.inner_text("#sc-runtime")
        assert cached_urls(page, "hz2023-runtime") == []

        photo = {"name": "照片.jpg", "mimeType": "image/jpeg", "buffer": b"not a photo"}
        checked = "#sc-photo-result[data-state=fail], #sc-photo-result[data-state=ok]"
        page.set_input_files("#sc-photo", files=[photo])
        page.wait_for_selector(checked, timeout=RUNTIME_MS)
        # what that boot fetched is kept: all of the runtime but the snapshot
        wait_until(
            page,
            "async used => { const kept = new Set((await (await caches.open('hz2023-runtime'))"
            ".keys()).map(r => new URL(r.url).pathname)); return used.every(p => kept.has(p)); }",
            used,
            RUNTIME_MS,
        )
        page.wait_for_selector("#sc-runtime[data-offline=ready]", timeout=RUNTIME_MS)
        kept = cached_urls(page, "hz2023-runtime")
        assert not [url for url in kept if url.split("?")[0] in snapshot], (
            "a visitor saving data is not sent the snapshot (4.8 MB): the full boot needs less"
        )

        context.set_offline(True)  # the next visit asks the rules offline
        page.reload()
        assert page.get_attribute("#sc-runtime", "data-state") == "waiting"
        page.set_input_files("#sc-photo", files=[photo])
        page.wait_for_selector(checked, timeout=RUNTIME_MS)
        assert page.get_attribute("#sc-runtime", "data-state") == "ready"
    finally:
        context.close()


def transferred_bytes(base: str, paths: list[str]) -> int:
    """What a browser receives for these files from the site's server (with Chromium's
    Accept-Encoding: the runtime's snapshot comes as its brotli file made at build time)."""
    total = 0
    accepted = {"Accept-Encoding": "gzip, deflate, br, zstd"}
    for path in paths:
        with urlopen(Request(base + path, headers=accepted)) as response:
            total += len(response.read())
    return total


def test_the_runtime_size_on_the_page_is_what_is_transferred(
    site_server, built_site, built_pages
) -> None:
    stated = re.search(r"需下载约 (\d+\.\d) MB", built_pages["/self-check/"])
    assert stated, "the self-check page states the runtime's size"
    real = transferred_bytes(site_server.url, list(runtime_files(built_site)))
    assert f"{real / 1_000_000:.1f}" == stated.group(1), real


def test_a_runtime_file_that_is_not_the_built_one_is_never_kept(fresh_site_server, browser) -> None:
    """A server that sends a different file than the build listed (a half-copied deploy, an
    altered file): the worker keeps the rest, not that one, and the page says it failed."""
    stdlib = fresh_site_server.root / "pyodide" / "python_stdlib.zip"
    stdlib.write_bytes(stdlib.read_bytes()[:-1000])
    context = browser.new_context(locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(fresh_site_server.url + "/")
        assert wait_for_runtime_offline(page) == "failed"
        kept = cached_urls(page, "hz2023-runtime")
        assert not [url for url in kept if url.startswith("/pyodide/python_stdlib.zip")]
    finally:
        context.close()


@pytest.fixture
def private_project(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A copy of the pages with a config of its own: (config, docs dir, site dir)."""
    docs = tmp_path / "docs"
    out = tmp_path / "out"
    shutil.copytree(ROOT / "site", docs)
    config = yaml_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))  # resolves !ENV
    config.update(docs_dir=str(docs), site_dir=str(out))
    config["hooks"] = [str(ROOT / hook) for hook in config["hooks"]]
    config["theme"]["custom_dir"] = str(ROOT / config["theme"]["custom_dir"])
    path = tmp_path / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path, docs, out


def test_a_new_build_replaces_the_old_cache_but_keeps_the_unchanged_runtime(
    private_project, browser, mkdocs_build
) -> None:
    config, docs, out = private_project
    mkdocs_build("-f", str(config))
    server = StaticServer(out).start()
    context = browser.new_context(locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(server.url + "/directory/")
        wait_until_controlled(page)
        (old,) = [name for name in cache_names(page) if name.startswith("hz2023-site-")]
        assert wait_for_runtime_offline(page) == "ready"

        edited = docs / "directory.md"
        edited.write_text(
            edited.read_text(encoding="utf-8") + "\n\n本页已于第二次构建时更新。\n",
            encoding="utf-8",
        )
        mkdocs_build("-f", str(config))
        server.requested.clear()
        page.reload()
        assert "本页已于第二次构建时更新" in page.locator("article").inner_text()
        wait_until(
            page,
            """async old => {
              const names = (await caches.keys()).filter(n => n.startsWith("hz2023-site-"));
              return names.length === 1 && names[0] !== old;
            }""",
            old,
            SERVICE_WORKER_MS,
        )
        assert wait_for_runtime_offline(page) == "ready"
        assert [path for path in server.requested if path.startswith("/pyodide/")] == [], (
            "the runtime is kept once per content, not once per build"
        )

        context.set_offline(True)
        page.reload()
        assert "本页已于第二次构建时更新" in page.locator("article").inner_text()
    finally:
        context.close()
        server.stop()
