"""Who may see and write what: anonymous, clerks of two offices, SQL writes, tokens, CSRF."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest
from intake_helpers import UNIT, cookies, id_number

from datasette_plugins.intake.web.state import state

PAGES = [
    "/",
    "/330102",
    "/330102/applicants",
    "/330102/applicants/330102-A-X",
    "/330102/-/query?sql=select+*+from+applicants",
    "/-/intake/330102",
    "/-/intake/330102/receive",
    "/-/intake/330102/applicants?q=张",
    "/-/intake/330102/dashboard",
    "/-/intake/account",
]
DATA = ["/330102/applicants.json", "/330102/audit_log.json", "/330102.json", "/-/actor.json"]


@pytest.mark.parametrize("path", PAGES)
async def test_anonymous_visitors_are_sent_to_the_chinese_login_page(ds, path):
    response = await ds.client.get(path)
    assert response.status_code == 302
    assert response.headers["location"].startswith("/-/intake/login")
    login = await ds.client.get(response.headers["location"])
    assert login.status_code == 200
    assert '<html lang="zh-CN">' in login.text and "<main" in login.text
    assert "用户名" in login.text and "密码" in login.text and "Log in" not in login.text


@pytest.mark.parametrize("path", DATA)
async def test_anonymous_data_requests_get_nothing(ds, path):
    response = await ds.client.get(path)
    assert response.status_code in (403, 200)
    assert "张" not in response.text and "330102-A-" not in response.text
    if path != "/-/actor.json":
        assert response.status_code == 403


@pytest.mark.parametrize(
    ("actor", "database", "status"),
    [
        ("clerk1", "330102", 200),
        ("clerkb", "330102", 403),  # 拱墅区 clerk, 上城区 register
        ("clerk1", "330105", 403),
        ("boss", "330100", 200),
    ],
)
async def test_clerks_see_only_their_own_office(ds, actor, database, status):
    response = await ds.client.get(f"/{database}/applicants.json", cookies=cookies(ds, actor))
    assert response.status_code == status


async def _api_insert(ds, database, table, row, actor=None, token=None):
    headers = {"content-type": "application/json"}
    if token:
        headers["authorization"] = f"Bearer {token}"
    return await ds.client.post(
        f"/{database}/{table}/-/insert",
        json={"row": row},
        headers=headers,
        cookies=cookies(ds, actor) if actor else None,
    )


def _unit_row(office: str, suffix: str) -> dict[str, str]:
    return {
        "id": f"{office}-U-API{suffix}",
        "office": office,
        "name": f"杭州接口{suffix}纺织有限公司",
    }


async def test_clerk_of_office_a_cannot_write_office_b(ds, registers):
    refused = await _api_insert(ds, "330102", "units", _unit_row("330102", "B1"), actor="clerkb")
    assert refused.status_code == 403
    form = await ds.client.post(
        "/-/intake/330102/receive",
        data={"unit": UNIT, "a_name": "张三", "a_id_number": id_number("33010219800101001")},
        cookies=cookies(ds, "clerkb"),
    )
    assert form.status_code == 403
    assert "无权" in form.text
    conn = sqlite3.connect(registers.files["330102"])
    assert conn.execute("SELECT count(*) FROM units WHERE id LIKE '%APIB1'").fetchone()[0] == 0


async def test_clerk_writes_own_register_through_the_json_api_with_audit(ds, registers):
    response = await _api_insert(ds, "330102", "units", _unit_row("330102", "C1"), actor="clerk1")
    assert response.status_code == 201, response.text
    conn = sqlite3.connect(registers.files["330102"])
    actor = conn.execute(
        "SELECT actor FROM audit_log WHERE row_id = '330102-U-APIC1' AND action = 'insert'"
    ).fetchone()
    assert actor == ("clerk1",)


@pytest.mark.parametrize(
    "sql",
    [
        "insert into units (id, office, name) values ('330102-U-SQL1', '330102', 'x')",
        "update applicants set name = 'x'",
        "delete from audit_log",
    ],
)
async def test_clerk_cannot_run_arbitrary_sql_writes(ds, registers, sql):
    response = await ds.client.post(
        "/330102/-/execute-write", json={"sql": sql}, cookies=cookies(ds, "clerk1")
    )
    assert response.status_code == 403
    get = await ds.client.get(
        "/330102/-/query.json", params={"sql": sql}, cookies=cookies(ds, "clerk1")
    )
    assert get.status_code in (400, 403)
    conn = sqlite3.connect(registers.files["330102"])
    assert conn.execute("SELECT count(*) FROM units WHERE id = '330102-U-SQL1'").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM applicants WHERE name = 'x'").fetchone()[0] == 0


@pytest.mark.parametrize("table", ["audit_log", "register", "_migrations"])
async def test_bookkeeping_tables_are_not_writable_through_the_api(ds, table):
    row = {"id": "330102-E-FAKE", "office": "330102", "name": "x"}
    response = await _api_insert(ds, "330102", table, row, actor="clerk1")
    assert response.status_code in (400, 403)


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("_sync_state/1/-/update", {"update": {"applying": 2}}),
        ("_sync_keys/330105/-/delete", {}),
        ("sync_log/-/insert", {"row": {"logged_at": "x", "action": "x", "outcome": "x"}}),
    ],
)
async def test_sync_bookkeeping_is_not_writable_through_the_api(ds, registers, path, body):
    def state() -> tuple[int, int]:
        conn = sqlite3.connect(registers.files["330102"])
        sql = "SELECT applying, (SELECT count(*) FROM sync_log) FROM _sync_state"
        return conn.execute(sql).fetchone()

    before = state()
    response = await ds.client.post(
        f"/330102/{path}", json=body, cookies=cookies(ds, "clerk1"),
        headers={"content-type": "application/json"},
    )  # fmt: skip
    assert response.status_code == 403, response.text
    assert state() == before == (0, before[1])


def _token(ds, username: str, scope: str = "write", days: float = 1) -> str:
    _id, secret = state(ds).store.create_token(
        username, "测试", "330102" if username != "clerkb" else "330105", scope,
        timedelta(days=days), "127.0.0.1",
    )  # fmt: skip
    return secret


async def test_token_writes_are_audited_with_the_actor(ds, registers):
    token = _token(ds, "clerk1")
    response = await _api_insert(ds, "330102", "units", _unit_row("330102", "T1"), token=token)
    assert response.status_code == 201, response.text
    conn = sqlite3.connect(registers.files["330102"])
    audit = conn.execute(
        "SELECT actor, action FROM audit_log WHERE row_id = '330102-U-APIT1'"
    ).fetchone()
    assert audit == ("clerk1#token", "insert")
    # A read-only token may read but not write.
    reader = _token(ds, "clerk1", "read")
    headers = {"authorization": f"Bearer {reader}"}
    assert (await ds.client.get("/330102/units.json", headers=headers)).status_code == 200
    other = await ds.client.post(
        "/330102/units/-/insert", json={"row": _unit_row("330102", "T3")}, headers=headers
    )
    assert other.status_code == 403


async def test_token_of_another_office_cannot_write(ds):
    token = _token(ds, "clerkb")
    response = await _api_insert(ds, "330102", "units", _unit_row("330102", "T2"), token=token)
    assert response.status_code == 403


async def test_tokens_expire_and_can_be_revoked(ds, registers):
    store = state(ds).store
    token_id, secret = store.create_token(
        "clerk1", "一次性", "330102", "read", timedelta(days=365), "127.0.0.1"
    )
    listed = {t.id: t for t in store.tokens("clerk1")}[token_id]
    assert listed.expires_at - listed.created_at == pytest.approx(30 * 86400)  # at most 30 days
    headers = {"authorization": f"Bearer {secret}"}
    assert (await ds.client.get("/330102/units.json", headers=headers)).status_code == 200
    assert store.revoke_token("clerk1", token_id, "127.0.0.1")
    assert (await ds.client.get("/330102/units.json", headers=headers)).status_code == 403
    expired = _token(ds, "clerk1", "read", days=-1)
    gone = await ds.client.get("/330102/units.json", headers={"authorization": f"Bearer {expired}"})
    assert gone.status_code == 403
    # Datasette's own signed tokens are switched off: one kind of token, listed and revocable.
    with pytest.raises(ValueError):
        await ds.create_token("clerk1")


def _applicant(conn: sqlite3.Connection, **changes: object) -> dict[str, object]:
    batch_id, unit_id = conn.execute("SELECT id, unit_id FROM batches LIMIT 1").fetchone()
    row = {
        "id": "330102-A-APIAPPLICANT1",
        "office": "330102",
        "batch_id": batch_id,
        "unit_id": unit_id,
        "name": "赵六",
        "id_number": id_number("33010219800101001"),
        "route": "normal",
        "exceptional": 0,
        "roster_position": 900,
        "review_form_copies": 3,
        "exceptional_form_copies": 0,
        "status": "expected",
    }
    row.update(changes)
    return row


API_BAD_ROWS = [
    ("wrong check digit", {"id_number": "330102198001010010"}, "校验位错误"),
    ("impossible birth date", {"id_number": id_number("33010219801301001")}, "出生日期不存在"),
    ("negative copies", {"review_form_copies": -3}, "评审表份数应为0至20"),
    ("absurd copies", {"exceptional_form_copies": 500}, "破格审批表份数应为0至20"),
    ("unknown unit", {"unit_id": "330102-U-NOPE"}, "用人单位不存在"),
    ("script name", {"name": "<img src=x onerror=alert(1)>"}, "不允许的字符"),
    ("foreign id prefix", {"id": "330105-A-XYZ123"}, "记录编号"),
    ("破格 flag mismatch", {"exceptional": 1}, "破格标记应与申报类型一致"),
]


@pytest.mark.parametrize(
    ("case", "changes", "message"), API_BAD_ROWS, ids=[c[0] for c in API_BAD_ROWS]
)
async def test_json_api_cannot_bypass_the_invariants(ds, registers, case, changes, message):
    conn = sqlite3.connect(registers.files["330102"])
    row = _applicant(conn, **changes)
    response = await _api_insert(ds, "330102", "applicants", row, actor="clerk1")
    assert response.status_code == 400
    assert message in " ".join(response.json()["errors"])
    assert (
        conn.execute("SELECT count(*) FROM applicants WHERE id = ?", (row["id"],)).fetchone()[0]
        == 0
    )


async def test_same_person_twice_in_a_batch_is_refused_by_the_database(ds, registers):
    conn = sqlite3.connect(registers.files["330102"])
    batch_id, number = conn.execute("SELECT batch_id, id_number FROM applicants LIMIT 1").fetchone()
    row = _applicant(conn, batch_id=batch_id, id_number=number)
    response = await _api_insert(ds, "330102", "applicants", row, actor="clerk1")
    assert response.status_code == 400
    assert "不能登记两次" in " ".join(response.json()["errors"])


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({"sec-fetch-site": "cross-site"}, 403),
        ({"origin": "https://evil.example"}, 403),
        ({"sec-fetch-site": "same-origin"}, 302),
    ],
)
async def test_cross_site_posts_are_refused(ds, registers, headers, status):
    response = await ds.client.post(
        "/-/intake/330102/units",
        data={"unit_name": "杭州跨站测试有限公司"},
        headers=headers,
        cookies=cookies(ds, "clerk1"),
    )
    assert response.status_code == status
