"""A register configured for the notice of NOTICE_DATA_DIR, tried on every write path: run by
test_second_notice.py as `python tests/rules/second_notice_register.py <folder>` (the register
reads its notice once per process). Prints what a clerk, a JSON API client and sync got, as
JSON; the test judges it.

- pages: the clerk's pages (start, intake, applicants, dashboard, receipts, review, rules.js)
- posts: intake page deliveries (status, receipt page)
- api: Datasette's JSON insert API (status, errors)
- sync: a change file with a points applicant imported by the 高评委办公室, and files with a row
  that breaks a rule (made by a register whose triggers were dropped) refused
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import sys
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "register"), str(ROOT / "tests" / "sync")]

from datasette.app import Datasette  # noqa: E402
from intake_helpers import cookies, id_number  # noqa: E402
from office_registers import OFFICES, create, trust_each_other  # noqa: E402

from datasette_plugins.intake.accounts.config import build_config  # noqa: E402
from datasette_plugins.intake.accounts.passwords import hash_password  # noqa: E402
from datasette_plugins.intake.accounts.store import Account  # noqa: E402
from datasette_plugins.intake.domain import clock  # noqa: E402
from datasette_plugins.intake.domain.datafiles import notice  # noqa: E402
from datasette_plugins.intake.domain.ids import new_id  # noqa: E402
from datasette_plugins.intake.records import store  # noqa: E402
from datasette_plugins.intake.records.demo import fill_demo  # noqa: E402
from datasette_plugins.intake.schema.registers import init_register  # noqa: E402
from datasette_plugins.intake.sync.inbox import import_and_log  # noqa: E402

UNIT = "测试市样例化工有限公司"
A = id_number("33010219800101001")
B = id_number("33010519850505002")
C = id_number("33010619900303003")


def delivery(*people: tuple[str, str, str, str, str]) -> list[tuple[str, str]]:
    pairs = [("unit", UNIT), ("mandate_copies", "1"), ("roster_copies", "1")]
    for name, number, route, review, route_form in people:
        pairs += [("a_name", name), ("a_id_number", number), ("a_route", route),
                  ("a_review", review), ("a_exceptional", route_form)]  # fmt: skip
    return pairs


async def clerk_and_api(folder: Path, office: str) -> dict:
    path = folder / f"{office}.db"
    conn = init_register(path, office)
    store.add_unit(conn, "setup", UNIT)
    fill_demo(conn, 30, seed=7)
    conn.close()
    account = Account("clerk1", office, "收件员一", hash_password("pw-123456", iterations=1000))
    config = build_config({office: office}, [account], folder / "accounts.db")
    ds = Datasette([str(path)], config=config, default_deny=True, secret="second-notice")
    await ds.invoke_startup()
    jar = cookies(ds, "clerk1")
    base = f"/-/intake/{office}"

    async def get(url: str) -> dict:
        response = await ds.client.get(url, cookies=jar)
        return {"status": response.status_code, "text": response.text}

    async def post(pairs: list[tuple[str, str]]) -> dict:
        response = await ds.client.post(
            f"{base}/receive",
            content=urlencode(pairs).encode(),
            headers={"content-type": "application/x-www-form-urlencoded"},
            cookies=jar,
        )
        found = {"status": response.status_code, "text": response.text}
        if response.status_code == 302:
            found["receipt"] = (await get(response.headers["location"]))["text"]
        return found

    old = id_number("33010219700707004")
    posts = {
        "complete": await post(
            delivery(("甲", A, "points", "2", "1"), ("乙", B, "normal", "2", ""))
        ),
        "short": await post(delivery(("丙", C, "points", "2", ""))),
        "old_route": await post(delivery(("丁", old, "exceptional", "2", "2"))),
    }  # fmt: skip
    conn = sqlite3.connect(path)
    batch_id, unit_id = conn.execute(
        "SELECT id, unit_id FROM batches WHERE status = 'incomplete' LIMIT 1"
    ).fetchone()
    stored = [
        list(row)
        for row in conn.execute(
            "SELECT name, route, exceptional, exceptional_form_copies, status FROM applicants"
            " WHERE name IN ('甲', '乙', '丙') ORDER BY name"
        )
    ]
    conn.close()

    async def api(position: int, **changes: object) -> dict:
        row = {
            "id": new_id(office, "A"), "office": office, "batch_id": batch_id,
            "unit_id": unit_id, "name": "接口",
            "id_number": id_number(f"33010219750{position}01{position:03d}"),
            "route": "points", "exceptional": 0, "roster_position": 900 + position,
            "review_form_copies": 2, "exceptional_form_copies": 1, **changes,
        }  # fmt: skip
        response = await ds.client.post(
            f"/{office}/applicants/-/insert",
            json={"row": row},
            headers={"content-type": "application/json"},
            cookies=jar,
        )
        return {"status": response.status_code, "text": response.text}

    apis = {
        "points": await api(1),
        "flag": await api(2, exceptional=1),
        "old_route": await api(3, route="exceptional", exceptional=1),
        "too_many": await api(4, exceptional_form_copies=99),
    }
    receipt_of_demo = f"{base}/receipt/{batch_id}"
    pages = {
        url: await get(url)
        for url in (
            "/-/intake/", f"{base}/", f"{base}/receive", f"{base}/applicants",
            f"{base}/applicants?q=甲", f"{base}/dashboard", receipt_of_demo,
            f"{base}/review", "/-/intake/rules.js",
        )
    }  # fmt: skip
    return {"pages": pages, "posts": posts, "api": apis, "stored": stored}


def _pair(folder: Path):
    district, committee = create(folder, OFFICES[1]), create(folder, "330100")
    trust_each_other([district, committee])
    unit, batch = new_id(district.office, "U"), new_id(district.office, "B")
    received = clock.now().isoformat(timespec="seconds")
    district.write("INSERT INTO units (id, office, name) VALUES (?, ?, ?)",
                   (unit, district.office, UNIT))  # fmt: skip
    district.write("INSERT INTO batches (id, office, unit_id, received_at, clerk)"
                   " VALUES (?, ?, ?, ?, '王经办')",
                   (batch, district.office, unit, received))  # fmt: skip
    person = new_id(district.office, "A")
    district.write(
        "INSERT INTO applicants (id, office, batch_id, unit_id, name, id_number, route,"
        " roster_position, review_form_copies, exceptional_form_copies)"
        " VALUES (?, ?, ?, ?, '甲', ?, 'points', 1, 2, 1)",
        (person, district.office, batch, unit, A),
    )
    return district, committee, person


def _send(district, committee):
    return import_and_log(committee.conn, district.export("330100").path, offices=OFFICES,
                          notice=notice().id, key=committee.key)  # fmt: skip


def sync(folder: Path) -> dict:
    """A district's points applicant reaches the 高评委办公室; rows a faulty program wrote at the
    district (its register's triggers dropped) that break a rule do not."""
    district, committee, person = _pair(folder / "good")
    first = _send(district, committee)
    arrived = [
        list(row)
        for row in committee.conn.execute(
            "SELECT route, exceptional, exceptional_form_copies FROM applicants WHERE id = ?",
            (person,),
        )
    ]
    refused = {}
    for case, change in (
        ("flag", "UPDATE applicants SET exceptional = 1"),
        ("old_route", "UPDATE applicants SET route = 'exceptional', exceptional = 1"),
        ("too_many", "UPDATE applicants SET exceptional_form_copies = 99"),
    ):
        district, committee, _ = _pair(folder / case)
        for trigger in ("applicants_checks_insert", "applicants_checks_update"):
            district.conn.execute(f"DROP TRIGGER {trigger}")
        district.write(change)
        outcome = _send(district, committee)
        refused[case] = {"code": outcome.code, "message": outcome.message,
                         "rows": committee.count("applicants")}  # fmt: skip
    return {"first": [first.status, first.code], "arrived": arrived, "refused": refused}


def main() -> None:
    folder = Path(sys.argv[1])
    found = asyncio.run(clerk_and_api(folder, notice().offices.districts[0].code))
    found["sync"] = sync(folder / "sync")
    print(json.dumps(found, ensure_ascii=False))


if __name__ == "__main__":
    main()
