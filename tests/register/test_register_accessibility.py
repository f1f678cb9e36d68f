"""Issue 17: every clerk page, in its empty, filled and error states, at 375, 768 and 1280 px, in
headless Chromium against a real `datasette intake serve`: axe-core finds nothing (any impact),
the page never scrolls sideways, the language is zh-CN with a main landmark; and the intake
page as a keyboard and screen-reader user meets it (described checks, one polite summary per
change, a focused error summary linking to invalid fields, every action by keyboard)."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from intake_helpers import PASSWORD, UNIT, id_number
from register_server import RegisterServer

from datasette_plugins.intake.accounts.config import write_config

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = (375, 768, 1280)  # a phone, a tablet at the counter, a desk


@dataclass
class Served:
    url: str
    files: dict[str, Path]


@pytest.fixture(scope="module")
def served(pristine_registers, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    folder = tmp_path_factory.mktemp("a11y")
    files = {}
    for name, path in pristine_registers.files.items():
        files[name] = folder / path.name
        shutil.copyfile(path, files[name])
    shutil.copyfile(pristine_registers.folder / "accounts.db", folder / "accounts.db")
    config = {**pristine_registers.config}
    config["plugins"] = {"intake": {**config["plugins"]["intake"]}}
    config["plugins"]["intake"]["accounts"] = str(folder / "accounts.db")
    server = RegisterServer(list(files.values()), write_config(folder / "d.yaml", config), 1)
    yield Served(server.url, files)
    server.stop()


def sign_in(page, url: str, username: str = "clerk1") -> None:
    page.goto(url + "/-/intake/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def axe_violations(page, rules: list[str] | None = None) -> list[tuple[str, str, list]]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    options = {"resultTypes": ["violations"]}
    if rules:
        options["runOnly"] = {"type": "rule", "values": rules}
    result = page.evaluate("options => axe.run(document, options)", options)
    return [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:5]) for v in result["violations"]
    ]


def check_page(page, state: str) -> None:
    assert page.evaluate("document.documentElement.lang") == "zh-CN", state
    assert page.locator("main").count() == 1, state
    violations = axe_violations(page)
    assert violations == [], (state, violations)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], (state, "scrolls sideways", width)


# --- The states -------------------------------------------------------------------------------


def login_empty(page, served):
    page.goto(served.url + "/-/intake/login")


def login_error(page, served):
    page.goto(served.url + "/-/intake/login")
    page.fill("#username", "clerk2")
    page.fill("#password", "not the password")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("#error-summary").count() == 1


def start_page(page, served):
    sign_in(page, served.url)


def receive_empty(page, served):
    sign_in(page, served.url)
    page.goto(served.url + "/-/intake/330102/receive")


FRESH = iter(range(1, 1000))


def fresh_id() -> str:
    """A valid 身份证号 no earlier state saved (the module's register is shared)."""
    born = date(1978, 1, 1) + timedelta(days=next(FRESH))
    return id_number(f"330102{born:%Y%m%d}011")


def fill_delivery(page, review: str = "2", exceptional: str = "3") -> None:
    page.fill("#unit", UNIT)
    page.fill("#courier", "王送件")
    page.fill("#mandate_copies", "1")
    page.fill("#roster_copies", "1")
    page.fill("#a1-name", "张三")
    page.fill("#a1-id_number", fresh_id())
    page.fill("#a1-review", review)
    page.locator("#a1-review").blur()
    page.click("#add-row")
    page.fill("#a2-name", "李四")
    page.fill("#a2-id_number", fresh_id())
    page.select_option("#a2-route", "exceptional")
    page.fill("#a2-review", "3")
    page.fill("#a2-exceptional", exceptional)
    page.locator("#a2-exceptional").blur()


def receive_filled(page, served):
    receive_empty(page, served)
    fill_delivery(page)
    assert "缺评审表1份" in page.locator("#a1-check").inner_text()
    assert "破格审批表多1份" in page.locator("#a2-check").inner_text()


def receive_refused(page, served):
    receive_empty(page, served)
    fill_delivery(page, review="3", exceptional="2")
    page.fill("#a1-id_number", "33010²198001010011")
    page.fill("#received_at", "2099-01-01 09:00")
    with page.expect_navigation():
        page.click("#save")
    assert page.locator("#error-summary").count() == 1


def receive_same_person(page, served):
    import sqlite3

    known = (
        sqlite3.connect(served.files["330102"])
        .execute("SELECT id_number FROM applicants LIMIT 1")
        .fetchone()[0]
    )
    receive_empty(page, served)
    fill_delivery(page, review="3", exceptional="2")
    page.fill("#a1-id_number", known)
    with page.expect_navigation():
        page.click("#save")
    assert page.locator("#same-person").count() == 1


def receipt_extra_and_missing(page, served):
    receive_empty(page, served)
    fill_delivery(page)
    with page.expect_navigation():
        page.click("#save")
    assert "/receipt/" in page.url
    assert "缺 1 份" in page.inner_text("#receipt-verdict")
    assert "多 1 份" in page.inner_text("#receipt-verdict")


def receipt_refused_step(page, served):
    receipt_extra_and_missing(page, served)
    with page.expect_navigation():
        page.click("#return")  # no reason given
    assert page.locator("#error-summary").count() == 1


def dashboard_district(page, served):
    sign_in(page, served.url)
    page.goto(served.url + "/-/intake/330102/dashboard")


def dashboard_committee(page, served):
    sign_in(page, served.url, "boss")
    page.goto(served.url + "/-/intake/330100/dashboard")


def applicants_recent(page, served):
    sign_in(page, served.url)
    page.goto(served.url + "/-/intake/330102/applicants")


def applicants_typed(page, served):
    applicants_recent(page, served)
    page.fill("#q", "王")
    page.wait_for_function(
        "document.querySelector('#results-summary').textContent.includes('找到')"
    )


def applicants_none(page, served):
    applicants_recent(page, served)
    page.fill("#q", "没有这个人")
    page.wait_for_function(
        "document.querySelector('#results-summary').textContent.includes('没有找到')"
    )


def account_page(page, served):
    sign_in(page, served.url, "clerk2")
    page.goto(served.url + "/-/intake/account")


def account_new_token(page, served):
    account_page(page, served)
    page.fill("#label", "导入脚本")
    with page.expect_navigation():
        page.click("form[action$='/account/tokens'] button")
    assert page.locator("#new-token").count() == 1


def account_error(page, served):
    account_page(page, served)
    page.fill("#current", "wrong-current-1")
    page.fill("#new", "a-new-secret-9")
    page.fill("#again", "a-new-secret-9")
    with page.expect_navigation():
        page.click("form[action$='/account/password'] button")
    assert page.locator("#error-summary").count() == 1


def supervisors_only(page, served):
    sign_in(page, served.url)
    page.goto(served.url + "/330102/applicants")


def not_found(page, served):
    sign_in(page, served.url)
    page.goto(served.url + "/-/intake/330102/receipt/nope")


def review_queue(page, served):
    """The sync stream's review page (issue 13), once it exists, with the same checks."""
    pytest.importorskip("datasette_plugins.intake.sync.review")
    sign_in(page, served.url, "boss")
    page.goto(served.url + "/-/intake/330100/review")


STATES: list[Callable] = [
    login_empty, login_error, start_page, receive_empty, receive_filled, receive_refused,
    receive_same_person, receipt_extra_and_missing, receipt_refused_step, dashboard_district,
    dashboard_committee, applicants_recent, applicants_typed, applicants_none, account_page,
    account_new_token, account_error, supervisors_only, not_found, review_queue,
]  # fmt: skip


@pytest.mark.parametrize("state", STATES, ids=[s.__name__ for s in STATES])
def test_every_clerk_page_and_state_passes_axe(browser, served, state):
    """Each state is reached once at 375 px, then checked at each width and in print."""
    context = browser.new_context(
        locale="zh-CN", bypass_csp=True, viewport={"width": WIDTHS[0], "height": 900}
    )
    try:
        page = context.new_page()
        state(page, served)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            check_page(page, f"{state.__name__} at {width} px")
        page.emulate_media(media="print")  # printed on A4 whatever the screen
        printed = axe_violations(page, ["color-contrast"])
        assert printed == [], (state.__name__, "in print", printed)
    finally:
        context.close()


# --- The intake page as a keyboard and screen-reader user meets it ---------------------------


@pytest.fixture
def intake(browser, served) -> Iterator[object]:
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in(page, served.url)
    page.goto(served.url + "/-/intake/330102/receive")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'unit'")
    yield page
    context.close()


LIVE_COUNTER = """() => {
  window.__announcements = 0;
  const regions = document.querySelectorAll('[aria-live], [role=status], [role=alert]');
  const observer = new MutationObserver(() => { window.__announcements += 1; });
  regions.forEach(r => observer.observe(r, {childList: true, subtree: true, characterData: true}));
  return regions.length;
}"""


def test_no_message_before_a_field_is_touched_and_one_summary_per_change(intake):
    page = intake
    assert page.locator(".msg-bad:not(:empty)").count() == 0
    assert page.inner_text("#a1-check") == ""
    page.focus("#a1-review")
    assert page.evaluate(LIVE_COUNTER) == 1  # one live region on the page: the summary
    page.keyboard.type("2")
    page.keyboard.type("0")
    page.keyboard.type("0")
    assert page.evaluate("window.__announcements") == 0  # nothing spoken while typing
    page.keyboard.press("Tab")
    page.wait_for_function("window.__announcements > 0")
    spoken = page.evaluate("window.__announcements")
    assert spoken <= 3  # one summary replaced (its few DOM mutations), not one per key
    assert "评审表份数应为0至20之间的整数" in page.inner_text("#a1-review-msg")
    assert page.get_attribute("#a1-review", "aria-invalid") == "true"


def test_checks_describe_fields_without_renaming_them(intake):
    page = intake
    page.fill("#a1-name", "张三")
    page.fill("#a1-review", "2")
    page.locator("#a1-review").blur()
    described = page.get_attribute("#a1-review", "aria-describedby").split()
    assert "a1-check" in described and "a1-review-msg" in described
    assert "缺评审表1份" in page.inner_text("#a1-check")
    label = page.locator("label[for=a1-review]").inner_text()
    assert label == "评审表份数（应3）"  # the name stays the same whatever the check says
    assert page.locator("#a1-check").get_attribute("aria-live") is None


def test_a_refused_save_focuses_a_summary_that_links_to_each_invalid_field(intake):
    page = intake
    page.fill("#unit", UNIT)
    page.fill("#a1-name", "张三")
    page.fill("#a1-id_number", "33010219800101001")  # 17 digits
    page.fill("#a1-review", "3")
    page.fill("#received_at", "2099-01-01 09:00")
    with page.expect_navigation():
        page.keyboard.press("Control+Enter")
    page.wait_for_function(
        "document.activeElement && document.activeElement.id === 'error-summary'"
    )
    links = page.locator("#error-summary a")
    targets = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert set(targets) == {"#a1-id_number", "#received_at"}
    for target in targets:
        assert page.get_attribute(target, "aria-invalid") == "true"
    assert "现为17位" in page.inner_text("#a1-id_number-msg")
    links.first.click()
    assert page.evaluate("document.activeElement.id") == targets[0][1:]


def test_every_action_by_keyboard_and_the_time_is_one_stop(intake):
    page = intake
    page.click("#add-row")
    page.click("#add-row")
    assert page.locator("li.person").count() == 3
    page.focus("#courier")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "received_at"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "mandate_copies"  # one stop for time
    # Reach the second row's remove button with Tab alone, and press it.
    page.focus("#a2-exceptional")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent").startswith("删除申报人")
    page.keyboard.press("Enter")
    assert page.locator("li.person").count() == 2
    assert page.evaluate("document.activeElement.id") == "a2-name"  # focus stays in the list
    assert page.inner_text("li.person >> nth=1 >> legend") == "申报人 2"
