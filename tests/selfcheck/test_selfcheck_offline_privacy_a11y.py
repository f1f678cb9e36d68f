"""The self-check as a whole: the questions work at once while the Python runtime loads, nothing
leaves the site's origin, it works offline after one use, a broken runtime is said plainly, and
axe-core finds no serious problem in the empty, filled and error states and on the answer."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from form_driver import VERDICT_TIMEOUT_MS as BOOT_TIMEOUT_MS
from form_driver import current_step, headline, submit, wait_for_answer, walk
from test_selfcheck_personas import ORDINARY, ROUTES

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def test_first_use_then_offline(context, selfcheck_url, site_server) -> None:
    """One person's first visit: the questions answer at once while the runtime loads (with an
    announced state), no request leaves the site, and after that one use it works offline."""
    urls: list[str] = []
    context.on("request", lambda request: urls.append(request.url))
    page = context.new_page()
    page.goto(selfcheck_url)
    status = page.locator("#sc-runtime")
    assert status.get_attribute("aria-live") == "polite"
    page.wait_for_selector("#sc-form[data-wired]", state="attached")
    walk(page, ORDINARY)
    submit(page)
    assert headline(page) == f"您可以按{ROUTES['normal']}"
    page.fill("#sc-report", "述职")
    page.wait_for_selector("#sc-report-count[data-count='2']")
    assert any("/pyodide/" in url for url in urls), "the worker's requests are seen"
    local = (site_server.url + "/", "blob:", "data:")
    assert [url for url in urls if not url.startswith(local)] == []

    page.wait_for_selector("#sc-runtime[data-offline=ready]", timeout=BOOT_TIMEOUT_MS)
    context.set_offline(True)
    page.reload()
    page.wait_for_selector("#sc-runtime[data-state=ready]", timeout=BOOT_TIMEOUT_MS)
    assert current_step(page) == "review", "the answers were kept; the check page is next"
    submit(page)
    assert headline(page) == f"您可以按{ROUTES['normal']}"


def _remove(wheel: Path) -> None:
    wheel.unlink()


def _tamper(wheel: Path) -> None:
    """A valid wheel, but not the bytes the lock file's sha256 names (a stale or altered file)."""
    with zipfile.ZipFile(wheel) as original:
        members = [(info, original.read(info)) for info in original.infolist()]
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as altered:
        for info, data in members:
            if info.filename == "rules_py/__init__.py":
                data += b"\n# altered after the lock file was written\n"
            altered.writestr(info, data)


@pytest.mark.parametrize("damage", [_remove, _tamper], ids=["missing", "not-the-locked-bytes"])
def test_runtime_failure_is_shown_not_hidden(context, fresh_site_server, damage) -> None:
    """A rules package that is missing, or is not the one the lock file names, is never run:
    the page says the self-check could not load, and the answer says so too."""
    for wheel in (fresh_site_server.root / "pyodide").glob("rules_py-*.whl"):
        damage(wheel)
    page = context.new_page()
    page.goto(fresh_site_server.url + "/self-check/")
    page.wait_for_selector("#sc-runtime[data-state=error]", timeout=BOOT_TIMEOUT_MS)
    assert "自查程序加载失败" in page.inner_text("#sc-runtime")
    walk(page, ORDINARY)
    page.click("#sc-submit")
    page.wait_for_selector("#sc-answer[data-state=error]")
    assert "无法完成自查" in page.inner_text("#sc-answer")


def serious(page) -> list[dict]:
    """axe's serious and critical findings, measured at rest: the mouse off every control and
    no colour transition running (axe would measure a colour halfway)."""
    page.mouse.move(0, 0)
    page.wait_for_function("document.getAnimations().length === 0")
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    found = page.evaluate("async () => (await axe.run(document)).violations")
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in found
        if v["impact"] in ("serious", "critical")
    ]


def test_axe_empty_filled_error_and_answer(sc_page) -> None:
    page = sc_page
    assert serious(page) == [], "empty"
    page.click("#sc-step-scope .sc-continue")
    page.locator("#sc-error-summary").wait_for(state="visible")
    assert serious(page) == [], "after an error"
    walk(page, ORDINARY)
    assert serious(page) == [], "filled: the check-your-answers step"
    submit(page)
    page.fill("#sc-report", "述职")
    for details in page.locator("#sc-answer details").all():
        details.evaluate("d => d.open = true")
    assert serious(page) == [], "the answer, every fold open"


def test_out_of_scope_answer_is_accessible_too(sc_page) -> None:
    walk(sc_page, {"unit": "outside", "civil_service": "no", "work": "field"})
    wait_for_answer(sc_page)
    assert serious(sc_page) == []
    assert sc_page.evaluate("document.activeElement.id") == "sc-result-title"


def test_keyboard_only(sc_page) -> None:
    """Tab to an answer, Space to choose, Enter to continue: the next step's heading is focused."""
    page = sc_page
    page.focus("#sc-unit")
    page.select_option("#sc-unit", ORDINARY["unit"])
    page.keyboard.press("Tab")
    while page.evaluate("document.activeElement.name") != "civil_service":
        page.keyboard.press("Tab")
    page.keyboard.press("ArrowRight")  # radios move with the arrow keys
    assert page.evaluate("document.activeElement.value") == "no"
    page.focus("#sc-work-field")
    page.keyboard.press("Space")
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement.id === 'sc-step-engineer-title'")
    assert json.loads(page.evaluate("JSON.stringify(history.state)"))["selfcheck"] == "engineer"
