"""The site may be published under a sub-path: the page finds its worker, the runtime and the
clause pages relative to where it is served, never at the server's root."""

from __future__ import annotations

from pathlib import Path

from form_driver import submit, walk
from serve_site import StaticServer
from test_selfcheck_personas import SKILLED


def test_self_check_under_a_sub_path(context, built_site: Path, tmp_path: Path) -> None:
    (tmp_path / "www").mkdir()
    (tmp_path / "www" / "zc").symlink_to(built_site, target_is_directory=True)
    server = StaticServer(tmp_path / "www").start()
    try:
        urls: list[str] = []
        context.on("request", lambda request: urls.append(request.url))
        page = context.new_page()
        page.goto(server.url + "/zc/self-check/")
        page.wait_for_selector("#sc-form[data-wired]", state="attached")
        walk(page, SKILLED)
        submit(page)
        link = page.locator("#sc-answer a.sc-clause").first.get_attribute("href")
        assert link.startswith(server.url + "/zc/attachment-1/#a1-")
        directory = page.locator("#sc-answer a[href*='/directory/']").first.get_attribute("href")
        assert directory.startswith(server.url + "/zc/directory/#office-")
        assert [u for u in urls if not u.startswith(server.url + "/zc/")] == []
    finally:
        server.stop()
