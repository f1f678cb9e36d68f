"""The self-check as a whole: it works offline after one use, nothing leaves the site's origin,
the form is usable before the Python runtime is ready, and axe-core finds no serious problem."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from form_driver import VERDICT_TIMEOUT_MS as BOOT_TIMEOUT_MS
from form_driver import shown_verdict, verdict_of

import rules_py

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ANSWERS = {
    "education": [{"level": "bachelor", "engineering": True, "related": True}],
    "engineer_qualified_on": "2016-07-01",
    "assessments": {"2020": "excellent", "2021": "competent", "2022": "competent"},
    "continuing_education": {
        year: {"professional": 64, "public": 26} for year in ("2021", "2022", "2023")
    },
}


@pytest.fixture
def answers_file(tmp_path) -> Path:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(ANSWERS, ensure_ascii=False), encoding="utf-8")
    return path


def load_and_wait(page, answers_file: Path) -> dict:
    page.set_input_files("#sc-load", answers_file)
    page.wait_for_selector("#sc-verdict[data-state=done]", timeout=BOOT_TIMEOUT_MS)
    return shown_verdict(page)


def test_first_use_then_offline(context, selfcheck_url, site_server, answers_file) -> None:
    """One person's first visit: the form answers at once while the runtime loads (with an
    announced state), no request leaves the site, and after that one use it works offline."""
    expected = verdict_of(rules_py.check(ANSWERS))
    urls: list[str] = []
    context.on("request", lambda request: urls.append(request.url))
    page = context.new_page()
    page.goto(selfcheck_url)
    status = page.locator("#sc-runtime")
    assert status.get_attribute("aria-live") == "polite"
    page.click("#sc-submit")
    assert status.get_attribute("data-state") != "ready"
    assert page.get_attribute("#sc-verdict", "data-state") == "pending"
    assert "正在准备自查程序" in page.inner_text("#sc-verdict-body")
    assert load_and_wait(page, answers_file) == expected

    page.fill("#sc-report", "述职")
    page.wait_for_selector("#sc-report-count[data-count='2']")
    assert any("/pyodide/" in url for url in urls), "the worker's requests are seen"
    local = (site_server.url + "/", "blob:", "data:")
    assert [url for url in urls if not url.startswith(local)] == []

    page.wait_for_selector("#sc-runtime[data-offline=ready]", timeout=BOOT_TIMEOUT_MS)
    context.set_offline(True)
    page.reload()
    page.wait_for_selector("#sc-runtime[data-state=ready]", timeout=BOOT_TIMEOUT_MS)
    assert load_and_wait(page, answers_file) == expected


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
    the page says the self-check could not load."""
    for wheel in (fresh_site_server.root / "pyodide").glob("rules_py-*.whl"):
        damage(wheel)
    page = context.new_page()
    page.goto(fresh_site_server.url + "/self-check/")
    page.wait_for_selector("#sc-runtime[data-state=error]", timeout=BOOT_TIMEOUT_MS)
    assert "自查程序加载失败" in page.inner_text("#sc-runtime")
    page.click("#sc-submit")
    page.wait_for_selector("#sc-verdict[data-state=error]")
    assert "无法完成自查" in page.inner_text("#sc-verdict-body")


def test_axe_finds_no_serious_problem(ready_page, tmp_path) -> None:
    page = ready_page
    page.click("#sc-clear")
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(ANSWERS, ensure_ascii=False), encoding="utf-8")
    load_and_wait(page, path)
    page.fill("#sc-report", "述职")
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("async () => (await axe.run(document)).violations")
    serious = [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in found
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == [], json.dumps(serious, ensure_ascii=False, indent=1)
