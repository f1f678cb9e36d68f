"""Finding applicants as a clerk types: by name, 身份证号 (whole, its start, or its last four or
more characters), unit, receipt number or batch, filtered by status.

Each kind of match is one indexed query that reads at most LIMIT + 1 rows (``m0103``): a
name's first characters (``applicants_name``), a 身份证号's start (``applicants_id_number``)
or last four characters (``applicants_id_last4``), a unit's name (units are few: scanned), a
receipt number (``batches_receipt_no``). A search therefore costs about the same on 100,000
applicants as on 100 (``scripts/bench-register``).
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

from ..domain import statuses
from ..domain.offices import load_offices

LIMIT = 50
MAX_QUERY = 40
_ID_CHARS = re.compile(r"[0-9]{0,17}[0-9X]", re.ASCII)
_RECEIPT = re.compile(r"(?:(\S+?)\s*-\s*)?0*([1-9][0-9]{0,5})", re.ASCII)
_BATCH_ID = re.compile(r"33[0-9]{4}-B-[0-9A-Z]{1,26}", re.ASCII)
_TOP = "\U0010ffff"


@dataclass
class Found:
    query: str
    status: str
    rows: list[dict[str, object]]
    more: bool  # more than LIMIT matched: type more to narrow it down

    @property
    def summary(self) -> str:
        if not self.query and not self.status:
            return f"最近登记的 {len(self.rows)} 人"
        if not self.rows:
            return "没有找到符合条件的申报人"
        if self.more:
            return f"找到超过 {LIMIT} 人，显示前 {LIMIT} 人；请输入更多内容缩小范围"
        return f"找到 {len(self.rows)} 人"


def normalize_query(raw: str) -> str:
    text = " ".join((raw or "").split())[:MAX_QUERY]
    compact = text.replace(" ", "")
    return compact.upper() if _ID_CHARS.fullmatch(compact.upper()) else text


def _office_codes(short: str | None) -> list[str] | None:
    """Office codes whose short name starts like ``short`` (上城, 上城区 …); None: any."""
    if not short:
        return None
    return [o.code for o in load_offices().values() if o.short_name.startswith(short)] or [""]


def _ids(conn: sqlite3.Connection, sql: str, params: list[object]) -> list[int]:
    return [row[0] for row in conn.execute(sql, params)]


def matching_rowids(conn: sqlite3.Connection, query: str, status: str) -> list[int]:
    """Rowids of matching applicants, most relevant kinds first (at most LIMIT + 1 each)."""
    where_status, extra = ("", []) if not status else (" AND status = ?", [status])
    where_a_status = where_status.replace("status", "a.status")
    limit = f" LIMIT {LIMIT + 1}"
    if not query:
        return _ids(
            conn,
            f"SELECT rowid FROM applicants WHERE 1{where_status} ORDER BY rowid DESC{limit}",
            extra,
        )
    found: list[int] = []
    compact = query.replace(" ", "")
    if _ID_CHARS.fullmatch(compact):
        if len(compact) >= 6:  # the start of a 身份证号
            found += _ids(
                conn,
                "SELECT rowid FROM applicants WHERE id_number >= ? AND id_number < ?"
                f"{where_status} ORDER BY id_number{limit}",
                [compact, compact + "~", *extra],
            )
        if len(compact) >= 4:  # its last characters
            found += _ids(
                conn,
                "SELECT rowid FROM applicants WHERE substr(id_number, 15) = ?"
                f" AND id_number LIKE ?{where_status}{limit}",
                [compact[-4:], "%" + compact, *extra],
            )
    receipt = _RECEIPT.fullmatch(query)
    if receipt and (receipt.group(1) or len(compact) <= 6):
        codes = _office_codes(receipt.group(1))
        office_filter = (
            "" if codes is None else f" AND b.office IN ({', '.join('?' for _ in codes)})"
        )
        found += _ids(
            conn,
            "SELECT a.rowid FROM batches b JOIN applicants a ON a.batch_id = b.id"
            f" WHERE b.receipt_no = ?{office_filter}{where_a_status}"
            f" ORDER BY b.office, a.roster_position{limit}",
            [int(receipt.group(2)), *(codes or []), *extra],
        )
    if _BATCH_ID.fullmatch(compact.upper()):
        found += _ids(
            conn,
            "SELECT rowid FROM applicants WHERE batch_id >= ? AND batch_id < ?"
            f"{where_status} ORDER BY batch_id, roster_position{limit}",
            [compact.upper(), compact.upper() + "~", *extra],
        )
    if not _ID_CHARS.fullmatch(compact):
        found += _ids(
            conn,
            f"SELECT rowid FROM applicants WHERE name >= ? AND name < ?{where_status}"
            f" ORDER BY name{limit}",
            [query, query + _TOP, *extra],
        )
        units = _ids(
            conn,
            "SELECT rowid FROM units WHERE instr(name, ?) > 0 ORDER BY name LIMIT 20",
            [query],
        )
        if units:
            marks = ", ".join("?" for _ in units)
            found += _ids(
                conn,
                f"SELECT a.rowid FROM applicants a WHERE a.unit_id IN"
                f" (SELECT id FROM units WHERE rowid IN ({marks})){where_a_status}{limit}",
                [*units, *extra],
            )
    unique: list[int] = []
    seen: set[int] = set()
    for rowid in found:
        if rowid not in seen:
            seen.add(rowid)
            unique.append(rowid)
    return unique


def search(conn: sqlite3.Connection, raw_query: str, status: str = "") -> Found:
    query = normalize_query(raw_query)
    status = status if status in statuses.APPLICANT_STATUSES else ""
    rowids = matching_rowids(conn, query, status)
    shown = rowids[:LIMIT]
    rows: list[dict[str, object]] = []
    if shown:
        marks = ", ".join("?" for _ in shown)
        details = {
            row["rowid"]: dict(row)
            for row in conn.execute(
                "SELECT a.rowid AS rowid, a.id, a.name, a.id_number, a.route, a.status,"
                " a.roster_position, a.batch_id, b.office, b.receipt_no, b.received_at,"
                " u.name AS unit FROM applicants a JOIN batches b ON b.id = a.batch_id"
                f" JOIN units u ON u.id = a.unit_id WHERE a.rowid IN ({marks})",
                shown,
            )
        }
        rows = [details[rowid] for rowid in shown if rowid in details]
    return Found(query, status, rows, len(rowids) > LIMIT)


def masked(id_number: object) -> str:
    """A 身份证号 as lists show it: area and last four characters (330102********123X)."""
    text = str(id_number or "")
    return text[:6] + "*" * 8 + text[14:] if len(text) == 18 else text
