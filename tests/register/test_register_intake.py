"""The intake page, receipt, status steps and dashboard through datasette.client (real SQLite)."""

from __future__ import annotations

import sqlite3
from datetime import date
from urllib.parse import urlencode

import pytest
from intake_helpers import UNIT, cookies, id_number

GOOD_A = id_number("33010219800101001")
GOOD_B = id_number("33010519850505002")


def intake_form(**changes: object) -> list[tuple[str, str]]:
    """A form as the intake page posts it: one complete normal and one complete 破格 applicant."""
    batch = {"unit": UNIT, "mandate_copies": "1", "roster_copies": "1", "courier": "王送件"}
    rows: list[dict[str, str]] = [
        {"a_name": "张三", "a_id_number": GOOD_A, "a_route": "normal", "a_review": "3",
         "a_exceptional": ""},
        {"a_name": "李四", "a_id_number": GOOD_B, "a_route": "exceptional", "a_review": "3",
         "a_exceptional": "2"},
    ]  # fmt: skip
    for key, value in changes.items():
        if key.startswith("row"):
            index, column = key[3], key[5:]
            rows[int(index)][column] = str(value)
        else:
            batch[key] = str(value)
    pairs = list(batch.items())
    for row in rows:
        pairs.extend(row.items())
    return pairs


async def post_form(ds, path: str, pairs: list[tuple[str, str]], actor: str = "clerk1"):
    return await ds.client.post(
        path,
        content=urlencode(pairs).encode(),
        headers={"content-type": "application/x-www-form-urlencoded"},
        cookies=cookies(ds, actor),
    )


def counts(path) -> tuple[int, int, int]:
    conn = sqlite3.connect(path)
    try:
        return tuple(
            conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("batches", "applicants", "audit_log")
        )
    finally:
        conn.close()


async def test_clerk_records_a_batch_and_gets_a_receipt(ds, registers):
    response = await post_form(ds, "/-/intake/330102/receive", intake_form())
    assert response.status_code == 302, response.text
    receipt = await ds.client.get(response.headers["location"], cookies=cookies(ds, "clerk1"))
    assert receipt.status_code == 200
    html = receipt.text
    assert "纸质材料收件回执" in html and UNIT in html
    assert "材料齐全，共 2 人" in html
    conn = sqlite3.connect(registers.files["330102"])
    batch = conn.execute(
        "SELECT status, status_by, clerk, mandate_copies FROM batches WHERE courier = '王送件'"
    ).fetchone()
    assert batch == ("complete", "clerk1", "clerk1", 1)
    actors = {r[0] for r in conn.execute("SELECT actor FROM audit_log WHERE actor LIKE 'clerk%'")}
    assert actors == {"clerk1"}


async def test_missing_and_extra_copies_are_flagged_on_the_receipt(ds, registers):
    pairs = intake_form(mandate_copies=0, row0_a_review=2, row1_a_exceptional=3)
    response = await post_form(ds, "/-/intake/330102/receive", pairs)
    assert response.status_code == 302
    html = (await ds.client.get(response.headers["location"], cookies=cookies(ds, "clerk1"))).text
    assert "材料不齐，请补交" in html
    assert "《申报专业技术职务资格评审委托书》缺 1 份" in html
    assert "序号1 张三：《专业技术职务任职资格评审表》（带省平台水印）缺 1 份" in html
    assert "序号2 李四：《破格推荐高级专业技术职务任职资格审批表》多 1 份" in html
    conn = sqlite3.connect(registers.files["330102"])
    statuses = dict(
        conn.execute("SELECT name, status FROM applicants WHERE name IN ('张三', '李四')")
    )
    assert statuses == {"张三": "incomplete", "李四": "complete"}


BAD_INPUT = [
    ("wrong check digit", {"row0_a_id_number": GOOD_A[:-1] + ("0" if GOOD_A[-1] != "0" else "1")},
     "身份证号校验位错误"),
    ("impossible birth date", {"row0_a_id_number": id_number("33010219800230001")},
     "出生日期不存在"),
    ("born in the future", {"row0_a_id_number": id_number("33010220990101001")}, "不合理"),
    ("too short", {"row0_a_id_number": "3301021980"}, "应为18位"),
    ("superscript digit in a 身份证号", {"row0_a_id_number": "33010²198001010011"},
     "第6位“²”不是数字"),
    ("full-width digits in a 身份证号",
     {"row0_a_id_number": "３３０１０２１９８００１０１００１１"}, "第1位“３”不是数字"),
    ("Arabic-Indic digit in a 身份证号", {"row0_a_id_number": GOOD_A[:5] + "\u0663" + GOOD_A[6:]},
     "第6位"),
    ("control character in a 身份证号", {"row0_a_id_number": GOOD_A[:5] + "\x07" + GOOD_A[6:]},
     "U+0007"),
    ("negative copies", {"row0_a_review": "-1"}, "评审表份数应为0至20之间的整数"),
    ("absurd copies", {"row0_a_review": "300"}, "评审表份数应为0至20之间的整数（收到 300）"),
    ("not a number", {"mandate_copies": "一份"}, "委托书份数应为0至20之间的整数"),
    ("full-width copies", {"mandate_copies": "１"}, "委托书份数应为0至20之间的整数"),
    ("unknown unit", {"unit": "不存在的公司"}, "未登记"),
    ("same person twice", {"row1_a_id_number": GOOD_A}, "同一批次不能登记两次"),
    ("script in a name", {"row0_a_name": "<script>alert(1)</script>"}, "不允许的字符"),
    ("markup in a unit", {"unit": "<b>x</b>"}, "未登记"),
    ("empty name", {"row0_a_name": " ", "row0_a_id_number": GOOD_A}, "请填写姓名"),
    ("no applicants", {"row0_a_name": "", "row0_a_id_number": "", "row0_a_review": "",
                       "row1_a_name": "", "row1_a_id_number": "", "row1_a_review": "",
                       "row1_a_exceptional": ""}, "请至少登记一名申报人"),
    ("copies typed for nobody", {"row1_a_name": "", "row1_a_id_number": ""}, "第2行：请填写姓名"),
    ("position not a number", {"row0_a_position": "第一"}, "花名册序号应为1至10000之间的整数"),
    ("received time garbled", {"received_at": "昨天下午"}, "收件时间格式错误"),
    ("received in 2099", {"received_at": "2099-01-01T09:00"}, "不晚于现在"),
    ("received in 1900", {"received_at": "1900-01-01T09:00"}, "通知印发之日（2023年8月7日）之后"),
    ("received before the notice", {"received_at": "2023-08-06T23:59"}, "之后"),
]  # fmt: skip


@pytest.mark.parametrize(("case", "changes", "message"), BAD_INPUT, ids=[c[0] for c in BAD_INPUT])
async def test_bad_input_gets_a_chinese_error_and_stores_nothing(
    ds, registers, case, changes, message
):
    before = counts(registers.files["330102"])
    response = await post_form(ds, "/-/intake/330102/receive", intake_form(**changes))
    assert response.status_code == 400
    assert message in response.text
    assert "Traceback" not in response.text
    assert "<script>alert(1)</script>" not in response.text
    assert counts(registers.files["330102"]) == before


async def test_script_payload_is_shown_escaped(ds):
    response = await post_form(
        ds, "/-/intake/330102/receive", intake_form(row0_a_name="<script>alert(1)</script>")
    )
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text


async def test_status_flow_is_attributed_to_each_clerk(ds, registers):
    location = (await post_form(ds, "/-/intake/330102/receive", intake_form())).headers["location"]
    batch_id = location.rsplit("/", 1)[1]
    status_path = f"/-/intake/330102/status/{batch_id}"
    await post_form(ds, status_path, [("status", "forwarded")], actor="clerk2")
    conn = sqlite3.connect(registers.files["330102"])
    row = conn.execute("SELECT status, status_by FROM batches WHERE id = ?", (batch_id,)).fetchone()
    assert row == ("forwarded", "clerk2")
    people = {
        r[0] for r in conn.execute("SELECT status FROM applicants WHERE batch_id = ?", (batch_id,))
    }
    assert people == {"forwarded"}
    # A forwarded batch cannot be returned any more; the receipt says why.
    again = await post_form(ds, status_path, [("status", "returned"), ("reason", "x")])
    assert again.status_code == 400
    assert "该批次已转报或已退回" in again.text and 'id="error-summary"' in again.text


@pytest.mark.parametrize(
    ("form_changes", "step", "reason", "message"),
    [
        ({"mandate_copies": 0}, "forwarded", "", "只有材料齐全的批次才能转报"),
        ({}, "returned", "", "请填写退回原因"),
        ({}, "received", "", "只有已退回的批次才能重新收件"),
    ],
)
async def test_status_steps_that_are_refused(ds, registers, form_changes, step, reason, message):
    location = (
        await post_form(ds, "/-/intake/330102/receive", intake_form(**form_changes))
    ).headers["location"]
    batch_id = location.rsplit("/", 1)[1]
    response = await post_form(
        ds, f"/-/intake/330102/status/{batch_id}", [("status", step), ("reason", reason)]
    )
    assert response.status_code == 400
    assert message in response.text


async def test_returning_needs_a_reason_and_is_recorded(ds, registers):
    location = (await post_form(ds, "/-/intake/330102/receive", intake_form())).headers["location"]
    batch_id = location.rsplit("/", 1)[1]
    await post_form(
        ds, f"/-/intake/330102/status/{batch_id}", [("status", "returned"), ("reason", "盖章缺失")]
    )
    conn = sqlite3.connect(registers.files["330102"])
    assert conn.execute(
        "SELECT status, status_reason, status_by FROM batches WHERE id = ?", (batch_id,)
    ).fetchone() == ("returned", "盖章缺失", "clerk1")


async def test_district_dashboard_counts_and_deadline(ds, registers):
    response = await ds.client.get("/-/intake/330102/dashboard", cookies=cookies(ds, "clerk1"))
    assert response.status_code == 200
    html = response.text
    conn = sqlite3.connect(registers.files["330102"])
    forwarded = conn.execute("SELECT count(*) FROM applicants WHERE status='forwarded'").fetchone()
    assert f'<td class="num">{forwarded[0]}</td>' in html
    expected = "已截止" if date.today() > date(2023, 9, 22) else "还剩"
    assert expected in html
    assert "<svg" not in html


async def test_committee_dashboard_shows_each_district_and_a_chart(ds):
    response = await ds.client.get("/-/intake/330100/dashboard", cookies=cookies(ds, "boss"))
    html = response.text
    assert response.status_code == 200
    assert "上城区" in html and "拱墅区" in html
    assert "<svg" in html and "<script" not in html


async def test_unit_can_be_registered_and_then_used(ds):
    response = await post_form(
        ds, "/-/intake/330102/units", [("unit_name", "杭州新登记印染有限公司")]
    )
    assert response.status_code == 302
    ok = await post_form(ds, "/-/intake/330102/receive", intake_form(unit="杭州新登记印染有限公司"))
    assert ok.status_code == 302


async def test_roster_batch_is_ticked_off_on_the_intake_page(ds, registers):
    from datasette_plugins.intake.records import store
    from datasette_plugins.intake.schema.connection import connect

    conn = connect(registers.files["330102"])
    batch_id = store.open_batch(conn, "clerk1", UNIT)
    rows = [
        store.RosterRow(1, "周一", GOOD_A, UNIT, "纺织工程", "正常申报"),
        store.RosterRow(2, "吴二", GOOD_B, UNIT, "丝绸工程", "破格申报"),
    ]
    store.import_roster(conn, "clerk1", batch_id, rows)
    page = await ds.client.get(
        f"/-/intake/330102/receive?batch={batch_id}", cookies=cookies(ds, "clerk1")
    )
    assert "周一" in page.text and "吴二" in page.text and batch_id in page.text
    ids = [r[0] for r in conn.execute(
        "SELECT id FROM applicants WHERE batch_id = ? ORDER BY roster_position", (batch_id,)
    )]  # fmt: skip
    pairs = [
        ("batch_id", batch_id),
        ("unit", UNIT),
        ("mandate_copies", "1"),
        ("roster_copies", "1"),
    ]
    for applicant_id, position, name, number, route, review, extra in (
        (ids[0], "1", "周一", GOOD_A, "normal", "3", ""),
        (ids[1], "2", "吴二", GOOD_B, "exceptional", "3", "1"),
    ):
        pairs += [("a_id", applicant_id), ("a_position", position), ("a_name", name),
                  ("a_id_number", number), ("a_route", route), ("a_review", review),
                  ("a_exceptional", extra)]  # fmt: skip
    response = await post_form(ds, "/-/intake/330102/receive", pairs)
    assert response.status_code == 302
    statuses = dict(
        conn.execute("SELECT name, status FROM applicants WHERE batch_id = ?", (batch_id,))
    )
    assert statuses == {"周一": "complete", "吴二": "incomplete"}
    assert (
        conn.execute("SELECT count(*) FROM applicants WHERE batch_id = ?", (batch_id,)).fetchone()[
            0
        ]
        == 2
    )


async def test_committee_logs_what_city_departments_bring_directly(ds, registers):
    from datasette_plugins.intake.records import store
    from datasette_plugins.intake.schema.connection import connect

    conn = connect(registers.files["330100"])
    store.add_unit(conn, "boss", "杭州市直属纺织研究院")
    response = await post_form(
        ds, "/-/intake/330100/receive", intake_form(unit="杭州市直属纺织研究院"), actor="boss"
    )
    assert response.status_code == 302
    batch_id = response.headers["location"].rsplit("/", 1)[1]
    assert batch_id.startswith("330100-B-")


async def test_json_api_cannot_skip_status_steps(ds, registers):
    location = (
        await post_form(ds, "/-/intake/330102/receive", intake_form(mandate_copies=0))
    ).headers["location"]
    batch_id = location.rsplit("/", 1)[1]
    response = await ds.client.post(
        f"/330102/batches/{batch_id}/-/update",
        json={"update": {"status": "forwarded"}},
        cookies=cookies(ds, "clerk1"),
    )
    assert response.status_code == 400
    assert "不允许的状态变更" in " ".join(response.json()["errors"])


async def test_unknown_batch_receipt_is_a_clear_404(ds):
    response = await ds.client.get(
        "/-/intake/330102/receipt/330102-B-NOSUCHBATCH", cookies=cookies(ds, "clerk1")
    )
    assert response.status_code == 404
    assert "批次不存在" in response.text
