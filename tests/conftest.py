"""Fixtures shared by every test area: the built site, a static server, headless Chromium."""

from __future__ import annotations

import asyncio
import inspect
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from register_server import RegisterServer  # noqa: E402
from serve_site import StaticServer  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def mkdocs_build() -> Callable[..., None]:
    """Builds the site with extra `mkdocs build` options; fails the test on a failed build."""

    def run(*options: str) -> None:
        result = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", *options],
            cwd=ROOT,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr

    return run


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory, mkdocs_build) -> Path:
    """The whole site, built once per test process from the current sources."""
    site_dir = tmp_path_factory.mktemp("site")
    mkdocs_build("--site-dir", str(site_dir))
    return site_dir


@pytest.fixture(scope="session")
def site_server(built_site: Path) -> Iterator[StaticServer]:
    server = StaticServer(built_site).start()
    yield server
    server.stop()


@pytest.fixture
def fresh_site_server(built_site: Path, tmp_path: Path) -> Iterator[StaticServer]:
    """A server of its own over a private copy of the site, for tests that stop it."""
    copy = tmp_path / "site"
    shutil.copytree(built_site, copy)
    server = StaticServer(copy).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is not installed: run `make test`, which installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def context(browser) -> Iterator[object]:
    """A fresh browser profile (no cache, no service worker) for one test."""
    ctx = browser.new_context(locale="zh-CN")
    yield ctx
    ctx.close()


@pytest.fixture(autouse=True)
def _no_foreign_running_loop(request: pytest.FixtureRequest) -> Iterator[None]:
    """Sync Playwright (the session `browser` fixture) leaves its event loop marked as running
    in the main thread between calls; pytest-asyncio then refuses to run a coroutine test
    ("Runner.run() cannot be called from a running event loop"). Hide that loop meanwhile."""
    if not inspect.iscoroutinefunction(request.function):
        yield
        return
    foreign = asyncio.events._get_running_loop()
    asyncio.events._set_running_loop(None)
    try:
        yield
    finally:
        asyncio.events._set_running_loop(foreign)


@pytest.fixture
def serve_registers() -> Iterator[Callable[..., RegisterServer]]:
    """Start registers with `serve_registers(files, config, workers=1)`; stopped after the test."""
    servers: list[RegisterServer] = []

    def start(files: list[Path], config: Path, workers: int = 1) -> RegisterServer:
        servers.append(RegisterServer(files, config, workers))
        return servers[-1]

    yield start
    for server in servers:
        server.stop()
