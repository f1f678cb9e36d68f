"""`datasette intake …` commands, run through the real `datasette` click CLI."""

from __future__ import annotations

import csv
import shutil
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
        "export": [str(db), "--to", str(tmp_path / "out"), "--destination", "330100"],
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
    env = {"DEMO_PASSWORD_CLERK1": "pw-one-1234", "INTAKE_PASSWORD_ALICE": "tea-garden-1979"}
    result = run(
        "config", str(db), "-o", str(output), "--demo",
        "--account", "alice:330102:甲:supervisor", env=env,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "datasette intake serve" in result.output and str(output) in result.output
    text = output.read_text()
    accounts = tmp_path / "accounts.db"
    for secret in ("pw-one-1234", "tea-garden-1979"):
        assert secret not in text and secret.encode() not in accounts.read_bytes()
    config = yaml.safe_load(text)
    assert config["plugins"]["intake"] == {
        "registers": {"330102": "330102"},
        "accounts": str(accounts.resolve()),
    }
    assert config["settings"]["allow_signed_tokens"] is False
    stored = {
        row[0]: row[1:]
        for row in sqlite3.connect(accounts).execute(
            "SELECT username, office, display_name, role, password_hash FROM accounts"
        )
    }
    assert set(stored) == {"clerk1", "clerk2", "chief1", "alice"}
    assert stored["alice"][:3] == ("330102", "甲", "supervisor")
    assert stored["clerk1"][3].startswith("pbkdf2_sha256$")


@pytest.mark.parametrize(
    ("account", "message"),
    [
        ("bob:330105:乙", "属于拱墅区发展改革和经济信息化局（330105），但本服务的登记簿属于"),
        ("bob:330102:乙:boss", "角色应为 clerk"),
    ],
)
def test_config_refuses_an_account_of_another_office(tmp_path, account, message):
    db = tmp_path / "330102.db"
    run("init", str(db), "--office", "330102")
    env = {"INTAKE_PASSWORD_BOB": "west-lake-2023"}
    result = run("config", str(db), "-o", str(tmp_path / "d.yaml"), "--account", account, env=env)
    assert result.exit_code != 0
    assert message in result.output


def test_config_refuses_a_weak_password(tmp_path):
    db = tmp_path / "330102.db"
    run("init", str(db), "--office", "330102")
    env = {"INTAKE_PASSWORD_BOB": "short"}
    result = run(
        "config", str(db), "-o", str(tmp_path / "d.yaml"), "--account", "bob:330102", env=env
    )
    assert result.exit_code == 1 and "至少10个字符" in result.output


def test_serve_refuses_a_register_copied_under_another_office_name(tmp_path):
    """拱墅区's register copied to 330102.db is not 上城区's: serving does not start."""
    real = tmp_path / "330102.db"
    run("init", str(real), "--office", "330102")
    env = {"DEMO_PASSWORD_CLERK1": "pw-one-1234"}
    assert (
        run("config", str(real), "-o", str(tmp_path / "d.yaml"), "--demo", env=env).exit_code == 0
    )
    other = tmp_path / "elsewhere" / "330105.db"
    run("init", str(other), "--office", "330105")
    real.unlink()
    for suffix in ("-wal", "-shm"):
        Path(f"{real}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(other, real)
    result = run("serve", str(real), "-c", str(tmp_path / "d.yaml"), "-p", "1")
    assert result.exit_code == 1
    assert "拒绝启动登记簿服务" in result.output
    assert (
        "登记簿 330102 的 register 表写明属于拱墅区发展改革和经济信息化局（330105）"
        in result.output
    )
    assert "账号 clerk1（收件员一）属于上城区" in result.output
