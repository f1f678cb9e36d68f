"""The intake page and receipt in headless Chromium against a real `datasette intake serve`."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from intake_helpers import UNIT, id_number, register_to_serve
from register_server import RegisterServer

PASSWORD = "browser-test-pw"


@dataclass
class Server:
    url: str
    db: Path


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    db, config = register_to_serve(tmp_path_factory.mktemp("served"), PASSWORD)
    served = RegisterServer([db], config, workers=2)
    yield Server(served.url, db)
    served.stop()


@pytest.fixture
def page(context, server):
    page = context.new_page()
    page.goto(server.url + "/")
    page.wait_for_url(server.url + "/-/intake/login**")
    page.fill("input[name=username]", "clerk1")
    page.fill("input[name=password]", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(server.url + "/-/intake/330102")
    return page


def test_keyboard_entry_live_flags_and_printable_receipt(page, server):
    page.goto(server.url + "/-/intake/330102/receive")
    kb = page.keyboard
    # The unit field has the focus (autofocus lands at the next rendering step, so wait for it,
    # as a clerk would); Enter moves on through the batch fields.
    page.wait_for_function("document.activeElement && document.activeElement.id === 'unit'")
    kb.type(UNIT)
    kb.press("Enter")
    kb.type("王送件")
    kb.press("Enter")
    kb.press("Enter")  # received_at: empty means now
    kb.type("1")  # 委托书
    kb.press("Enter")
    kb.type("1")  # 花名册
    kb.press("Enter")
    kb.press("Enter")  # note
    # First applicant: a normal route with one 评审表 short.
    kb.type("张三")
    kb.press("Tab")
    kb.type(id_number("33010219800101001"))
    kb.press("Tab")
    kb.press("Tab")  # route stays 正常申报
    kb.type("2")
    rows = page.locator("li.person")
    assert "缺评审表1份" in rows.nth(0).locator(".row-flag").inner_text()
    # Enter opens the next row; the second applicant is 破格 with both forms.
    kb.press("Enter")
    kb.type("李四")
    kb.press("Tab")
    kb.type(id_number("33010519850505002"))
    kb.press("Tab")
    for _ in range(3):
        kb.press("ArrowDown")
    assert rows.nth(1).locator("select").input_value() == "exceptional"
    assert "缺破格审批表2份" in rows.nth(1).locator(".row-flag").inner_text()
    kb.press("Tab")
    kb.type("3")
    kb.press("Tab")
    kb.type("3")
    assert "破格审批表多1份" in rows.nth(1).locator(".row-flag").inner_text()
    kb.press("Tab")  # the summary speaks when a field is left, not on each keystroke
    verdict = page.locator("#live-verdict")
    assert "缺少或有误 1 项" in verdict.inner_text() and "多交 1 项" in verdict.inner_text()
    # Correct the first row, then save with Ctrl+Enter.
    rows.nth(0).locator(".review").fill("3")
    rows.nth(0).locator(".review").dispatch_event("change")
    rows.nth(1).locator(".exc").fill("2")
    rows.nth(1).locator(".exc").dispatch_event("change")
    assert "材料齐全" in verdict.inner_text()
    rows.nth(1).locator(".exc").focus()
    with page.expect_navigation():
        kb.press("Control+Enter")
    problem = page.locator("#error-summary")
    assert "/-/intake/330102/receipt/330102-B-" in page.url, (
        problem.inner_text() if problem.count() else page.content()[:2000]
    )
    assert "材料齐全，共 2 人" in page.locator("#receipt-verdict").inner_text()
    assert page.locator(".site-head").is_visible()
    page.emulate_media(media="print")
    assert not page.locator(".site-head").is_visible()
    assert not page.locator("#print").is_visible()
    assert page.locator("#receipt-items").is_visible()
    assert page.pdf(format="A4")[:4] == b"%PDF"


def test_script_in_a_name_is_shown_escaped_and_never_runs(page, server):
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(server.url + "/-/intake/330102/receive")
    page.fill("#unit", UNIT)
    row = page.locator("li.person").nth(0)
    payload = '<img src=x onerror="alert(1)"><script>alert(2)</script>'
    row.locator(".name").fill(payload)
    row.locator(".idn").fill(id_number("33010219800101001"))
    row.locator(".review").fill("3")
    page.locator("#save").click()
    page.wait_for_load_state()
    assert "不允许的字符" in page.locator("#error-summary").inner_text()
    assert page.locator("li.person .name").first.input_value() == payload
    assert dialogs == []


def test_cross_site_post_to_the_real_server_gets_403(page, server):
    session = {c["name"]: c["value"] for c in page.context.cookies()}
    request = urllib.request.Request(
        server.url + "/-/intake/330102/units",
        data="unit_name=杭州跨站有限公司".encode(),
        headers={
            "Cookie": f"intake_session={session['intake_session']}",
            "Sec-Fetch-Site": "cross-site",
            "Origin": "https://evil.example",
            "Content-Type": "application/x-www-form-urlencoded",
        },
        method="POST",
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=5)
    assert refused.value.code == 403
