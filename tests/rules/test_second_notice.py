"""The proof by a second notice: tests/fixtures/test-2024-points (test data, never published)
moves every date, changes thresholds, drops 破格 and adds a points route (the one new module,
rules_py/routes/points.py). Pointed at it through NOTICE_DATA_DIR, the rules, the site (with its
self-check form and calendar) and the register's copy rules must show its values and none of
the 2023 notice's."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest
from notice_values import finder, notice_values

from rules_py import notices
from rules_py.notices import Notice

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "test-2024-points"
OLD = notices.Library(ROOT / "data").current()
# Phrases of the 2023 rules the test notice changes or drops (words the data does not hold).
OLD_PHRASES = ("破格", "六项条件", "满 1 年", "满1年", "满4年", "满 4 年", "20年以上", "25年以上")


def write_root(folder: Path, *sources: Path) -> Path:
    """A data root holding these notice folders, the last one current."""
    folder.mkdir(parents=True, exist_ok=True)
    for source in sources:
        shutil.copytree(source, folder / source.name)
    (folder / "notices.toml").write_text(f'current = "{sources[-1].name}"\n', encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def data_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_root(tmp_path_factory.mktemp("second") / "data", FIXTURE)


@pytest.fixture(scope="module")
def new(data_root: Path) -> Notice:
    return notices.Library(data_root).current()


@pytest.fixture(scope="module")
def leaked(new: Notice):
    old_values = notice_values(OLD) - notice_values(new)
    assert {"2023-08-27", "杭经信人事〔2023〕63号", "88292115"} <= old_values

    return finder(old_values | set(OLD_PHRASES))


def run(*args: str, root: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        input=stdin,
        env={
            **os.environ,
            "NOTICE_DATA_DIR": str(root),
            "NO_MKDOCS_2_WARNING": "1",
            "RUNTIME_SNAPSHOT": "off",  # the pages are the proof; the snapshot is another test's
        },
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=900,  # a hang guard only
    )


def check(answers: dict, root: Path) -> dict:
    result = run("-m", "rules_py", "check", "-", root=root, stdin=json.dumps(answers))
    return json.loads(result.stdout)


GOOD = {
    "assessments": {"2021": "competent", "2022": "excellent", "2023": "competent"},
    "continuing_education": {
        y: {"professional": 70, "public": 30} for y in ("2022", "2023", "2024")
    },
}
BACHELOR = [{"level": "bachelor", "engineering": True, "related": True}]


def test_the_rules_read_the_new_notice(data_root: Path, leaked) -> None:
    points = check(
        {**GOOD, "points": {"degree": 20, "experience": 30, "achievements": 20}}, data_root
    )
    assert points["notice"] == "test-2024-points" and list(points["routes"]) == [
        "normal",
        "transfer",
        "skilled",
        "points",
    ]
    assert points["eligible"] and points["routes"]["points"]["status"] == "meets"
    assert "(10)" in [c["item"] for c in points["checklist"]]  # the 积分自评表
    six = check({**GOOD, "education": BACHELOR, "engineer_qualified_on": "2018-12-31"}, data_root)
    five = check({**GOOD, "education": BACHELOR, "engineer_qualified_on": "2019-12-31"}, data_root)
    assert six["routes"]["normal"]["status"] == "meets"  # 6 years to 2024-12-31
    assert five["routes"]["normal"]["status"] == "does_not_meet"
    assert "2025年度起" in "".join(five["advice"])
    short = check(
        {**GOOD, "continuing_education": {"2024": {"professional": 64, "public": 18}}}, data_root
    )
    assert short["common"]["continuing_education"]["status"] == "does_not_meet"
    for result in (points, six, five, short, check({}, data_root)):
        assert leaked(json.dumps(result, ensure_ascii=False)) == []
    refused = run(
        "-m", "rules_py", "check", "-", root=data_root, stdin='{"exceptional_conditions": [1]}'
    )
    assert refused.returncode == 2 and "exceptional_conditions" in refused.stdout


def test_the_rules_pick_the_notice_by_its_id(tmp_path: Path) -> None:
    both = write_root(tmp_path / "data", ROOT / "data" / OLD.id, FIXTURE)
    person = {**GOOD, "education": BACHELOR, "engineer_qualified_on": "2018-12-31"}
    assert check(person, both)["notice"] == "test-2024-points"
    old = check({**person, "notice": OLD.id}, both)
    assert old["notice"] == OLD.id and "exceptional" in old["routes"]
    old_five = check({**person, "engineer_qualified_on": "2018-12-31", "notice": OLD.id}, both)
    assert old_five["routes"]["normal"]["status"] == "meets"  # 5 years to 2023-12-31


def test_the_calendar_and_the_directory_downloads(new: Notice, leaked) -> None:
    sys.path.insert(0, str(ROOT / "scripts" / "site_hooks"))
    try:
        from calendar_ics import build_calendar
        from directory_render import offices_csv, offices_json
    finally:
        sys.path.remove(str(ROOT / "scripts" / "site_hooks"))
    calendar = build_calendar(new)
    assert "DTSTART;VALUE=DATE:20240826" in calendar and leaked(calendar) == []
    assert leaked(offices_csv(new.offices).decode("utf-8-sig")) == []
    assert leaked(offices_json(new)) == []


def build_site(
    root: Path, out: Path, config: Path | None = None
) -> subprocess.CompletedProcess[str]:
    options = ["-f", str(config)] if config else []
    return run("-m", "mkdocs", "build", "--strict", *options, "--site-dir", str(out), root=root)


def site_leaks(site: Path, leaked) -> dict[str, list[str]]:
    found = {}
    for path in sorted(site.rglob("*")):
        if (
            path.suffix in (".html", ".ics", ".csv", ".json", ".xml")
            and "pyodide" not in path.parts
        ):
            text = unescape(path.read_text(encoding="utf-8", errors="replace"))
            hits = leaked(text)
            if hits:
                found[str(path.relative_to(site))] = hits
    return found


def test_the_whole_site_builds_from_the_new_notice(data_root: Path, tmp_path: Path, leaked) -> None:
    """Every page (the self-check form and the rules page too), the search index, the downloads
    and the calendar: the new notice's values, none of the 2023 notice's."""
    site = tmp_path / "site"
    built = build_site(data_root, site)
    assert built.returncode == 0, built.stderr[-2000:]
    assert site_leaks(site, leaked) == {}
    home = unescape((site / "index.html").read_text(encoding="utf-8"))
    assert "积分申报" in home and "2024年8月26日" in home
    form = unescape((site / "self-check" / "index.html").read_text(encoding="utf-8"))
    assert "积分" in form  # the form asks the new route's questions
    rules_page = unescape((site / "rules" / "index.html").read_text(encoding="utf-8"))
    assert "points_total" in rules_page and "rules_py/routes/points.py" in rules_page
    assert re.search(r"pass_mark = 70", rules_page)
    nav = unescape((site / "attachment-5" / "index.html").read_text(encoding="utf-8"))
    assert "附件5 积分自评表" in nav
    calendar = (site / "downloads" / "key-dates.ics").read_text(encoding="utf-8")
    assert "DTSTART;VALUE=DATE:20240920" in calendar


REGISTER_COPIES = """
import json, sys
from datasette_plugins.intake.domain.copies import ApplicantCopies, check_copies
from datasette_plugins.intake.domain.datafiles import notice
from datasette_plugins.intake.schema.registers import init_register
people = [ApplicantCopies(1, "甲", "normal", 2, 0), ApplicantCopies(2, "乙", "points", 3, 1)]
result = check_copies(1, 1, people)
office = notice().offices.districts[0].code
conn = init_register(sys.argv[1], office)
triggers = conn.execute("SELECT group_concat(sql) FROM sqlite_master WHERE type = 'trigger'")
print(json.dumps({
    "lines": [[l.item.id, l.expected, l.received] for l in result.lines],
    "triggers": triggers.fetchone()[0],
}, ensure_ascii=False))
"""


def test_the_registers_copy_rules_follow_the_new_notice(
    tmp_path: Path, leaked, monkeypatch: pytest.MonkeyPatch
) -> None:
    """附件4's copies of the new notice (评审表 2, 积分自评表 1 for a points applicant, no
    破格审批表), in the checker and in the register's own triggers, worded without a 2023
    word. (The stored columns keep their names, `exceptional` and `exceptional_form_copies`:
    sync and migrations depend on them; what they hold follows the notice, domain/copies.py.)
    The register is made for the new notice by INTAKE_NOTICE while the data root's current
    notice is 2023's (a register is for one notice, whatever the site publishes)."""
    both = write_root(tmp_path / "data", FIXTURE, ROOT / "data" / OLD.id)  # 2023 current
    monkeypatch.setenv("INTAKE_NOTICE", "test-2024-points")
    result = run("-c", REGISTER_COPIES, str(tmp_path / "office.db"), root=both)
    assert result.returncode == 0, result.stderr[-2000:]
    found = json.loads(result.stdout)
    assert ["review_form", 2, 2] in found["lines"] and ["review_form", 2, 3] in found["lines"]
    assert ["points_form", 1, 1] in found["lines"]
    assert all(line[0] != "exceptional_form" for line in found["lines"])
    assert "review_form_copies < 2" in found["triggers"]
    assert "review_form_copies < 3" not in found["triggers"]
    assert "WHEN 'points' THEN 1" in found["triggers"]
    assert leaked(found["triggers"]) == []


def test_a_register_for_the_new_notice_holds_its_rules_on_every_write_path(
    data_root: Path, tmp_path: Path, leaked
) -> None:
    """A register configured for the new notice (a real Datasette, datasette.client): its pages
    show none of 2023's values or 破格; the intake page asks for the 积分自评表 of a points
    applicant and counts it; the intake page, Datasette's JSON API and sync all refuse the 破格
    route, the 破格 flag and an absurd count, with the new notice's wording; a points applicant
    travels by sync to the 高评委办公室 (second_notice_register.py does the writing)."""
    script = str(Path(__file__).with_name("second_notice_register.py"))
    result = run(script, str(tmp_path / "register"), root=data_root)
    assert result.returncode == 0, result.stderr[-3000:]
    found = json.loads(result.stdout)
    for url, page in found["pages"].items():
        assert page["status"] in (200, 302), url
        assert leaked(unescape(page["text"])) == [], url
    intake = unescape(found["pages"]["/-/intake/330102/receive"]["text"])
    assert (
        "积分自评表份数（积分申报应1）" in intake and "积分申报人员另交《积分自评表》1份" in intake
    )
    assert "《评审表》2份" in intake and "exceptional" not in re.sub(r'"[^"]*"', "", intake)
    rules_js = found["pages"]["/-/intake/rules.js"]["text"]
    assert '"routeForms":{"points":{"copies":1,"label":"积分自评表"}}' in rules_js
    posts = found["posts"]
    assert (
        posts["complete"]["status"] == 302 and "材料齐全，共 2 人" in posts["complete"]["receipt"]
    )
    assert posts["short"]["status"] == 302 and "《积分自评表》缺 1 份" in posts["short"]["receipt"]
    assert posts["old_route"]["status"] == 400
    assert "申报类型应为正常申报、转（兼）评申报、高技能人才申报、积分申报之一" in unescape(
        posts["old_route"]["text"]
    )
    for text in (
        *(p["text"] for p in posts.values()),
        *(p.get("receipt", "") for p in posts.values()),
    ):
        assert leaked(unescape(text)) == []
    assert found["stored"] == [
        ["丙", "points", 0, 0, "incomplete"],
        ["乙", "normal", 0, 0, "complete"],
        ["甲", "points", 0, 1, "complete"],
    ]
    api = {case: json.loads(answer["text"]) for case, answer in found["api"].items()}
    assert found["api"]["points"]["status"] == 201 and api["points"]["rows"][0]["route"] == "points"
    refusals = {
        "flag": "exceptional 应为0",
        "old_route": "积分申报之一",
        "too_many": "积分自评表份数应为0至20",
    }
    for case, words in refusals.items():
        assert found["api"][case]["status"] == 400 and words in api[case]["error"], case
        refused = found["sync"]["refused"][case]
        assert refused["code"] == "refused-by-register" and words in refused["message"], case
        assert refused["rows"] == 0  # the 高评委办公室 stored nothing of that file
        assert leaked(api[case]["error"] + refused["message"]) == []
    assert found["sync"]["first"] == ["applied", None]
    assert found["sync"]["arrived"] == [["points", 0, 1]]
