"""The self-check of the second notice (tests/fixtures/test-2024-points, test data): its points
route asks one self-score per item of the published scale, shows the running total beside the
pass mark, refuses a missing or out-of-range score in Chinese, maps the scores onto the
contract's `points` field, and words the answer from the route's facts, in real Pyodide in
Chromium, on a site built from that notice alone."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from form_driver import (
    VERDICT_TIMEOUT_MS,
    current_step,
    shown_answer,
    submit,
    walk,
)
from test_selfcheck_offline_privacy_a11y import serious

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "tests" / "rules"))
from serve_site import StaticServer  # noqa: E402
from test_second_notice import FIXTURE, build_site, run, write_root  # noqa: E402


@pytest.fixture(scope="module")
def data_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data root holding only the test notice, current."""
    return write_root(tmp_path_factory.mktemp("second-notice") / "data", FIXTURE)


@pytest.fixture(scope="module")
def form(data_root: Path) -> dict[str, Any]:
    """rules_py.form.describe() of the test notice (in its own process: the notice is chosen by
    NOTICE_DATA_DIR)."""
    described = run("-c", "from rules_py import form; print(form.describe_json())", root=data_root)
    assert described.returncode == 0, described.stderr[-2000:]
    return json.loads(described.stdout)


def points_question(form: dict[str, Any]) -> dict[str, Any]:
    return next(q for s in form["steps"] for q in s["questions"] if q["kind"] == "scores")


def test_the_form_asks_the_points_route_from_its_data(form: dict[str, Any]) -> None:
    step = next(s for s in form["steps"] if s.get("route") == "points")
    assert step["title"] == "积分申报" and "70分" in step["intro"]
    # asked only when no other route meets, like 破格 in the 2023 notice
    assert step["when"] == {"not": {"route_meets": ["normal", "transfer", "skilled"]}}
    q = points_question(form)
    assert q["field"] == "points" and q["pass_mark"] == 70 and q["clause"] == "附件1 二(四)"
    assert [(i["id"], i["label"], i["max"]) for i in q["items"]] == [
        ("degree", "学历学位", 20),
        ("experience", "专业工作经历", 30),
        ("achievements", "业绩成果", 35),
        ("honours", "获奖与荣誉", 15),
    ]
    assert all(i["anchor"].startswith("/attachment-1/#a1-2-4-") for i in q["items"])
    # everyone who reaches the step may use the route: the common questions are always asked
    assert form["result"]["route_entries"]["points"] == {"all": []}
    assert not any(s["id"] == "exceptional" for s in form["steps"])  # the notice has no 破格


def test_the_2023_form_has_no_scores() -> None:
    from rules_py import form as current_form

    kinds = {q["kind"] for s in current_form.describe()["steps"] for q in s["questions"]}
    assert "scores" not in kinds and "scores" in current_form.KINDS


@pytest.fixture(scope="module")
def second_site(data_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = tmp_path_factory.mktemp("second-site") / "site"
    built = build_site(data_root, site)
    assert built.returncode == 0, built.stderr[-2000:]
    server = StaticServer(site).start()
    yield server.url + "/self-check/"
    server.stop()


@pytest.fixture(scope="module")
def page(browser, second_site: str) -> Iterator[Any]:
    """The test notice's self-check page at phone width (390 px), its worker ready."""
    ctx = browser.new_context(
        locale="zh-CN", accept_downloads=True, viewport={"width": 390, "height": 844}
    )
    page = ctx.new_page()
    page.goto(second_site)
    page.wait_for_selector("#sc-runtime[data-state=ready]", timeout=VERDICT_TIMEOUT_MS)
    yield page
    ctx.close()


@pytest.fixture
def sc(page):
    page.click("#sc-clear")
    return page


YEARS_2024 = {
    "assessments": {"2021": "competent", "2022": "excellent", "2023": "competent"},
    "continuing_education": {
        y: {"professional": 70, "public": 30} for y in ("2022", "2023", "2024")
    },
}
# No 工程师 qualification, no other title, no skill level: only the points route is open.
POINTS_ONLY = {
    "unit": "330106",
    "civil_service": "no",
    "work": "field",
    "has_engineer": "no",
    "practice_qualification": "no",
    "other_senior_title": "no",
    "skill_level": "none",
    **YEARS_2024,
}


def fits_the_phone(page: Any) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_scores_asked_totalled_checked_and_judged(sc, form: dict[str, Any]) -> None:
    page = sc
    walk(page, POINTS_ONLY, until="route-points", form=form)
    assert current_step(page) == "route-points"
    assert page.inner_text("#sc-points-total") == "自评合计：—（合格线70分）"
    assert fits_the_phone(page)
    assert serious(page) == [], "the points step, empty"
    # a missing score and one above its item's maximum: said in Chinese, at each field
    page.fill("#sc-points-degree", "18")
    page.fill("#sc-points-experience", "25")
    page.fill("#sc-points-achievements", "40")
    assert page.inner_text("#sc-points-total") == "自评合计：83分（合格线70分）"
    page.click("#sc-step-route-points .sc-continue")
    page.locator("#sc-error-summary").wait_for(state="visible")
    assert page.locator("#sc-error-list li").all_inner_texts() == [
        "业绩成果的自评得分应在0–35分之间",
        "请填写获奖与荣誉的自评得分（没有得分的填0）",
    ]
    assert page.get_attribute("#sc-points-achievements", "aria-invalid") == "true"
    described = page.get_attribute("#sc-points-honours", "aria-describedby").split()
    assert "sc-points-honours-error" in described
    assert "请填写获奖与荣誉" in page.inner_text("#sc-points-honours-error")
    assert serious(page) == [], "the points step, after an error"
    page.fill("#sc-points-achievements", "20")
    page.fill("#sc-points-honours", "10")
    assert page.inner_text("#sc-points-total") == "自评合计：73分（合格线70分）"
    walk(page, POINTS_ONLY, form=form)
    assert "自评合计：73分" in page.inner_text("#sc-summary-list")
    submit(page)
    shown = shown_answer(page)
    assert shown["eligible"] and shown["route"] == "points"
    assert shown["headline"] == "您可以按积分申报"
    assert page.inner_text("#sc-answer .sc-headline-detail") == (
        "自评积分合计73分，达到合格线70分；各项得分由评审委员会对照证明材料核实。"
    )
    assert shown["committee"][0] == "points_review"  # the scores are the committee's to verify
    assert "(10)" in shown["checklist"]  # 积分自评表
    steps = page.inner_text("#sc-answer .sc-next")
    assert "申报途径选“积分申报”" in steps and "填写《积分自评表》：逐项写明自评得分" in steps
    assert page.get_attribute("#sc-answer .sc-next a:text('积分自评表（附件5）')", "href").endswith(
        "/attachment-5/"
    )
    assert fits_the_phone(page)

    # the saved file is the contract's input, read by the CLI as the page read it
    with page.expect_download() as saved:
        page.click("#sc-save")
    data = json.loads(Path(saved.value.path()).read_text(encoding="utf-8"))
    assert data["points"] == {"degree": 18, "experience": 25, "achievements": 20, "honours": 10}
    assert data["notice"] == "test-2024-points"


def test_below_the_pass_mark_says_how_far(sc, form: dict[str, Any]) -> None:
    page = sc
    low = {
        **POINTS_ONLY,
        "points": {"degree": 10, "experience": 20, "achievements": 20, "honours": 5},
    }
    walk(page, low, form=form)
    submit(page)
    shown = shown_answer(page)
    assert not shown["eligible"]
    assert ["points_total", "✗ 不符合"] in shown["reasons"]
    assert "自评积分合计55分" in page.inner_text("#sc-answer") and "差15分" in page.inner_text(
        "#sc-answer"
    )
    advice = page.inner_text("#sc-answer .sc-advice")
    assert "按积分申报，自评积分还差15分达到合格线70分" in advice  # from the route's facts


def test_not_asked_when_another_route_meets(sc, form: dict[str, Any]) -> None:
    engineer = {
        **POINTS_ONLY,
        "has_engineer": "yes",
        "engineer_qualified_on": "2017-06-30",
        "education": [{"level": "bachelor", "engineering": "yes", "related": "yes"}],
    }
    seen = walk(sc, engineer, form=form)
    assert "route-points" not in seen
    submit(sc)
    assert shown_answer(sc)["route"] == "normal"


def test_a_saved_file_loads_back_and_the_cli_agrees(sc, data_root: Path, tmp_path: Path) -> None:
    page = sc
    saved = {
        "notice": "test-2024-points",
        "points": {"degree": 20, "experience": 30, "achievements": 20, "honours": 0},
        **YEARS_2024,
    }
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(saved, ensure_ascii=False), encoding="utf-8")
    page.set_input_files("#sc-load", str(path))
    page.wait_for_selector("#sc-files-status[data-state=ok], #sc-files-status[data-state=error]")
    assert page.get_attribute("#sc-files-status", "data-state") == "ok"
    assert page.input_value("#sc-points-experience") == "30"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"points": {"degree": 25}}), encoding="utf-8")
    page.set_input_files("#sc-load", str(bad))
    page.wait_for_selector("#sc-files-status[data-state=error]")
    assert "学历学位的自评得分应在0–20分之间" in page.inner_text("#sc-files-status")
    cli = run("-m", "rules_py", "check", "-", root=data_root, stdin=json.dumps(saved))
    assert cli.returncode == 0 and json.loads(cli.stdout)["routes"]["points"]["status"] == "meets"
