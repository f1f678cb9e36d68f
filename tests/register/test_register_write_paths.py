"""Every table × every write endpoint: each write is refused (and nothing changes) or audited.

The tables are read from the register itself, so a table added later (by any stream) is in the
matrix without editing this file. The endpoints are every write route of Datasette 1.0a41 (row
insert, upsert, update, delete; table alter, drop, column type; database create, arbitrary SQL
write, stored queries, a write through the query page) and the register's own pages. Writers:
a clerk's session (as the browser sends it, same-origin), a clerk's read-write API token, a
supervisor's session, and a clerk of another office. A write that was accepted must have
changed only the synced tables (and sync's version bookkeeping its triggers keep), with one
audit row per changed row naming the writer. (The third write path, a sync import, is audited
with the sending office as actor: tests/sync/test_exchange.py.)
"""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from intake_helpers import UNIT, cookies, id_number

from datasette_plugins.intake.schema.tables import SYNCED_TABLES
from datasette_plugins.intake.web.state import state

# Bookkeeping that sync's own triggers keep for every change of a synced table.
TRACKING = {"_sync_versions", "_sync_state"}
# The review queue's decisions (sync's synced, audited table): written by its resolve action only.
DECISIONS = {"review_decisions"}
DB = "330102"


def tables(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                " ORDER BY name"
            )
        ]
    finally:
        conn.close()


def snapshot(path: Path) -> dict[str, str]:
    """A digest of every table's content (and the schema), to see what a request changed."""
    conn = sqlite3.connect(path)
    try:
        digests = {}
        for table in tables(path):
            rows = sorted(repr(row) for row in conn.execute(f'SELECT * FROM "{table}"'))
            digests[table] = hashlib.sha256(repr(rows).encode()).hexdigest()
        schema = conn.execute("SELECT group_concat(sql, ';') FROM sqlite_master").fetchone()[0]
        digests["(schema)"] = hashlib.sha256(schema.encode()).hexdigest()
        return digests
    finally:
        conn.close()


def audit_since(path: Path, last_id: int) -> list[tuple[str, str, str, str]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(
            "SELECT actor, action, table_name, row_id FROM audit_log WHERE id > ? ORDER BY id",
            (last_id,),
        ).fetchall()
    finally:
        conn.close()


def last_audit(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT coalesce(max(id), 0) FROM audit_log").fetchone()[0]
    finally:
        conn.close()


def some_row(path: Path, table: str) -> tuple[str, dict[str, object]]:
    """The URL key of one row of ``table`` (its primary key, or its rowid) and the row."""
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    try:
        info = sorted(conn.execute(f'PRAGMA table_info("{table}")'), key=lambda r: r[5])
        pks = [r[1] for r in info if r[5]]
        # A unit with no batches, so that deleting it is possible for a clerk.
        order = "1"
        if table == "units":
            order = "(SELECT count(*) FROM batches b WHERE b.unit_id = units.id)"
        rowid = "" if pks else "rowid AS __rowid, "
        row = conn.execute(f'SELECT {rowid}* FROM "{table}" ORDER BY {order} LIMIT 1').fetchone()
        if row is None:
            return "1", {}
        data = {k: row[k] for k in row.keys() if k != "__rowid"}  # noqa: SIM118
        key = ",".join(quote(str(data[pk]), safe="") for pk in pks) if pks else str(row["__rowid"])
        return key, data
    finally:
        conn.close()


def new_rows(path: Path) -> dict[str, dict[str, object]]:
    """A valid new row for each synced table (the rules would accept it from a clerk)."""
    conn = sqlite3.connect(path)
    try:
        unit_id = conn.execute("SELECT id FROM units WHERE name = ?", (UNIT,)).fetchone()[0]
        batch_id = conn.execute(
            "SELECT id FROM batches WHERE status = 'received' OR status = 'incomplete' LIMIT 1"
        ).fetchone()[0]
    finally:
        conn.close()
    return {
        "units": {
            "id": f"{DB}-U-MATRIXUNIT0000000000000001", "office": DB,
            "name": "杭州矩阵纺织有限公司",
        },
        "batches": {
            "id": f"{DB}-B-MATRIXBATCH000000000000001", "office": DB, "unit_id": unit_id,
            "received_at": "2023-09-12T10:00:00+08:00", "clerk": "clerk1",
        },
        "applicants": {
            "id": f"{DB}-A-MATRIXPERSON00000000000001", "office": DB, "batch_id": batch_id,
            "unit_id": unit_id, "name": "矩阵", "id_number": id_number("33010219790203001"),
            "route": "normal", "exceptional": 0, "roster_position": 999,
        },
    }  # fmt: skip


def requests_for(path: Path, table: str) -> list[tuple[str, str, dict | None, str | None]]:
    """(label, url, json body, form body) of every write endpoint for ``table``."""
    key, row = some_row(path, table)
    synced = table in SYNCED_TABLES
    column = next(iter(row), "x")
    new = new_rows(path).get(table) or {column: "x"}
    change = {"note": "矩阵修改"} if synced else {column: "x"}
    t = quote(table)
    sql = f'UPDATE "{table}" SET "{column}" = "{column}"'
    return [
        ("insert", f"/{DB}/{t}/-/insert", {"row": new}, None),
        ("upsert", f"/{DB}/{t}/-/upsert", {"rows": [{**row, **change}] if row else [new]}, None),
        ("update", f"/{DB}/{t}/{key}/-/update", {"update": change}, None),
        ("delete", f"/{DB}/{t}/{key}/-/delete", {}, None),
        ("alter", f"/{DB}/{t}/-/alter", {"add_columns": [{"name": "evil"}]}, None),
        ("set-column-type", f"/{DB}/{t}/-/set-column-type", {"column": column, "type": "x"}, None),
        ("drop", f"/{DB}/{t}/-/drop", {"confirm": True}, None),
        ("execute-write", f"/{DB}/-/execute-write", {"sql": sql}, None),
        ("execute-write delete", f"/{DB}/-/execute-write", {"sql": f'DELETE FROM "{table}"'}, None),
        ("query page", f"/{DB}/-/query", None, urlencode({"sql": sql})),
        (
            "store query",
            f"/{DB}/-/queries/store",
            {"name": "evil", "sql": sql, "write": True},
            None,
        ),
        ("create", f"/{DB}/-/create", {"table": f"{table}_copy", "row": {"x": 1}}, None),
    ]


WRITERS = ["clerk session", "clerk token", "supervisor session", "other office's clerk"]


def credentials(ds, writer: str) -> tuple[dict[str, str], dict[str, str], str]:
    """(cookies, headers, the actor the audit log must name) of a writer."""
    if writer == "clerk session":
        return cookies(ds, "clerk1"), {"sec-fetch-site": "same-origin"}, "clerk1"
    if writer == "supervisor session":
        return cookies(ds, "chief"), {"sec-fetch-site": "same-origin"}, "chief"
    office_clerk, db = ("clerk1", DB) if writer == "clerk token" else ("clerkb", "330105")
    _id, secret = state(ds).store.create_token(
        office_clerk, "矩阵", db, "write", timedelta(hours=1), "127.0.0.1"
    )
    return {}, {"authorization": f"Bearer {secret}"}, f"{office_clerk}#token"


@pytest.mark.parametrize("writer", WRITERS)
async def test_every_table_and_write_endpoint_is_refused_or_audited(ds, registers, writer):
    path = registers.files[DB]
    outcomes = []
    for table in tables(path):
        for label, url, body, form in requests_for(path, table):
            jar, headers, actor = credentials(ds, writer)
            before, audit_mark = snapshot(path), last_audit(path)
            if form is not None:
                response = await ds.client.post(
                    url, content=form.encode(), cookies=jar,
                    headers={**headers, "content-type": "application/x-www-form-urlencoded"},
                )  # fmt: skip
            else:
                response = await ds.client.post(url, json=body, cookies=jar, headers=headers)
            after = snapshot(path)
            changed = {name for name in after if after[name] != before.get(name)}
            audited = audit_since(path, audit_mark)
            case = (table, label, response.status_code)
            if response.status_code >= 400 or not changed:
                assert not changed, ("refused but changed", case, changed)
                outcomes.append((table, label, "refused"))
                continue
            assert changed <= {*SYNCED_TABLES, "audit_log", *TRACKING}, ("wrote", case, changed)
            assert table in SYNCED_TABLES and writer != "other office's clerk", case
            assert audited, ("accepted without an audit row", case)
            assert {a[0] for a in audited} == {actor}, (case, audited)
            assert {a[2] for a in audited} <= set(SYNCED_TABLES), (case, audited)
            outcomes.append((table, label, "audited"))
    # A clerk's and a supervisor's new rows of every synced table went through (audited).
    accepted = {(table, label) for table, label, outcome in outcomes if outcome == "audited"}
    if writer != "other office's clerk":
        assert {(table, "insert") for table in SYNCED_TABLES} <= accepted, outcomes


def open_batch(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(
            "SELECT id FROM batches WHERE status IN ('received', 'complete', 'incomplete') LIMIT 1"
        ).fetchone()[0]
    finally:
        conn.close()


# Every write of the register's own pages and of the review queue's resolve action.
PAGE_WRITES = [
    ("receive", lambda path: "/-/intake/{db}/receive", lambda path: {
        "unit": UNIT, "mandate_copies": "1", "roster_copies": "1", "a_name": "页面",
        "a_id_number": id_number("33010219790304001"), "a_route": "normal", "a_review": "3",
    }),
    ("units", lambda path: "/-/intake/{db}/units",
     lambda path: {"unit_name": "杭州页面测试纺织有限公司"}),
    ("status", lambda path: "/-/intake/{db}/status/" + open_batch(path),
     lambda path: {"status": "returned", "reason": "材料缺页，退回补正"}),
    ("review decide", lambda path: "/-/intake/{db}/review/act", lambda path: {
        "action": "decide", "item": "same-person-x", "value": "dismiss", "note": "矩阵",
    }),
]  # fmt: skip


@pytest.mark.parametrize(("label", "url", "form"), PAGE_WRITES, ids=[p[0] for p in PAGE_WRITES])
@pytest.mark.parametrize("db", [DB, "330105"])
async def test_the_register_pages_write_only_their_own_register_and_audit_it(
    ds, registers, label, url, form, db
):
    path = registers.files[db]
    before, mark = snapshot(path), last_audit(path)
    response = await ds.client.post(
        url(path).format(db=db), data=form(path), cookies=cookies(ds, "clerk1"),
        headers={"sec-fetch-site": "same-origin"},
    )  # fmt: skip
    changed = {n for n, d in snapshot(path).items() if d != before.get(n)}
    if db != DB:  # 上城区's clerk, 拱墅区's register
        assert response.status_code == 403 and not changed
        return
    assert response.status_code == 302, response.text[:500]
    assert "error=" not in response.headers["location"], response.headers["location"]
    assert changed <= {*SYNCED_TABLES, *DECISIONS, "audit_log", *TRACKING}
    assert changed & {*SYNCED_TABLES, *DECISIONS}, (label, changed)
    assert {a[0] for a in audit_since(path, mark)} == {"clerk1"}
