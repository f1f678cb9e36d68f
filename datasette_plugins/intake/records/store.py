"""Every write to a register: plain functions taking a connection and an actor.

Routes and commands only parse input and call these. Each function validates first (clear Chinese
IntakeError), then writes in one transaction; the database triggers enforce the same invariants
for every other write path.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TypeVar

from ..domain import clock, fields, statuses
from ..domain.copies import ApplicantCopies, CopyCheck, check_copies
from ..domain.errors import IntakeError, IntakeProblems, SamePersonElsewhere, from_database
from ..domain.idcards import normalize_id_number
from ..domain.ids import KIND_APPLICANT, KIND_BATCH, KIND_UNIT, new_id
from ..schema.actor import acting_as
from ..schema.connection import transaction
from ..schema.registers import register_office


@dataclass
class ApplicantInput:
    name: str
    id_number: str
    route: str = "normal"
    specialty: str = ""
    review_form_copies: object = 0
    route_form_copies: object = 0  # stored as exceptional_form_copies (domain/copies.py)
    position: object = None  # 花名册序号; default: order of the list
    id: str | None = None  # an existing row of this batch (from the 花名册 import)
    note: str = ""


@dataclass
class BatchInput:
    unit: str  # the unit's name (or id)
    mandate_copies: object = 0
    roster_copies: object = 0
    courier: str = ""
    note: str = ""
    received_at: str = ""
    applicants: list[ApplicantInput] = field(default_factory=list)
    batch_id: str | None = None  # receive paper for a batch created earlier (花名册 import)
    clerk_name: str = ""  # the name the receipt shows (default: the actor's id)
    # The clerk saw that someone is already in another batch of this register and confirms
    # (the pair then shows on the review queue).
    confirm_same_person: bool = False


T = TypeVar("T")


@contextmanager
def _writing(conn: sqlite3.Connection, actor: str) -> Iterator[sqlite3.Connection]:
    if not actor:
        raise IntakeError("必须注明操作人")
    try:
        with acting_as(actor), transaction(conn):
            yield conn
    except sqlite3.IntegrityError as error:
        raise from_database(error) from error
    except sqlite3.OperationalError as error:
        if "RAISE" in str(error) or any("\u4e00" <= ch <= "\u9fff" for ch in str(error)):
            raise from_database(error) from error
        raise


def _office(conn: sqlite3.Connection) -> str:
    office = register_office(conn)
    if office is None:
        raise IntakeError("这不是一个已初始化的受理登记簿（请先运行 datasette intake init）")
    return office


def _now() -> str:
    return clock.now_text()


def find_unit(conn: sqlite3.Connection, name_or_id: str) -> sqlite3.Row:
    key = (name_or_id or "").strip()
    if not key:
        raise IntakeError("请填写用人单位", field="unit")
    row = conn.execute(
        "SELECT * FROM units WHERE id = ? OR name = ? ORDER BY office = "
        "(SELECT office FROM register) DESC LIMIT 1",
        (key, key),
    ).fetchone()
    if row is None:
        raise IntakeError(f"用人单位“{key[:60]}”未登记，请先登记该单位", field="unit")
    return row


def add_unit(
    conn: sqlite3.Connection,
    actor: str,
    name: str,
    credit_code: str = "",
    contact: str = "",
    phone: str = "",
) -> str:
    clean = fields.required_text(name, fields.UNIT_NAME)
    code = fields.text(credit_code, fields.CREDIT_CODE)
    office = _office(conn)
    if conn.execute(
        "SELECT 1 FROM units WHERE office = ? AND name = ?", (office, clean)
    ).fetchone():
        raise IntakeError(f"用人单位“{clean}”已登记", field="unit_name")
    unit_id = new_id(office, KIND_UNIT)
    with _writing(conn, actor):
        conn.execute(
            "INSERT INTO units (id, office, name, credit_code, contact, phone)"
            " VALUES (?,?,?,?,?,?)",
            (
                unit_id,
                office,
                clean,
                code,
                fields.text(contact, fields.CONTACT),
                fields.text(phone, fields.PHONE),
            ),
        )
    return unit_id


@dataclass
class _CleanApplicant:
    id: str | None
    name: str
    id_number: str
    route: str
    specialty: str | None
    review: int
    route_forms: int
    position: int
    note: str | None


class _Problems:
    """Collects every bad value of a form instead of stopping at the first."""

    def __init__(self) -> None:
        self.found: list[IntakeError] = []

    def take(self, check: Callable[..., T], *args: object, row: int | None = None) -> T | None:
        try:
            return check(*args)
        except IntakeError as error:
            if row is not None:
                error.row = row
            self.found.append(error)
            return None

    def add(self, message: str, field: str, row: int | None = None) -> None:
        self.found.append(IntakeError(message, field=field, row=row))

    def raise_any(self) -> None:
        if self.found:
            raise IntakeProblems(self.found)


def _clean_applicants(
    items: Sequence[ApplicantInput], problems: _Problems | None = None
) -> list[_CleanApplicant]:
    own = problems or _Problems()
    cleaned: list[_CleanApplicant] = []
    seen_numbers: dict[str, int] = {}
    seen_positions: dict[int, int] = {}
    for row, item in enumerate(items, start=1):
        before = len(own.found)
        name = own.take(fields.required_text, item.name, fields.PERSON_NAME, row=row)
        number = own.take(normalize_id_number, item.id_number, row=row)
        route = own.take(fields.route, item.route, row=row)
        pos = (
            row
            if item.position in (None, "")
            else own.take(fields.position, item.position, row=row)
        )
        review = own.take(fields.copies, item.review_form_copies, fields.REVIEW_FORM, row=row)
        extra = own.take(fields.route_form_copies, item.route_form_copies, row=row)
        specialty = own.take(fields.text, item.specialty, fields.SPECIALTY, row=row)
        note = own.take(fields.text, item.note, fields.PERSON_NOTE, row=row)
        if number is not None and number in seen_numbers:
            own.add(
                f"与第{seen_numbers[number]}行是同一人（身份证号相同），同一批次不能登记两次",
                "id_number",
                row,
            )
        if pos is not None and pos in seen_positions:
            own.add(f"花名册序号 {pos} 与第{seen_positions[pos]}行重复", "roster_position", row)
        if len(own.found) > before:
            continue
        assert name and number and route and pos is not None
        seen_numbers[number] = row
        seen_positions[pos] = row
        cleaned.append(
            _CleanApplicant(
                item.id, name, number, route, specialty, review or 0, extra or 0, pos, note
            )
        )
    if problems is None:
        own.raise_any()
    return cleaned


def same_person_elsewhere(
    conn: sqlite3.Connection, batch_id: str | None, id_numbers: Sequence[str]
) -> list[dict[str, object]]:
    """People of ``id_numbers`` already registered in another batch of this register."""
    if not id_numbers:
        return []
    marks = ", ".join("?" for _ in id_numbers)
    return [
        dict(row)
        for row in conn.execute(
            "SELECT a.id, a.name, a.id_number, a.batch_id, b.office, b.receipt_no,"
            " b.received_at, b.status, u.name AS unit FROM applicants a"
            " JOIN batches b ON b.id = a.batch_id JOIN units u ON u.id = a.unit_id"
            f" WHERE a.id_number IN ({marks}) AND a.batch_id IS NOT ?"
            " ORDER BY a.id_number, b.received_at",
            (*id_numbers, batch_id),
        )
    ]


def batch_copy_check(conn: sqlite3.Connection, batch_id: str) -> CopyCheck:
    batch = conn.execute(
        "SELECT mandate_copies, roster_copies FROM batches WHERE id = ?", (batch_id,)
    ).fetchone()
    if batch is None:
        raise IntakeError("批次不存在", field="batch_id")
    people = [
        ApplicantCopies(r[0], r[1], r[2], r[3], r[4])
        for r in conn.execute(
            "SELECT roster_position, name, route, review_form_copies,"
            " exceptional_form_copies FROM applicants WHERE batch_id = ? ORDER BY roster_position",
            (batch_id,),
        )
    ]
    return check_copies(batch[0], batch[1], people)


def save_batch(conn: sqlite3.Connection, actor: str, data: BatchInput) -> str:
    """Record one delivery of paper (new batch, or the paper for a batch known from its 花名册).

    Sets each applicant's status and the batch status to complete/incomplete from the 附件4 二
    count. Returns the batch id. Stores nothing when any value is wrong.
    """
    office = _office(conn)
    problems = _Problems()
    mandate = problems.take(fields.copies, data.mandate_copies, fields.MANDATE) or 0
    roster = problems.take(fields.copies, data.roster_copies, fields.ROSTER) or 0
    courier = problems.take(fields.text, data.courier, fields.COURIER)
    note = problems.take(fields.text, data.note, fields.BATCH_NOTE)
    received = problems.take(fields.received_at, data.received_at)
    existing = None
    unit = None
    if data.batch_id:
        existing = conn.execute("SELECT * FROM batches WHERE id = ?", (data.batch_id,)).fetchone()
        if existing is None:
            problems.add("批次不存在", "batch_id")
        elif existing["status"] not in statuses.OPEN:
            problems.add("该批次已转报或已退回，不能再修改收件内容", "batch_id")
        else:
            unit = problems.take(find_unit, conn, existing["unit_id"])
    else:
        unit = problems.take(find_unit, conn, data.unit)
    people = _clean_applicants(data.applicants, problems)
    if not data.applicants and existing is None:
        problems.add("请至少登记一名申报人", "applicants")
    problems.raise_any()
    assert unit is not None
    if not data.confirm_same_person:
        found = same_person_elsewhere(conn, data.batch_id, [p.id_number for p in people])
        if found:
            raise SamePersonElsewhere(found)
    batch_id = data.batch_id or new_id(office, KIND_BATCH)
    clerk = data.clerk_name or actor
    with _writing(conn, actor):
        if existing is None:
            conn.execute(
                "INSERT INTO batches (id, office, unit_id, received_at, clerk, courier,"
                " mandate_copies, roster_copies, status, note) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (batch_id, office, unit["id"], received, clerk, courier, mandate, roster,
                 "received", note),
            )  # fmt: skip
        else:
            conn.execute(
                "UPDATE batches SET received_at = ?, clerk = ?, courier = ?, mandate_copies = ?,"
                " roster_copies = ?, note = coalesce(?, note) WHERE id = ?",
                (received, clerk, courier, mandate, roster, note, batch_id),
            )
        for person in people:
            values = (
                person.name, person.id_number, person.specialty, person.route,
                fields.route_flag(person.route), person.position, person.review,
                person.route_forms, person.note,
            )  # fmt: skip
            if person.id:
                cursor = conn.execute(
                    "UPDATE applicants SET name = ?, id_number = ?, specialty = ?, route = ?,"
                    " exceptional = ?, roster_position = ?, review_form_copies = ?,"
                    " exceptional_form_copies = ?, note = coalesce(?, note)"
                    " WHERE id = ? AND batch_id = ?",
                    (*values, person.id, batch_id),
                )
                if cursor.rowcount != 1:
                    raise IntakeError("申报人记录不属于该批次", field="id")
            else:
                conn.execute(
                    "INSERT INTO applicants (name, id_number, specialty, route, exceptional,"
                    " roster_position, review_form_copies, exceptional_form_copies, note,"
                    " id, office, batch_id, unit_id, status)"
                    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,'expected')",
                    (*values, new_id(office, KIND_APPLICANT), office, batch_id, unit["id"]),
                )
        _apply_copy_check(conn, clerk, batch_id)
    return batch_id


def _apply_copy_check(conn: sqlite3.Connection, clerk: str, batch_id: str) -> None:
    check = batch_copy_check(conn, batch_id)
    for row in conn.execute(
        "SELECT id, roster_position, status FROM applicants WHERE batch_id = ?", (batch_id,)
    ).fetchall():
        status = "complete" if check.applicant_complete(row[1]) else "incomplete"
        if row[2] != status:
            conn.execute("UPDATE applicants SET status = ? WHERE id = ?", (status, row[0]))
    status = "complete" if check.complete else "incomplete"
    conn.execute(
        "UPDATE batches SET status = ?, status_by = ?, status_at = ?, status_reason = NULL"
        " WHERE id = ? AND status != ?",
        (status, clerk, _now(), batch_id, status),
    )


def open_batch(
    conn: sqlite3.Connection, actor: str, unit: str, courier: str = "", note: str = ""
) -> str:
    """A batch announced by its 花名册 before the paper is counted (status received)."""
    office = _office(conn)
    unit_row = find_unit(conn, unit)
    batch_id = new_id(office, KIND_BATCH)
    with _writing(conn, actor):
        conn.execute(
            "INSERT INTO batches (id, office, unit_id, received_at, clerk, courier, note)"
            " VALUES (?,?,?,?,?,?,?)",
            (
                batch_id,
                office,
                unit_row["id"],
                _now(),
                actor,
                fields.text(courier, fields.COURIER),
                fields.text(note, fields.BATCH_NOTE),
            ),
        )
    return batch_id


@dataclass
class RosterRow:
    position: object
    name: str
    id_number: str
    unit: str
    specialty: str
    route: str


def import_roster(
    conn: sqlite3.Connection, actor: str, batch_id: str, rows: Sequence[RosterRow]
) -> int:
    """Add the people of a 花名册 to a batch as expected applicants (no copies yet)."""
    office = _office(conn)
    batch = conn.execute("SELECT * FROM batches WHERE id = ?", (batch_id,)).fetchone()
    if batch is None:
        raise IntakeError(f"批次“{batch_id[:40]}”不存在", field="batch_id")
    if batch["status"] not in statuses.OPEN:
        raise IntakeError("该批次已转报或已退回，不能再导入花名册", field="batch_id")
    if not rows:
        raise IntakeError("花名册中没有人员")
    people = _clean_applicants(
        [ApplicantInput(r.name, r.id_number, r.route, r.specialty, 0, 0, r.position) for r in rows]
    )
    units = []
    for number, row in enumerate(rows, start=1):
        try:
            units.append(find_unit(conn, row.unit)["id"])
        except IntakeError as error:
            error.row = number
            raise
    with _writing(conn, actor):
        for person, unit_id in zip(people, units, strict=True):
            conn.execute(
                "INSERT INTO applicants (id, office, batch_id, unit_id, name, id_number, specialty,"
                " route, exceptional, roster_position, status) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (new_id(office, KIND_APPLICANT), office, batch_id, unit_id, person.name,
                 person.id_number, person.specialty, person.route,
                 fields.route_flag(person.route), person.position, "expected"),
            )  # fmt: skip
    return len(people)


def set_batch_status(
    conn: sqlite3.Connection,
    actor: str,
    batch_id: str,
    status: str,
    reason: str = "",
    by_name: str = "",
) -> None:
    """Forward a complete batch to the 高评委办公室, return a batch to its unit (with a reason),
    or take a returned batch back in (received)."""
    batch = conn.execute("SELECT status FROM batches WHERE id = ?", (batch_id,)).fetchone()
    if batch is None:
        raise IntakeError("批次不存在", field="batch_id")
    if status not in statuses.ACTIONS:
        raise IntakeError("未知的状态", field="status")
    if not statuses.step_allowed(batch[0], status):
        raise IntakeError(statuses.REFUSED_STEP[status], field="status")
    if status == "returned":
        reason = fields.required_text(reason, fields.RETURN_REASON)
    else:
        reason = ""
    with _writing(conn, actor):
        conn.execute(
            "UPDATE batches SET status = ?, status_reason = ?, status_by = ?, status_at = ?"
            " WHERE id = ?",
            (status, reason or None, by_name or actor, _now(), batch_id),
        )
        people_status = statuses.applicant_status_for_batch(status)
        conn.execute(
            "UPDATE applicants SET status = ? WHERE batch_id = ? AND status != ?",
            (people_status, batch_id, people_status),
        )
