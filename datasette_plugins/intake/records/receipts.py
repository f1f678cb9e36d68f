"""What a receipt (回执) states: the batch, who received it, each paper item received or missing."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from ..domain.copies import CopyCheck, paper_clause
from ..domain.errors import IntakeError
from ..domain.offices import load_offices
from .store import batch_copy_check


@dataclass
class Receipt:
    batch: dict[str, object]
    unit: dict[str, object]
    office_name: str
    applicants: list[dict[str, object]]
    check: CopyCheck
    clause: str
    # People of this batch also registered in another batch of this register (each such pair is
    # an item of the review queue, anchored by the first applicant id of the group).
    same_person: list[dict[str, object]] = field(default_factory=list)

    @property
    def number(self) -> str:
        return receipt_text(str(self.batch.get("office")), self.batch.get("receipt_no"))


def receipt_text(office: str, number: object) -> str:
    """A receipt number as read over the phone: the office's short name and four digits
    (上城区-0042); "" for a batch without one (another office's, from before numbering)."""
    if number in (None, ""):
        return ""
    known = load_offices().get(office)
    short = known.short_name if known else office
    return f"{short}-{int(str(number)):04d}"


def _dict(row: sqlite3.Row | None) -> dict[str, object]:
    return {} if row is None else {key: row[key] for key in row.keys()}  # noqa: SIM118


def load_receipt(conn: sqlite3.Connection, batch_id: str) -> Receipt:
    batch = conn.execute("SELECT * FROM batches WHERE id = ?", (batch_id,)).fetchone()
    if batch is None:
        raise IntakeError("批次不存在", field="batch_id")
    unit = conn.execute("SELECT * FROM units WHERE id = ?", (batch["unit_id"],)).fetchone()
    people = [
        _dict(row)
        for row in conn.execute(
            "SELECT * FROM applicants WHERE batch_id = ? ORDER BY roster_position", (batch_id,)
        )
    ]
    office = load_offices().get(str(batch["office"]))
    same = [
        dict(row)
        for row in conn.execute(
            "SELECT a.name, o.batch_id, b.office, b.receipt_no, b.received_at, u.name AS unit,"
            " (SELECT min(id) FROM applicants WHERE id_number = a.id_number) AS first_id"
            " FROM applicants a JOIN applicants o ON o.id_number = a.id_number"
            " AND o.batch_id != a.batch_id JOIN batches b ON b.id = o.batch_id"
            " JOIN units u ON u.id = o.unit_id WHERE a.batch_id = ? ORDER BY a.roster_position",
            (batch_id,),
        )
    ]
    for item in same:
        item["receipt"] = receipt_text(str(item["office"]), item["receipt_no"])
        item["anchor"] = f"same-person-{item['first_id']}"
    return Receipt(
        batch=_dict(batch),
        unit=_dict(unit),
        office_name=office.name if office else str(batch["office"]),
        applicants=people,
        check=batch_copy_check(conn, batch_id),
        clause=paper_clause(),
        same_person=same,
    )
