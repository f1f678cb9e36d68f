"""The clerk's own pages in Chinese: start page, receipt, applicants search, the same person in
another batch, error pages (404, 500, CSRF), no English and no traceback anywhere a clerk goes."""

from __future__ import annotations

import re
import sqlite3
import threading
from urllib.parse import urlencode

import pytest
from intake_helpers import UNIT, cookies, id_number

from datasette_plugins.intake.domain import clock
from datasette_plugins.intake.schema.connection import connect
from datasette_plugins.intake.web.state import state

DB = "330102"
SAME_ORIGIN = {"sec-fetch-site": "same-origin"}
GOOD = id_number("33010219800101001")
# English words Datasette's own pages would show; none may reach a clerk.
ENGLISH = re.compile(r"\b(Forbidden|Error|Log in|Log out|Not found|rows|Traceback|Username)\b")


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


async def post(ds, path, form, actor="clerk1"):
    return await ds.client.post(
        path, content=urlencode(form).encode(), cookies=cookies(ds, actor),
        headers={**SAME_ORIGIN, "content-type": "application/x-www-form-urlencoded"},
    )  # fmt: skip


def delivery(number: str = GOOD, **extra: str) -> list[tuple[str, str]]:
    pairs = [("unit", UNIT), ("mandate_copies", "1"), ("roster_copies", "1"),
             ("a_name", "张三"), ("a_id_number", number), ("a_route", "normal"),
             ("a_review", "3"), ("a_exceptional", "")]  # fmt: skip
    return pairs + list(extra.items())


async def test_the_receipt_names_the_clerk_the_local_time_and_a_short_number(ds, registers):
    saved = await post(ds, f"/-/intake/{DB}/receive", delivery(), actor="clerk2")
    assert saved.status_code == 302
    html = (await ds.client.get(saved.headers["location"], cookies=cookies(ds, "clerk1"))).text
    clerk = re.search(r'id="clerk">([^<]+)<', html).group(1)
    assert clerk == "clerk2"  # the fixture's display name is the user name; see below
    received = re.search(r'id="received-at"><time datetime="([^"]+)">([^<]+)<', html)
    assert re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}", received.group(2))
    assert received.group(1).endswith("+08:00")
    number = re.search(r'id="receipt-no">([^<]+)<', html).group(1)
    assert re.fullmatch(r"上城区-\d{4}", number)
    conn = sqlite3.connect(registers.files[DB])
    stored = conn.execute("SELECT max(receipt_no) FROM batches WHERE office = ?", (DB,)).fetchone()
    assert number == f"上城区-{stored[0]:04d}"
    assert not ENGLISH.search(visible_text(html))


async def test_receipts_show_the_display_name_not_the_account_id(ds, registers):
    from datasette_plugins.intake.accounts.passwords import hash_password
    from datasette_plugins.intake.accounts.store import Account
    from datasette_plugins.intake.web.state import state

    state(ds).store.put_account(Account("wangli", DB, "王丽", hash_password("x" * 12, 1000)))
    saved = await post(ds, f"/-/intake/{DB}/receive", delivery(), actor="wangli")
    html = (await ds.client.get(saved.headers["location"], cookies=cookies(ds, "wangli"))).text
    assert 'id="clerk">王丽<' in html and "wangli" not in visible_text(html).replace(
        "wangli", "", 0
    )


async def test_the_same_person_in_another_batch_needs_the_clerks_confirmation(ds, registers):
    conn = sqlite3.connect(registers.files[DB])
    known = conn.execute("SELECT id_number, name FROM applicants LIMIT 1").fetchone()
    before = conn.execute("SELECT count(*) FROM applicants").fetchone()[0]
    warned = await post(ds, f"/-/intake/{DB}/receive", delivery(known[0]))
    assert warned.status_code == 409
    assert "请核对：以下人员已在其他批次中登记" in warned.text and known[1] in warned.text
    assert 'name="confirm_same_person"' in warned.text
    assert conn.execute("SELECT count(*) FROM applicants").fetchone()[0] == before
    confirmed = await post(
        ds, f"/-/intake/{DB}/receive", delivery(known[0], confirm_same_person="1")
    )
    assert confirmed.status_code == 302
    in_batches = conn.execute(
        "SELECT count(DISTINCT batch_id) FROM applicants WHERE id_number = ?", (known[0],)
    ).fetchone()[0]
    assert in_batches == 2  # both kept: the review queue lists the pair
    receipt = await ds.client.get(confirmed.headers["location"], cookies=cookies(ds, "clerk1"))
    first_id = conn.execute(
        "SELECT min(id) FROM applicants WHERE id_number = ?", (known[0],)
    ).fetchone()[0]
    assert "同一人也在其他批次中登记" in receipt.text
    assert f"/-/intake/{DB}/review#same-person-{first_id}" in receipt.text
    queue = await ds.client.get(f"/-/intake/{DB}/review", cookies=cookies(ds, "clerk1"))
    assert f'id="same-person-{first_id}"' in queue.text


def queue_count(html: str) -> int:
    return int(re.search(r'<span class="value">(\d+)</span> 项待复核', html).group(1))


async def test_the_review_queue_is_counted_once_per_change_and_never_waited_for(
    ds, registers, monkeypatch
):
    """The count reads the whole register: it is kept between changes; before the first count
    and after a change the pages say it is being counted (with the last count), never wait."""
    from datasette_plugins.intake.web import queue

    start = f"/-/intake/{DB}"
    first = await ds.client.get(start, cookies=cookies(ds, "clerk1"))
    assert "…</span> 项待复核" in first.text and "（正在统计）" in first.text  # not waited for
    await state(ds).queue_counters[DB].running  # the count the first visit started
    counted_page = await ds.client.get(start, cookies=cookies(ds, "clerk1"))
    before = queue_count(counted_page.text)
    assert 'id="queue-updating"' not in counted_page.text
    counted = []
    real = queue.review_count
    release = threading.Event()

    def slow_count(conn):
        counted.append(1)
        release.wait()
        return real(conn)

    monkeypatch.setattr(queue, "review_count", slow_count)
    try:
        again = await ds.client.get(start, cookies=cookies(ds, "clerk2"))
        assert queue_count(again.text) == before and counted == []  # unchanged: not counted again
        known = (
            sqlite3.connect(registers.files[DB])
            .execute("SELECT id_number FROM applicants LIMIT 1")
            .fetchone()[0]
        )
        saved = await post(ds, f"{start}/receive", delivery(known, confirm_same_person="1"))
        assert saved.status_code == 302
        # The new count cannot finish (held): the pages answer with the last one, marked.
        page = await ds.client.get(start, cookies=cookies(ds, "clerk1"))
        assert queue_count(page.text) == before and 'id="queue-updating"' in page.text
        dashboard = await ds.client.get(f"{start}/dashboard", cookies=cookies(ds, "clerk1"))
        assert f"复核队列：{before} 项待处理" in dashboard.text and "正在重新统计" in dashboard.text
    finally:
        release.set()  # never leave the counting thread waiting
    await state(ds).queue_counters[DB].running  # the recount the pages started
    page = await ds.client.get(start, cookies=cookies(ds, "clerk1"))
    assert queue_count(page.text) == before + 1 and 'id="queue-updating"' not in page.text
    dashboard = await ds.client.get(f"{start}/dashboard", cookies=cookies(ds, "clerk1"))
    assert f"复核队列：{before + 1} 项待处理" in dashboard.text
    assert len(counted) == 1


async def test_the_start_page_shows_todays_intake(ds, registers):
    saved = await post(ds, f"/-/intake/{DB}/receive", delivery(courier="李送件"))
    assert saved.status_code == 302
    page = await ds.client.get(f"/-/intake/{DB}", cookies=cookies(ds, "clerk1"))
    assert page.status_code == 200
    assert "今日收件" in page.text and UNIT in page.text
    assert clock.local_text(clock.now()).split(" ")[0] in page.text
    assert "登记一批新收到的材料" in page.text and "退出登录" in page.text
    assert not ENGLISH.search(visible_text(page.text))


async def test_a_busy_day_lists_the_latest_batches_and_counts_them_all(ds, registers):
    from datasette_plugins.intake.records import store
    from datasette_plugins.intake.web.start import SHOWN

    conn = connect(registers.files[DB])
    for _ in range(SHOWN + 2):
        store.open_batch(conn, "clerk1", UNIT)
    conn.close()
    page = await ds.client.get(f"/-/intake/{DB}", cookies=cookies(ds, "clerk1"))
    assert page.text.count("/receipt/") == SHOWN
    assert f'<span class="value">{SHOWN + 2}</span> 个批次今日收件' in page.text
    assert f"今日共 {SHOWN + 2} 个批次，这里列出最近收到的 {SHOWN} 个" in page.text


SEARCHES = [
    ("name start", lambda r: r["name"][:1], lambda r, row: row["name"].startswith(r["q"])),
    ("whole name", lambda r: r["name"], lambda r, row: row["name"].startswith(r["q"])),
    ("last 4 of 身份证号", lambda r: r["id_number"][-4:],
     lambda r, row: row["id_number"].endswith(r["q"])),
    ("last 6 of 身份证号", lambda r: r["id_number"][-6:],
     lambda r, row: row["id_number"].endswith(r["q"])),
    ("start of 身份证号", lambda r: r["id_number"][:10],
     lambda r, row: row["id_number"].startswith(r["q"])),
    ("lower-case x", lambda r: r["id_number"].lower(),
     lambda r, row: row["id_number"] == r["q"].upper()),
    ("unit", lambda r: r["unit"][2:6], lambda r, row: r["q"] in row["unit"]),
]  # fmt: skip


@pytest.mark.parametrize(("case", "query", "matches"), SEARCHES, ids=[s[0] for s in SEARCHES])
async def test_the_applicants_page_finds_people(ds, registers, case, query, matches):
    from datasette_plugins.intake.records.search import search

    conn = sqlite3.connect(registers.files[DB])
    conn.row_factory = sqlite3.Row
    person = dict(
        conn.execute(
            "SELECT a.*, u.name AS unit FROM applicants a JOIN units u ON u.id = a.unit_id"
            " ORDER BY a.rowid DESC LIMIT 1"
        ).fetchone()
    )
    q = query(person)
    found = search(conn, q)
    assert person["id"] in {row["id"] for row in found.rows}, (q, found.summary)
    for row in found.rows:
        whole = conn.execute(
            "SELECT a.name, a.id_number, u.name AS unit, b.receipt_no FROM applicants a"
            " JOIN units u ON u.id = a.unit_id JOIN batches b ON b.id = a.batch_id WHERE a.id = ?",
            (row["id"],),
        ).fetchone()
        assert matches({"q": q}, whole) or str(whole["receipt_no"]).endswith(q.lstrip("0")), row
    page = await ds.client.get(
        f"/-/intake/{DB}/applicants?" + urlencode({"q": q}), cookies=cookies(ds, "clerk1")
    )
    assert page.status_code == 200 and person["name"] in page.text
    results = page.text.split('id="results"')[1]
    assert person["id_number"] not in results  # lists show 330102********1234
    assert person["id_number"][:6] + "********" + person["id_number"][14:] in results


async def test_search_by_receipt_number_and_status(ds, registers):
    saved = await post(ds, f"/-/intake/{DB}/receive", delivery(id_number("33010219750505001")))
    batch_id = saved.headers["location"].rsplit("/", 1)[1]
    conn = sqlite3.connect(registers.files[DB])
    number = conn.execute("SELECT receipt_no FROM batches WHERE id = ?", (batch_id,)).fetchone()[0]
    for q in (f"{number:04d}", f"上城区-{number:04d}", str(number)):
        page = await ds.client.get(
            f"/-/intake/{DB}/applicants?" + urlencode({"q": q, "fragment": "1"}),
            cookies=cookies(ds, "clerk1"),
        )
        assert "张三" in page.text, q
    filtered = await ds.client.get(
        f"/-/intake/{DB}/applicants?" + urlencode({"q": "张", "status": "returned"}),
        cookies=cookies(ds, "clerk1"),
    )
    assert "已退回" in filtered.text
    assert "齐全</span>" not in filtered.text.split('id="results"')[1]


@pytest.mark.parametrize(
    "query", ["", "'", "\\", "%", "_", "*", "<script>", "33010219800101001X" * 3, "１２３４", "张%"]
)
async def test_odd_searches_answer_in_chinese(ds, query):
    page = await ds.client.get(
        f"/-/intake/{DB}/applicants?" + urlencode({"q": query, "status": "nonsense"}),
        cookies=cookies(ds, "clerk1"),
    )
    assert page.status_code == 200
    assert "<script>" not in page.text.split('id="results"')[1]
    assert not ENGLISH.search(visible_text(page.text))


async def test_error_pages_are_chinese(ds, registers):
    missing = await ds.client.get("/-/intake/330102/receipt/nope", cookies=cookies(ds, "clerk1"))
    assert missing.status_code == 404 and "找不到批次" in missing.text
    unknown = await ds.client.get("/-/intake/330102/no/such", cookies=cookies(ds, "clerk1"))
    assert unknown.status_code == 404 and "找不到页面" in unknown.text
    datasette_404 = await ds.client.get("/no/such/page", cookies=cookies(ds, "chief"))
    assert datasette_404.status_code == 404 and "找不到页面" in datasette_404.text
    for response in (missing, unknown, datasette_404):
        assert '<html lang="zh-CN">' in response.text and "<main" in response.text
        assert not ENGLISH.search(visible_text(response.text))
    cross_site = await ds.client.post(
        f"/-/intake/{DB}/units", data={"unit_name": "跨站"}, cookies=cookies(ds, "clerk1"),
        headers={"sec-fetch-site": "cross-site"},
    )  # fmt: skip
    assert cross_site.status_code == 403
    assert "表单来源核对未通过" in cross_site.text and "数据没有被改动" in cross_site.text
    assert not ENGLISH.search(visible_text(cross_site.text))


async def test_a_server_error_is_chinese_and_changes_nothing(ds, registers, monkeypatch):
    from datasette_plugins.intake.web import start

    def broken(conn):
        raise RuntimeError("boom: internal detail")

    monkeypatch.setattr(start, "today_intake", broken)
    response = await ds.client.get(f"/-/intake/{DB}", cookies=cookies(ds, "clerk1"))
    assert response.status_code == 500
    assert "服务器出错" in response.text and "数据没有被改动" in response.text
    assert "boom" not in response.text and not ENGLISH.search(visible_text(response.text))
