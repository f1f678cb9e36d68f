"""`datasette intake …` commands, run through the real `datasette` click CLI."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from datasette.cli import cli
from intake_helpers import id_number
from openpyxl import Workbook

UNIT = "杭州花名册纺织有限公司"
HEADER = ["序号", "姓名", "身份证号", "工作单位", "申报专业", "申报类型"]
ROSTER = [
    [1, "周一", id_number("33010219800101001"), UNIT, "纺织工程", "正常申报"],
    [2, "吴二", id_number("33010219810202002"), UNIT, "丝绸工程", "破格申报"],
    [3, "郑三", id_number("33010219820303003"), UNIT, "染整工程", "转（兼）评"],
]


def run(*args: str, env: dict[str, str] | None = None, input: str | None = None):
    return CliRunner().invoke(cli, ["intake", *args], env=env, input=input)


@pytest.fixture
def register(tmp_path: Path) -> tuple[Path, str]:
    db = tmp_path / "330102.db"
    assert run("init", str(db), "--office", "330102").exit_code == 0
    assert run("unit", str(db), UNIT, "--actor", "tester").exit_code == 0
    result = run("batch", str(db), "--unit", UNIT, "--actor", "tester")
    assert result.exit_code == 0, result.output
    return db, result.output.strip()


def write_roster(path: Path, rows: list[list[object]]) -> Path:
    if path.suffix == ".csv":
        with path.open("w", newline="", encoding="utf-8-sig") as handle:
            csv.writer(handle).writerows([HEADER, *rows])
    else:
        book = Workbook()
        sheet = book.active
        sheet.append(["申报评审高级工程师资格人员花名册"])
        sheet.append(HEADER)
        for row in rows:
            sheet.append(row)
        book.save(path)
    return path


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_roster_import_creates_the_expected_list(register, tmp_path, suffix):
    db, batch_id = register
    roster = write_roster(tmp_path / f"roster{suffix}", ROSTER)
    result = run("roster", str(db), batch_id, str(roster), "--actor", "clerk1")
    assert result.exit_code == 0, result.output
    assert "已导入 3 人" in result.output
    conn = sqlite3.connect(db)
    rows = conn.execute(
        "SELECT roster_position, name, route, exceptional, status FROM applicants"
        " WHERE batch_id = ? ORDER BY roster_position",
        (batch_id,),
    ).fetchall()
    assert rows == [
        (1, "周一", "normal", 0, "expected"),
        (2, "吴二", "exceptional", 1, "expected"),
        (3, "郑三", "transfer", 0, "expected"),
    ]
    assert {r[0] for r in conn.execute("SELECT actor FROM audit_log")} >= {"clerk1"}


BAD_ROSTERS = [
    ("bad check digit", [[1, "周一", "330102198001010010", UNIT, "", "正常申报"]], "第1行"),
    ("unknown unit", [[1, "周一", id_number("33010219800101001"), "别的公司", "", ""]], "未登记"),
    ("duplicate person", [ROSTER[0], [2, "周一", ROSTER[0][2], UNIT, "", ""]], "同一人"),
    ("unknown route", [[1, "周一", ROSTER[0][2], UNIT, "", "随便"]], "申报类型"),
]


@pytest.mark.parametrize(("case", "rows", "message"), BAD_ROSTERS, ids=[c[0] for c in BAD_ROSTERS])
def test_bad_roster_imports_nothing(register, tmp_path, case, rows, message):
    db, batch_id = register
    roster = write_roster(tmp_path / "roster.csv", rows)
    result = run("roster", str(db), batch_id, str(roster), "--actor", "clerk1")
    assert result.exit_code == 1
    assert message in result.output and "未导入任何人员" in result.output
    assert "Traceback" not in result.output
    assert sqlite3.connect(db).execute("SELECT count(*) FROM applicants").fetchone()[0] == 0


def test_roster_file_problems_are_explained(register, tmp_path):
    db, batch_id = register
    (tmp_path / "notes.txt").write_text("x")
    result = run("roster", str(db), batch_id, str(tmp_path / "notes.txt"))
    assert result.exit_code == 1 and ".xlsx 或 .csv" in result.output
    (tmp_path / "empty.csv").write_text("a,b\n1,2\n")
    result = run("roster", str(db), batch_id, str(tmp_path / "empty.csv"))
    assert result.exit_code == 1 and "缺少表头" in result.output
    result = run("roster", str(db), "330102-B-NOSUCHBATCH", str(tmp_path / "empty.csv"))
    assert result.exit_code == 1


@pytest.mark.parametrize(
    ("config", "message"),
    [
        (None, "无法读取配置文件"),
        ("databases: [unclosed", "无法读取配置文件"),
        ("- just\n- a list\n", "不是有效的 datasette.yaml"),
    ],
    ids=["missing", "not-yaml", "not-a-mapping"],
)
def test_serve_explains_a_bad_configuration_before_starting(register, tmp_path, config, message):
    db, _ = register
    path = tmp_path / "datasette.yaml"
    if config is not None:
        path.write_text(config, encoding="utf-8")
    result = run("serve", str(db), "-c", str(path), "-p", "1")
    assert result.exit_code == 1
    assert message in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_init_refuses_unknown_office(tmp_path):
    result = run("init", str(tmp_path / "x.db"), "--office", "123456")
    assert result.exit_code == 1
    assert "未知的受理部门代码" in result.output


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "登记簿文件不存在"),
        (b"not a database at all, just text", "不是有效的登记簿"),
        (b"", "不是受理登记簿"),
    ],
    ids=["missing", "not-sqlite", "empty-sqlite"],
)
@pytest.mark.parametrize("command", ["unit", "export", "serve"])
def test_commands_explain_a_file_that_is_not_a_register(tmp_path, content, message, command):
    db = tmp_path / "x.db"
    if content is not None:
        db.write_bytes(content)
    args = {
        "unit": [str(db), "某单位"],
        "export": [str(db), "--to", str(tmp_path / "out")],
        "serve": [str(db), "-c", str(tmp_path / "datasette.yaml")],
    }[command]
    result = run(command, *args)
    assert result.exit_code == 1
    assert message in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_demo_fills_invented_people_with_valid_numbers(tmp_path):
    db = tmp_path / "330106.db"
    result = run("demo", str(db), "--office", "330106", "--applicants", "60")
    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM applicants").fetchone()[0] == 60
    offices = {r[0] for r in conn.execute("SELECT DISTINCT office FROM batches")}
    assert offices == {"330106"}


def test_config_stores_hashes_not_passwords(tmp_path):
    db = tmp_path / "330102.db"
    run("init", str(db), "--office", "330102")
    output = tmp_path / "datasette.yaml"
    env = {"DEMO_PASSWORD_CLERK1": "pw-one-123", "INTAKE_PASSWORD_ALICE": "alice-secret-9"}
    result = run(
        "config", str(db), "-o", str(output), "--demo", "--account", "alice:330105:甲", env=env
    )
    assert result.exit_code == 0, result.output
    assert "datasette intake serve" in result.output and str(output) in result.output
    text = output.read_text()
    assert "pw-one-123" not in text and "alice-secret-9" not in text
    config = yaml.safe_load(text)
    plugin = config["plugins"]["datasette-auth-passwords"]
    assert plugin["clerk1_password_hash"].startswith("pbkdf2_sha256$")
    assert set(plugin["actors"]) == {"clerk1", "clerk2", "alice"}
    assert config["databases"]["330102"]["permissions"]["insert-row"] == {
        "id": ["clerk1", "clerk2"]
    }
