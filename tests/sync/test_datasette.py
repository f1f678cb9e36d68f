"""In a real Datasette on 127.0.0.1: a clerk sees and resolves the review queue, reads one
applicant's history across offices, the sync status and the key directory; writes through
Datasette's JSON API travel like any other."""

from __future__ import annotations

import re

import httpx

from datasette_plugins.intake.accounts.config import build_config, write_config
from datasette_plugins.intake.accounts.passwords import hash_password
from datasette_plugins.intake.accounts.store import Account
from datasette_plugins.intake.sync import review

from .office_registers import OfficeRegister

PASSWORD = "sync-pages-pw"


def serve(serve_registers, register: OfficeRegister, tmp_path, inbox=None):  # type: ignore[no-untyped-def]
    name = register.path.stem
    accounts = [
        Account("boss", register.office, "主管", hash_password(PASSWORD, iterations=1000),
                role="supervisor")
    ]  # fmt: skip
    config = build_config({name: register.office}, accounts, tmp_path / "accounts.db")
    if inbox is not None:
        config["databases"][name]["plugins"] = {"intake": {"sync_inbox": str(inbox)}}
    server = serve_registers([register.path], write_config(tmp_path / "datasette.yaml", config))
    client = httpx.Client(base_url=server.url, timeout=60)
    response = client.post(
        "/-/intake/login",
        data={"username": "boss", "password": PASSWORD},
        headers={"Origin": server.url, "Sec-Fetch-Site": "same-origin"},
    )
    assert response.status_code == 302, response.text[:300]
    return client, name, server.url


def post(client: httpx.Client, url: str, path: str, data: dict[str, str]) -> httpx.Response:
    return client.post(path, data=data, headers={"Origin": url, "Sec-Fetch-Site": "same-origin"})


def forms(html: str) -> list[dict[str, str]]:
    """The hidden fields of each action form on the page."""
    found = []
    for form in re.findall(
        r"<form method=\"post\" action=\"[^\"]*/review/act\".*?</form>", html, re.S
    ):
        fields = dict(re.findall(r'name="(\w+)" value="([^"]*)"', form))
        fields["label"] = re.search(r"<button[^>]*>(.*?)</button>", form).group(1)
        found.append(fields)
    return found


def test_a_clerk_resolves_an_orphan_in_the_browser_and_the_fix_travels(
    make_offices, serve_registers, tmp_path
):
    committee, owner = make_offices("330100", "330105")
    unit, batch = owner.add_unit_and_batch()
    committee.import_file(owner.export("330100").path)
    person = committee.add_applicant(unit, batch, "张三", 1)  # added to 330105's batch ...
    owner.write("DELETE FROM batches WHERE id = ?", (batch,))  # ... which 330105 deletes
    committee.import_file(owner.export("330100").path)
    owner.import_file(committee.export("330105").path)

    client, name, url = serve(serve_registers, committee, tmp_path)
    page = client.get(f"/-/intake/{name}/review")
    assert page.status_code == 200
    assert (
        'lang="zh-CN"' in page.text and '<main id="main"' in page.text and "退出登录" in page.text
    )
    assert "上级记录缺失" in page.text and "已被 拱墅区（330105）" in page.text
    labels = [f["label"] for f in forms(page.text)]
    assert labels == ["恢复该所属批次", "移到其他批次", "删除该申报人"]
    restore = forms(page.text)[0]
    done = post(client, url, f"/-/intake/{name}/review/act", restore)
    assert done.status_code == 302 and "done=" in done.headers["location"]
    after = client.get(done.headers["location"])
    assert "已恢复" in after.text and "没有待复核的事项" in after.text

    # the restore is an ordinary write: audited under the clerk, and it travels
    actor = committee.conn.execute(
        "SELECT actor FROM audit_log WHERE table_name = 'batches' AND action = 'insert'"
        " ORDER BY id DESC LIMIT 1"
    ).fetchone()[0]
    assert actor == "boss"
    owner.import_file(committee.export("330105").path)
    assert owner.content() == committee.content()
    assert review.items(owner.conn) == []

    history = client.get(f"/-/intake/{name}/history/batches/{batch}")
    assert history.status_code == 200
    for words in ("登记", "删除", "恢复", "拱墅区（330105）", "高评委办公室（330100）"):
        assert words in history.text
    applicant = client.get(f"/-/intake/{name}/history/applicants/{person}")
    assert "张三" in applicant.text and "现行" in applicant.text


def test_a_conflict_is_settled_by_keeping_the_current_value(make_offices, serve_registers,
                                                            tmp_path):  # fmt: skip
    committee, district = make_offices("330100", "330102")
    unit, batch = district.add_unit_and_batch()
    person = district.add_applicant(unit, batch, "张三", 1)
    committee.import_file(district.export("330100").path)
    committee.set_note(person, "高评委办公室的意见")
    district.set_note(person, "上城区的补充")
    committee.import_file(district.export("330100").path)
    district.import_file(committee.export("330102").path)

    client, name, url = serve(serve_registers, committee, tmp_path)
    page = client.get(f"/-/intake/{name}/review")
    assert "同时修改的冲突" in page.text
    keep = next(f for f in forms(page.text) if f["label"] == "保留现值")
    post(client, url, f"/-/intake/{name}/review/act", {**keep, "note": "以高评委办公室意见为准"})
    assert "没有待复核的事项" in client.get(f"/-/intake/{name}/review").text
    settled = client.get(f"/-/intake/{name}/review?settled=1").text
    assert "已处理：保留现值" in settled
    # the decision is a synced row: the district's queue empties too
    district.import_file(committee.export("330102").path)
    assert review.items(district.conn) == [] and district.content() == committee.content()


def test_sync_status_page_shows_refused_files_with_what_to_do(
    district_and_committee, serve_registers, tmp_path
):
    from .test_watcher import drop, wait_for

    district, committee = district_and_committee
    inbox = tmp_path / "inbox"
    client, name, _ = serve(serve_registers, committee, tmp_path, inbox=inbox)
    wait_for(lambda: (inbox / "rejected").is_dir())
    junk = tmp_path / "junk.hzsync"
    junk.write_bytes(b"not a change file")
    drop(junk, inbox)
    wait_for(lambda: (inbox / "rejected" / "junk.hzsync.txt").exists())
    page = client.get(f"/-/intake/{name}/sync")
    assert page.status_code == 200
    assert "junk.hzsync" in page.text and "已拒收" in page.text
    assert "这不是同步变更文件，请勿放入收件箱" in page.text
    keys_page = client.get(f"/-/intake/{name}/keys")
    assert "致电高评委办公室 88292115" in keys_page.text and "第 1 版" in keys_page.text
    assert district.office in keys_page.text and "使用中" in keys_page.text
    log = client.get(f"/{name}/sync_log.json?_shape=objects").json()["rows"]
    assert [row["outcome"] for row in log] == ["已拒收"]


def test_anonymous_visitors_see_no_sync_page(district_and_committee, serve_registers, tmp_path):
    _, committee = district_and_committee
    client, name, url = serve(serve_registers, committee, tmp_path)
    anonymous = httpx.Client(base_url=url)
    for path in ("review", "sync", "keys", "history/applicants/x"):
        response = anonymous.get(f"/-/intake/{name}/{path}")
        assert response.status_code == 302  # to the sign-in page, nothing of the register shown
        assert response.headers["location"].startswith("/-/intake/login")
    cross_site = anonymous.post(f"/-/intake/{name}/review/act", data={"action": "delete"},
                                headers={"Origin": "https://evil.example", "Sec-Fetch-Site":
                                         "cross-site"})  # fmt: skip
    assert cross_site.status_code == 403
