"""In Datasette: writes through its JSON API are tracked, and supervisors see the sync tables."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine
from typing import Any

from datasette.app import Datasette


def run_async(coroutine: Coroutine[Any, Any, Any]) -> Any:
    """Run a coroutine on a loop of its own (a browser test may own this thread's loop)."""
    result: dict[str, Any] = {}

    def target() -> None:
        try:
            result["value"] = asyncio.run(coroutine)
        except BaseException as error:  # re-raised in the test's thread
            result["error"] = error

    thread = threading.Thread(target=target)
    thread.start()
    thread.join(60)
    if "error" in result:
        raise result["error"]
    return result["value"]


async def _datasette(path) -> Datasette:
    ds = Datasette([str(path)], secret="sync-tests")
    ds.root_enabled = True
    await ds.invoke_startup()
    return ds


def test_an_edit_through_the_json_write_api_travels_to_the_committee(district_and_committee):
    district, committee = district_and_committee
    unit, batch = district.add_unit_and_batch()
    person = district.add_applicant(unit, batch, "张三", 1)
    committee.import_file(district.export("330100").path)

    async def edit() -> int:
        ds = await _datasette(district.path)
        name = district.path.stem
        response = await ds.client.post(
            f"/{name}/applicants/{person}/-/update",
            json={"update": {"note": "经 Datasette 修改"}},
            cookies={"ds_actor": ds.client.actor_cookie({"id": "root"})},
        )
        return response.status_code

    assert run_async(edit()) == 200
    sent = district.export("330100")
    assert sent.counts["applicants"] == {"rows": 1, "deletions": 0}
    committee.import_file(sent.path)
    note = committee.conn.execute("SELECT note FROM applicants WHERE id = ?", (person,))
    assert note.fetchone()[0] == "经 Datasette 修改"


def test_supervisors_read_the_log_the_conflicts_and_the_duplicates(make_offices):
    shangcheng, gongshu, committee = make_offices("330102", "330105", "330100")
    unit_a, batch_a = shangcheng.add_unit_and_batch("杭州甲化工有限公司")
    unit_b, batch_b = gongshu.add_unit_and_batch("杭州乙纺织有限公司")
    person = shangcheng.add_applicant(unit_a, batch_a, "张三", 7)
    gongshu.add_applicant(unit_b, batch_b, "张三", 7)
    committee.import_file(shangcheng.export("330100").path)
    committee.import_file(gongshu.export("330100").path)
    committee.set_note(person, "高评委办公室的意见")
    shangcheng.set_note(person, "上城区的补充")
    committee.import_file(shangcheng.export("330100").path)

    async def read() -> dict[str, Any]:
        ds = await _datasette(committee.path)
        name = committee.path.stem
        pages = {}
        for table in ("sync_log", "sync_conflicts_review", "duplicate_id_numbers"):
            response = await ds.client.get(f"/{name}/{table}.json?_shape=objects")
            assert response.status_code == 200, response.text
            pages[table] = response.json()["rows"]
        html = await ds.client.get(f"/{name}/sync_conflicts_review")
        pages["html"] = html.text
        return pages

    pages = run_async(read())
    assert [row["outcome"] for row in pages["sync_log"]] == ["已导入"] * 3
    (conflict,) = pages["sync_conflicts_review"]
    assert conflict["记录编号"] == person and conflict["复核状态"] == "待复核"
    assert {row["受理部门"] for row in pages["duplicate_id_numbers"]} == {"330102", "330105"}
    assert "落选版本内容" in pages["html"]


def test_the_watcher_runs_inside_datasette_and_its_log_is_a_table(district_and_committee, tmp_path):
    from datasette_plugins.intake.watcher import start_configured_watchers

    from .test_watcher import drop, wait_for

    district, committee = district_and_committee
    unit, batch = district.add_unit_and_batch()
    district.add_applicant(unit, batch, "张三", 1)
    sent = district.export("330100").path
    inbox = tmp_path / "inbox"
    name = committee.path.stem
    config = {"databases": {name: {"plugins": {"intake": {"sync_inbox": str(inbox)}}}}}

    async def start() -> tuple[Datasette, list]:
        ds = Datasette([str(committee.path)], config=config, secret="sync-tests")
        await ds.invoke_startup()  # the plugin's startup hook starts the inbox watcher
        return ds, ds._intake_inbox_watchers

    ds, watchers = run_async(start())
    try:
        assert len(watchers) == 1 and start_configured_watchers(ds) is watchers
        drop(sent, inbox)
        wait_for(lambda: (inbox / "done" / sent.name).exists())
    finally:
        for watcher in watchers:
            watcher.stop()

    async def log() -> list[dict]:
        response = await ds.client.get(f"/{name}/sync_log.json?_shape=objects")
        return response.json()["rows"]

    (line,) = run_async(log())
    assert line["outcome"] == "已导入" and line["file_name"] == sent.name
    assert committee.content() == district.content()
