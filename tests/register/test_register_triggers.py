"""Migration m0202_lean_triggers: cheaper triggers, the same rules, messages and audit trail.

Each case is written to a register as m0100_core left it (one trigger per rule) and to a
current register; a clerk (or an API user) must see the same outcome and the same audit log.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from intake_helpers import id_number

from datasette_plugins.intake.schema import migrate
from datasette_plugins.intake.schema.actor import acting_as
from datasette_plugins.intake.schema.registers import init_register

OFFICE = "330102"
UNIT_ID = f"{OFFICE}-U-UNIT00000000000000000000001"
BATCH_ID = f"{OFFICE}-B-BATCH0000000000000000000001"
GOOD_ID = id_number("33010219800517001")


def old_register(path: Path, monkeypatch: pytest.MonkeyPatch) -> sqlite3.Connection:
    """A register created before m0202 (m0100_core and m0201_sync_tracking only)."""
    with monkeypatch.context() as patch:
        patch.setattr(migrate, "migration_names", lambda: ["m0100_core", "m0201_sync_tracking"])
        return init_register(path, OFFICE)


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
def registers(tmp_path: Path, monkeypatch) -> Iterator[tuple[sqlite3.Connection, ...]]:
    old = old_register(tmp_path / "old.db", monkeypatch)
    new = init_register(tmp_path / "new.db", OFFICE)
    for conn in (old, new):
        add_parents(conn)
    yield old, new
    old.close()
    new.close()


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


BAD_ROWS = [
    ("a good row", {}),
    ("wrong check character", {"id_number": GOOD_ID[:17] + ("1" if GOOD_ID[17] == "0" else "0")}),
    ("birth date that does not exist", {"id_number": id_number("33010219810229001")}),
    ("born in the future", {"id_number": id_number("33010220990101001")}),
    ("born before 1900", {"id_number": id_number("33010218990101001")}),
    ("bad date and bad check character", {"id_number": "330102198113290010"}),
    ("empty name", {"name": " "}),
    ("name with markup", {"name": "<b>张三</b>"}),
    ("name with markup and 31 copies", {"name": "<b>", "review_form_copies": 31}),
    ("negative copies", {"exceptional_form_copies": -1}),
    ("copies as text", {"review_form_copies": "三"}),
    ("破格 flag without 破格 route", {"exceptional": 1}),
    ("roster position 0", {"roster_position": 0}),
    ("unknown batch", {"batch_id": f"{OFFICE}-B-NOSUCHBATCH00000000000000"}),
    ("unknown unit and batch", {"batch_id": "x", "unit_id": "y"}),
    ("id of another office", {"id": "330105-A-PERSON00000000000000000001"}),
    ("office not a code", {"office": "hz", "name": ""}),
    ("everything wrong", {"id": "x", "office": None, "name": None, "review_form_copies": 99}),
]


@pytest.mark.parametrize(("case", "changes"), BAD_ROWS, ids=[c[0] for c in BAD_ROWS])
def test_the_rules_answer_as_before_the_migration(registers, case, changes):
    old, new = registers
    assert insert(new, applicant(**changes)) == insert(old, applicant(**changes))


@pytest.mark.parametrize(
    ("number", "words"),
    [
        # m0100 let the check character speak first even for a number of the wrong length
        ("3301021980051700", "身份证号格式错误"),
        ("33010219800517001x", "身份证号格式错误"),
        (None, "身份证号格式错误"),
    ],
)
def test_a_malformed_id_number_is_reported_as_malformed(registers, number, words):
    _, new = registers
    assert words in insert(new, applicant(id_number=number))


def test_duplicates_and_missing_actor_as_before(registers):
    for conn in registers:
        assert insert(conn, applicant(1)) == "ok"
    for row in (
        applicant(2),
        applicant(3, roster_position=1, id_number=id_number("11010519800517002")),
    ):
        assert insert(registers[1], row) == insert(registers[0], row)
    assert insert(registers[1], applicant(4), actor=None) == "写入登记簿必须注明操作人"


def audit(conn: sqlite3.Connection) -> list[tuple[object, ...]]:
    """The audit log, in order; a unit's created_at (the clock at its insert) left out."""
    return [
        (actor, action, table, row_id, without_clock(json.loads(changes)))
        for actor, action, table, row_id, changes in conn.execute(
            "SELECT actor, action, table_name, row_id, changes FROM audit_log ORDER BY rowid"
        )
    ]


def without_clock(changes: dict[str, object]) -> dict[str, object]:
    return {key: value for key, value in changes.items() if key != "created_at"}


def test_the_audit_log_records_the_same_changes(registers):
    for conn in registers:
        insert(conn, applicant(1))
        with acting_as("clerk2"):
            conn.execute(
                "UPDATE applicants SET note = '缺评审表', review_form_copies = 2 WHERE id = ?",
                (applicant(1)["id"],),
            )
            conn.execute("UPDATE applicants SET note = note WHERE id = ?", (applicant(1)["id"],))
            conn.execute("DELETE FROM applicants")
    old, new = (audit(conn) for conn in registers)
    assert new == old
    assert [entry[1] for entry in new[-4:]] == ["insert", "update", "update", "delete"]
    assert new[-3][4] == {"review_form_copies": [3, 2], "note": [None, "缺评审表"]}
    assert new[-2][4] == {}


def test_an_existing_register_upgrades_and_keeps_its_audit_log(tmp_path, monkeypatch):
    path = tmp_path / "r.db"
    conn = old_register(path, monkeypatch)
    add_parents(conn)
    insert(conn, applicant(1))
    before = audit(conn)
    conn.close()

    conn = init_register(path, OFFICE)  # applies m0202_lean_triggers
    assert "m0202_lean_triggers" in {r[0] for r in conn.execute("SELECT name FROM _migrations")}
    assert audit(conn) == before
    ids = [r[0] for r in conn.execute("SELECT id FROM audit_log ORDER BY rowid")]
    assert ids == list(range(1, len(before) + 1))
    assert "身份证号校验位错误" in insert(conn, applicant(2, id_number=GOOD_ID[:17] + "X"))
    assert insert(conn, applicant(2, id_number=id_number("33010219900101002"))) == "ok"
    assert audit(conn)[-1][:4] == ("clerk1", "insert", "applicants", applicant(2)["id"])
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with pytest.raises(sqlite3.IntegrityError, match="审计记录不可修改"):
        conn.execute("DELETE FROM audit_log")
