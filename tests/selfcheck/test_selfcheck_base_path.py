"""The site may be published under a sub-path: the page finds its worker, the runtime and the
clause pages relative to where it is served, never at the server's root."""

from __future__ import annotations

import json
from pathlib import Path

from form_driver import VERDICT_TIMEOUT_MS
from serve_site import StaticServer

ANSWERS = {"skill_honours": ["national_technical_expert"]}


def test_self_check_under_a_sub_path(context, built_site: Path, tmp_path: Path) -> None:
    (tmp_path / "www").mkdir()
    (tmp_path / "www" / "zc").symlink_to(built_site, target_is_directory=True)
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(ANSWERS), encoding="utf-8")
    server = StaticServer(tmp_path / "www").start()
    try:
        urls: list[str] = []
        context.on("request", lambda request: urls.append(request.url))
        page = context.new_page()
        page.goto(server.url + "/zc/self-check/")
        page.set_input_files("#sc-load", answers)
        page.wait_for_selector("#sc-verdict[data-state=done]", timeout=VERDICT_TIMEOUT_MS)
        link = page.locator("#sc-verdict a.sc-clause").first.get_attribute("href")
        assert link.startswith(server.url + "/zc/attachment-1/#a1-")
        assert [u for u in urls if not u.startswith(server.url + "/zc/")] == []
    finally:
        server.stop()
