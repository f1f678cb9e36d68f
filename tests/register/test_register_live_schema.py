"""The live schema: triggers generated from the rules, installed after the frozen migrations.

Row rules hold for every writer; rules across rows or in time hold for clerks, commands and the
JSON API but not for sync actors (so that registers converge and the review queue gets the
rest). Every accepted write is in the audit log.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from intake_helpers import id_number

from datasette_plugins.intake.schema import live, migrate
from datasette_plugins.intake.schema.actor import acting_as
from datasette_plugins.intake.schema.checks import CONVERGING
from datasette_plugins.intake.schema.registers import init_register

OFFICE = "330102"
UNIT_ID = f"{OFFICE}-U-UNIT00000000000000000000001"
BATCH_ID = f"{OFFICE}-B-BATCH0000000000000000000001"
GOOD_ID = id_number("33010219800517001")


def add_parents(conn: sqlite3.Connection) -> None:
    with acting_as("clerk1"):
        conn.execute(
            "INSERT INTO units (id, office, name) VALUES (?, ?, '杭州某某丝绸有限公司')",
            (UNIT_ID, OFFICE),
        )
        conn.execute(
            "INSERT INTO batches (id, office, unit_id, received_at, clerk)"
            " VALUES (?, ?, ?, '2023-09-20T09:00:00+08:00', '王经办')",
            (BATCH_ID, OFFICE, UNIT_ID),
        )


@pytest.fixture
def conn(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    conn = init_register(tmp_path / "r.db", OFFICE)
    add_parents(conn)
    yield conn
    conn.close()


def applicant(n: int = 1, **changes: object) -> dict[str, object]:
    row: dict[str, object] = {
        "id": f"{OFFICE}-A-PERSON{n:020d}",
        "office": OFFICE,
        "batch_id": BATCH_ID,
        "unit_id": UNIT_ID,
        "name": "张三",
        "id_number": GOOD_ID,
        "route": "normal",
        "exceptional": 0,
        "roster_position": n,
        "review_form_copies": 3,
    }
    row.update(changes)
    return row


def insert(conn: sqlite3.Connection, row: dict[str, object], actor: str | None = "clerk1") -> str:
    """'ok' or the message the database answered with."""
    marks = ", ".join("?" for _ in row)
    try:
        with acting_as(actor):
            conn.execute(
                f"INSERT INTO applicants ({', '.join(row)}) VALUES ({marks})", tuple(row.values())
            )
    except sqlite3.IntegrityError as error:
        return str(error)
    return "ok"


# (case, changes, message for a clerk, refused for a sync actor too)
ROWS = [
    ("a good row", {}, "ok", False),
    ("wrong check character", {"id_number": GOOD_ID[:17] + ("1" if GOOD_ID[17] == "0" else "0")},
     "身份证号校验位错误", True),
    ("birth date that does not exist", {"id_number": id_number("33010219810229001")},
     "出生日期不存在", True),
    ("born in the future", {"id_number": id_number("33010220990101001")}, "年龄应在18至80岁", True),
    ("born before 1900", {"id_number": id_number("33010218990101001")}, "年龄应在18至80岁", True),
    ("lower-case x", {"id_number": id_number("11010519491231002").lower()}, "格式错误", True),
    ("full-width digit", {"id_number": "３" + GOOD_ID[1:]}, "格式错误", True),
    ("too short", {"id_number": GOOD_ID[:16]}, "格式错误", True),
    ("not text", {"id_number": int(GOOD_ID[:17])}, "格式错误", True),
    ("no 身份证号", {"id_number": None}, "格式错误", True),
    ("unknown province", {"id_number": id_number("99010219800101001")}, "省级行政区划", True),
    ("empty name", {"name": " "}, "请填写姓名", True),
    ("name with markup", {"name": "<b>张三</b>"}, "不允许的字符", True),
    ("name with a control character", {"name": "张\x1b三"}, "不允许的字符", True),
    ("name of 31 characters", {"name": "张" * 31}, "姓名不超过30个字", True),
    ("negative copies", {"exceptional_form_copies": -1}, "破格审批表份数应为0至20", True),
    ("copies as text", {"review_form_copies": "三"}, "评审表份数应为0至20", True),
    ("破格 flag without 破格 route", {"exceptional": 1}, "破格标记应与申报类型一致", True),
    ("unknown route", {"route": "vip"}, "申报类型应为", True),
    ("unknown status", {"status": "approved"}, "状态应为", True),
    ("roster position 0", {"roster_position": 0}, "花名册序号应为1至10000", True),
    ("id of another office", {"id": "330105-A-PERSON00000000000000000001"}, "记录编号", True),
    ("office not a code", {"office": "hz"}, "受理部门代码", True),
    ("everything wrong", {"id": "x", "office": None, "name": None, "review_form_copies": 99},
     "受理部门代码", True),
    # Rules across rows or of this register: sync converges, the review queue shows them.
    ("another office's row", {"id": "330105-A-PERSON00000000000000000001", "office": "330105"},
     "只能登记本受理部门的记录", False),
    ("unknown batch", {"batch_id": f"{OFFICE}-B-NOSUCHBATCH00000000000000"}, "所属批次不存在",
     not CONVERGING),
    ("unknown unit", {"unit_id": "y"}, "用人单位不存在", not CONVERGING),
    ("status other than expected", {"status": "forwarded"}, "新登记的申报人状态应为“待收件”",
     False),
]  # fmt: skip


@pytest.mark.parametrize(("case", "changes", "message", "sync_refused"), ROWS)
def test_the_rules_hold_for_clerks_and_row_rules_for_sync(
    conn, case, changes, message, sync_refused
):
    answer = insert(conn, applicant(**changes))
    assert message in answer
    if message == "ok":
        return
    count = conn.execute("SELECT count(*) FROM applicants").fetchone()[0]
    assert count == 0
    by_sync = insert(conn, applicant(**changes), actor="sync:330105")
    assert (by_sync != "ok") is sync_refused, by_sync


def test_rules_across_rows(conn):
    assert insert(conn, applicant(1)) == "ok"
    twice = applicant(2, roster_position=2)
    assert "同一人" in insert(conn, twice)
    taken = applicant(3, roster_position=1, id_number=id_number("11010519800517002"))
    assert "花名册序号不能重复" in insert(conn, taken)
    assert insert(conn, applicant(4), actor=None) == "写入登记簿必须注明操作人"
    # Once sync's importer converges them, a register receiving both by sync takes them.
    assert (insert(conn, twice, actor="sync:330105") == "ok") is CONVERGING
    assert (insert(conn, taken, actor="sync:330105") == "ok") is CONVERGING


def update(conn: sqlite3.Connection, sql: str, *params: object, actor: str = "clerk1") -> str:
    try:
        with acting_as(actor):
            conn.execute(sql, params)
    except sqlite3.IntegrityError as error:
        return str(error)
    return "ok"


def test_status_steps_and_forwarded_batches(conn):
    assert insert(conn, applicant(1)) == "ok"
    assert "不允许的状态变更" in update(
        conn, "UPDATE batches SET status = 'forwarded' WHERE id = ?", BATCH_ID
    )
    assert "材料不齐的批次不能标为" in update(
        conn, "UPDATE batches SET status = 'complete' WHERE id = ?", BATCH_ID
    )
    assert "材料不齐的申报人不能标为" in update(
        conn, "UPDATE applicants SET status = 'complete', review_form_copies = 2"
    )
    assert update(conn, "UPDATE applicants SET status = 'complete'") == "ok"
    assert (
        update(
            conn,
            "UPDATE batches SET status = 'complete', mandate_copies = 1, roster_copies = 1"
            " WHERE id = ?",
            BATCH_ID,
        )
        == "ok"
    )
    assert update(conn, "UPDATE batches SET status = 'forwarded' WHERE id = ?", BATCH_ID) == "ok"
    assert update(conn, "UPDATE applicants SET status = 'forwarded'") == "ok"
    assert "已转报" in update(conn, "DELETE FROM applicants")
    assert "已转报" in update(conn, "DELETE FROM batches")
    assert "已转报" in update(conn, "UPDATE batches SET note = 'x'")
    assert "已转报" in update(conn, "UPDATE applicants SET name = '李四'")
    assert "还有批次" in update(conn, "DELETE FROM units")
    assert conn.execute("SELECT count(*) FROM applicants").fetchone()[0] == 1
    # The origin's state, brought by sync, is applied whatever it is.
    assert update(conn, "UPDATE batches SET note = 'x'", actor="sync:330100") == "ok"


def test_the_receiving_time_is_bounded_by_the_notice_and_today(conn):
    sql = "UPDATE batches SET received_at = ? WHERE id = ?"
    assert "通知印发之日" in update(conn, sql, "2023-08-06T23:59:59+08:00", BATCH_ID)
    assert "不晚于现在" in update(conn, sql, "2099-01-01T09:00:00+08:00", BATCH_ID)
    assert "收件时间格式错误" in update(conn, sql, "2023-09-10 09:00", BATCH_ID)
    assert update(conn, sql, "2023-08-07T00:00:00+08:00", BATCH_ID) == "ok"
    # A bound that depends on today does not make unchanged old rows uneditable.
    assert update(conn, "UPDATE batches SET note = '补交' WHERE id = ?", BATCH_ID) == "ok"


def audit(conn: sqlite3.Connection) -> list[tuple[object, ...]]:
    return [
        (actor, action, table, row_id, json.loads(changes))
        for actor, action, table, row_id, changes in conn.execute(
            "SELECT actor, action, table_name, row_id, changes FROM audit_log ORDER BY rowid"
        )
    ]


def test_the_audit_log_records_every_change(conn):
    insert(conn, applicant(1))
    with acting_as("clerk2"):
        conn.execute(
            "UPDATE applicants SET note = '缺评审表', review_form_copies = 2 WHERE id = ?",
            (applicant(1)["id"],),
        )
        conn.execute("UPDATE applicants SET note = note WHERE id = ?", (applicant(1)["id"],))
        conn.execute("DELETE FROM applicants")
    entries = audit(conn)
    assert [entry[:2] for entry in entries[-4:]] == [
        ("clerk1", "insert"), ("clerk2", "update"), ("clerk2", "update"), ("clerk2", "delete"),
    ]  # fmt: skip
    assert entries[-3][4] == {"review_form_copies": [3, 2], "note": [None, "缺评审表"]}
    assert entries[-2][4] == {}
    with pytest.raises(sqlite3.IntegrityError, match="审计记录不可修改"):
        conn.execute("DELETE FROM audit_log")
    with pytest.raises(sqlite3.IntegrityError, match="不可更改"):
        conn.execute("UPDATE register SET office = '330105'")
    with pytest.raises(sqlite3.IntegrityError, match="不可删除"):
        conn.execute("DELETE FROM register")


def test_live_triggers_are_brought_up_to_date(conn):
    assert live.install(conn) == []
    conn.execute("DROP TRIGGER applicants_checks_insert")
    conn.execute("CREATE TRIGGER batches_checks_update BEFORE UPDATE ON batches BEGIN SELECT 1; END"
                 .replace("batches_checks_update", "stale_trigger"))  # fmt: skip
    changed = live.install(conn)
    assert set(changed) == {"applicants_checks_insert", "stale_trigger"}
    assert live.installed_triggers(conn) == live.live_triggers()
    assert "校验位错误" in insert(conn, applicant(id_number=GOOD_ID[:17] + "X"))


def old_register(path: Path, monkeypatch: pytest.MonkeyPatch) -> sqlite3.Connection:
    """A register as m0100_core and m0201_sync_tracking left it (before this round)."""
    with monkeypatch.context() as patch:
        patch.setattr(migrate, "migration_names", lambda: ["m0100_core", "m0201_sync_tracking"])
        patch.setattr(live, "install", lambda conn: [])
        return init_register(path, OFFICE)


def test_an_existing_register_upgrades_and_keeps_its_audit_log(tmp_path, monkeypatch):
    path = tmp_path / "r.db"
    conn = old_register(path, monkeypatch)
    add_parents(conn)
    assert insert(conn, applicant(1)) == "ok"
    before = [entry[:4] for entry in audit(conn)]
    conn.close()

    conn = init_register(path, OFFICE)
    applied = {r[0] for r in conn.execute("SELECT name FROM _migrations")}
    assert {"m0101_rules_across_rows", "m0202_lean_triggers"} <= applied
    assert [entry[:4] for entry in audit(conn)] == before
    ids = [r[0] for r in conn.execute("SELECT id FROM audit_log ORDER BY rowid")]
    assert ids == list(range(1, len(before) + 1))
    assert live.installed_triggers(conn) == live.live_triggers()
    assert "身份证号校验位错误" in insert(conn, applicant(2, id_number=GOOD_ID[:17] + "X"))
    assert insert(conn, applicant(2, id_number=id_number("33010219900101002"))) == "ok"
    assert audit(conn)[-1][:4] == ("clerk1", "insert", "applicants", applicant(2)["id"])
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
