"""Plain functions: 附件4 二 copy rules, 身份证号 checks, days left, migrations, ids."""

from __future__ import annotations

import random
import sqlite3
from datetime import date

import pytest
from intake_helpers import id_number

from datasette_plugins.intake.domain.copies import ApplicantCopies, check_copies
from datasette_plugins.intake.domain.errors import IntakeError
from datasette_plugins.intake.domain.idcards import invent_id_number, normalize_id_number
from datasette_plugins.intake.domain.ids import new_id, office_of
from datasette_plugins.intake.domain.offices import load_offices
from datasette_plugins.intake.records.dashboard import deadline
from datasette_plugins.intake.schema.migrate import apply_migrations, migration_names
from datasette_plugins.intake.schema.registers import RegisterError, init_register


def person(pos: int, exceptional: bool = False, review: int = 3, forms: int = 0) -> ApplicantCopies:
    return ApplicantCopies(
        pos, f"人{pos}", "exceptional" if exceptional else "normal", review, forms
    )


COPY_CASES = [
    # (description, mandate, roster, people, complete, missing, extra)
    ("everything present", 1, 1, [person(1), person(2, True, 3, 2)], True, 0, 0),
    ("no 委托书", 0, 1, [person(1)], False, 1, 0),
    ("two 花名册 is extra, still complete", 1, 2, [person(1)], True, 0, 1),
    ("评审表 short by one", 1, 1, [person(1, review=2)], False, 1, 0),
    ("破格 without 审批表", 1, 1, [person(1, True, 3, 0)], False, 1, 0),
    ("破格 with one 审批表", 1, 1, [person(1, True, 3, 1)], False, 1, 0),
    ("审批表 for a normal applicant is extra", 1, 1, [person(1, False, 3, 2)], True, 0, 1),
    ("gap in 花名册 numbering", 1, 1, [person(1), person(3)], False, 0, 0),
]


@pytest.mark.parametrize(
    ("case", "mandate", "roster", "people", "complete", "missing", "extra"),
    COPY_CASES,
    ids=[c[0] for c in COPY_CASES],
)
def test_paper_copies_of_attachment_4(case, mandate, roster, people, complete, missing, extra):
    check = check_copies(mandate, roster, people)
    assert check.complete is complete
    assert len(check.missing) == missing
    assert len(check.extra) == extra


ID_CASES = [
    (id_number("33010219800101001"), None),
    (id_number("11010519491231002").lower(), None),  # lower-case x is accepted
    ("33010219800101001", "应为18位"),
    ("3301021980010100AX", "应为18位"),
    (id_number("99010219800101001"), "省级行政区划"),
    (id_number("33010219800229001"), None),  # 1980 is a leap year
    (id_number("33010219810229001"), "出生日期不存在"),
    (id_number("33010218500101001"), "不合理"),
    (id_number("33010220200101001"), "不合理"),
    ("", "请填写身份证号"),
]


@pytest.mark.parametrize(("raw", "message"), ID_CASES)
def test_id_numbers(raw, message):
    today = date(2023, 9, 1)
    if message is None:
        assert normalize_id_number(raw, today) == raw.upper()
        return
    with pytest.raises(IntakeError, match=message):
        normalize_id_number(raw, today)


def test_wrong_check_character_is_refused():
    good = id_number("33010219800101001")
    bad = good[:-1] + ("1" if good[-1] != "1" else "2")
    with pytest.raises(IntakeError, match="校验位错误"):
        normalize_id_number(bad, date(2023, 9, 1))


def test_invented_numbers_are_valid():
    rng = random.Random(1)
    for _ in range(200):
        born = date(1960 + rng.randrange(35), 1 + rng.randrange(12), 1 + rng.randrange(28))
        number = invent_id_number(rng, "330106", born, rng.random() < 0.5)
        assert normalize_id_number(number, date(2023, 9, 1)) == number


@pytest.mark.parametrize(
    ("today", "text"),
    [
        (date(2023, 9, 1), "还剩 21 天"),
        (date(2023, 9, 21), "还剩 1 天"),
        (date(2023, 9, 22), "今天截止"),
        (date(2023, 9, 23), "已截止"),
        (date(2026, 1, 1), "已截止"),
    ],
)
def test_days_left_to_the_authority_review_deadline(today, text):
    assert deadline(today).text == text


def test_offices_include_the_committee_and_thirteen_districts():
    offices = load_offices()
    assert len(offices) == 14
    assert offices["330100"].is_committee
    assert offices["330102"].short_name == "上城区"
    assert offices["330182"].short_name == "建德市"


def test_ids_start_with_the_office():
    row_id = new_id("330105", "A")
    assert row_id.startswith("330105-A-") and len(row_id) == 9 + 26
    assert office_of(row_id) == "330105"


def test_migrations_apply_once_each(tmp_path):
    conn = init_register(tmp_path / "r.db", "330102")
    assert apply_migrations(conn) == []
    recorded = [r[0] for r in conn.execute("SELECT name FROM _migrations ORDER BY name")]
    assert recorded == migration_names()
    assert recorded[0] == "m0100_core"


def test_register_keeps_its_office(tmp_path):
    init_register(tmp_path / "r.db", "330102").close()
    with pytest.raises(RegisterError, match="属于受理部门 330102"):
        init_register(tmp_path / "r.db", "330105")
    with pytest.raises(ValueError, match="未知的受理部门代码"):
        init_register(tmp_path / "x.db", "999999")


def test_a_register_keeps_its_notice(tmp_path, monkeypatch):
    """A register records its notice; opened by a program of another notice it is refused (the
    2023 rules must not be replaced by another round's under it), by every way in."""
    from types import SimpleNamespace

    from click import ClickException

    from datasette_plugins.intake.cli.register_file import open_register
    from datasette_plugins.intake.domain.datafiles import notice
    from datasette_plugins.intake.schema import registers

    ours = notice().id
    conn = init_register(tmp_path / "r.db", "330102")
    assert registers.register_notice(conn) == ours
    conn.close()
    monkeypatch.setattr(registers, "notice", lambda: SimpleNamespace(id="test-2024-points"))
    refusal = f"该登记簿属于另一次评审（{ours}），本程序按 test-2024-points 工作"
    with pytest.raises(RegisterError, match=refusal):
        init_register(tmp_path / "r.db", "330102")
    with pytest.raises(ClickException, match=refusal):
        open_register(str(tmp_path / "r.db"))


def test_a_register_from_before_notices_were_recorded_takes_the_programs(tmp_path):
    from datasette_plugins.intake.domain.datafiles import notice
    from datasette_plugins.intake.schema.registers import register_notice, upgrade

    conn = init_register(tmp_path / "r.db", "330102")
    conn.execute("DROP TRIGGER register_fixed")  # as m0105 left it: no notice column
    conn.execute("ALTER TABLE register DROP COLUMN notice")
    conn.execute("DELETE FROM _migrations WHERE name = 'm0106_register_notice'")
    assert register_notice(conn) is None
    assert upgrade(conn) == ["m0106_register_notice"]
    assert register_notice(conn) == notice().id
    with pytest.raises(sqlite3.IntegrityError, match="不可更改"):  # fixed again
        conn.execute("UPDATE register SET notice = 'other'")


def test_writes_without_an_actor_are_refused(tmp_path):
    conn = init_register(tmp_path / "r.db", "330102")
    with pytest.raises(sqlite3.IntegrityError, match="必须注明操作人"):
        conn.execute(
            "INSERT INTO units (id, office, name) VALUES ('330102-U-X1234', '330102', 'x')"
        )


def test_audit_log_cannot_be_rewritten(tmp_path):
    from datasette_plugins.intake.schema.actor import acting_as

    conn = init_register(tmp_path / "r.db", "330102")
    with acting_as("t"):
        conn.execute(
            "INSERT INTO units (id, office, name) VALUES ('330102-U-X1234', '330102', 'x')"
        )
    with pytest.raises(sqlite3.IntegrityError, match="审计记录不可修改"):
        conn.execute("DELETE FROM audit_log")
    with pytest.raises(sqlite3.IntegrityError, match="审计记录不可修改"):
        conn.execute("UPDATE audit_log SET actor = 'someone else'")
