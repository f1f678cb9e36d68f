"""Accounts that hold, tried against a real `datasette intake serve` (two worker processes):
throttled logins, no telling known from unknown usernames, the session cookie, logout and a
password change ending sessions in every worker, security headers on every response."""

from __future__ import annotations

import statistics
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from intake_helpers import UNIT

from datasette_plugins.intake.accounts import throttle
from datasette_plugins.intake.accounts.config import build_config, write_config
from datasette_plugins.intake.accounts.passwords import hash_password
from datasette_plugins.intake.accounts.store import Account
from datasette_plugins.intake.records import store as records
from datasette_plugins.intake.schema.registers import init_register

PASSWORD = "correct-horse-1"
# Realistic cost for the timing test: a check that skipped hashing would show as a ratio ≪ 1.
ITERATIONS = 60_000
SAME_ORIGIN = {"Sec-Fetch-Site": "same-origin"}


@dataclass
class Served:
    url: str
    folder: Path


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    from register_server import RegisterServer

    folder = tmp_path_factory.mktemp("accounts")
    conn = init_register(folder / "330102.db", "330102")
    records.add_unit(conn, "setup", UNIT)
    conn.close()
    accounts = [
        Account(f"clerk{n}", "330102", f"收件员{n}", hash_password(PASSWORD, ITERATIONS))
        for n in range(1, 9)
    ]
    config = build_config({"330102": "330102"}, accounts, folder / "accounts.db")
    server = RegisterServer([folder / "330102.db"], write_config(folder / "d.yaml", config), 2)
    yield Served(server.url, folder)
    server.stop()


def client_from(url: str, address: str = "127.0.0.1") -> httpx.Client:
    """A client connecting from ``address`` (any 127.x.y.z is this machine on Linux): each
    test has addresses of its own, as the throttle counts failures per address."""
    transport = httpx.HTTPTransport(local_address=address)
    return httpx.Client(base_url=url, timeout=60, transport=transport)


def login(url: str, username: str, password: str, address: str = "127.0.0.1"):
    with client_from(url, address) as client:
        started = time.perf_counter()
        response = client.post(
            "/-/intake/login", data={"username": username, "password": password},
            headers=SAME_ORIGIN,
        )  # fmt: skip
        return response, time.perf_counter() - started


def signed_in(url: str, username: str) -> httpx.Client:
    client = client_from(url)
    response = client.post(
        "/-/intake/login", data={"username": username, "password": PASSWORD}, headers=SAME_ORIGIN
    )
    assert response.status_code == 302, response.text[:300]
    return client


def test_the_session_cookie_is_http_only_same_site_and_lasts_a_working_day(served):
    response, _ = login(served.url, "clerk1", PASSWORD)
    assert response.status_code == 302
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("intake_session=")
    parts = {p.strip().split("=")[0].lower(): p for p in cookie.split(";")}
    assert "httponly" in parts and "samesite" in parts and "lax" in parts["samesite"].lower()
    assert parts["max-age"].split("=")[1] == str(10 * 3600)
    assert "secure" not in parts  # plain HTTP on 127.0.0.1; see the HTTPS case below
    assert "ds_actor" not in cookie


async def test_the_session_cookie_is_secure_over_https(registers):
    from datasette.app import Datasette

    from datasette_plugins.intake.accounts.config import write_accounts

    write_accounts(
        registers.config["plugins"]["intake"]["accounts"],
        [Account("https1", "330102", "甲", hash_password(PASSWORD, 1000))],
    )
    config = {**registers.config, "settings": {"force_https_urls": True}}
    ds = Datasette([str(p) for p in registers.files.values()], config=config, default_deny=True)
    response = await ds.client.post(
        "/-/intake/login", data={"username": "https1", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert "Secure" in response.headers["set-cookie"]
    assert "max-age=31536000" in response.headers["strict-transport-security"]


def test_forty_wrong_passwords_then_the_right_one_is_still_refused(served):
    attacker = "127.0.2.1"
    answers = []
    for _ in range(40):  # as the attack: 40 wrong passwords back to back
        response, _ = login(served.url, "clerk2", "wrong-password", attacker)
        answers.append(response.status_code)
    assert answers[: throttle.ACCOUNT.free] == [400] * throttle.ACCOUNT.free
    assert answers[-1] == 429
    for address in (attacker, "127.0.2.2"):  # the account is locked wherever one comes from
        right, _ = login(served.url, "clerk2", PASSWORD, address)
        assert right.status_code == 429
        assert "登录失败次数过多" in right.text and "后再试" in right.text
    # An unknown username is throttled the same way: a locked answer tells nothing.
    for _ in range(throttle.ACCOUNT.free + 1):
        unknown, _ = login(served.url, "nobody-here", "wrong-password", "127.0.2.3")
    assert unknown.status_code == 429 and "登录失败次数过多" in unknown.text
    # Another clerk signs in as usual.
    assert login(served.url, "clerk3", PASSWORD, "127.0.2.4")[0].status_code == 302


def test_guessing_many_accounts_from_one_address_is_slowed_down(served):
    address = "127.0.3.1"
    answers = [
        login(served.url, f"guess{n}", "wrong-password", address)[0].status_code
        for n in range(throttle.ADDRESS.free + 3)
    ]
    assert answers[: throttle.ADDRESS.free] == [400] * throttle.ADDRESS.free
    assert answers[-1] == 429


def test_unknown_and_known_usernames_take_the_same_time(served):
    """Median time of a wrong password for a known account against an unknown name, as a
    ratio (interleaved, each name tried below the throttle's free failures)."""
    known, unknown = [], []
    for round_number in range(throttle.ACCOUNT.free - 1):
        for n in (4, 5, 6, 7):
            address = f"127.0.4.{round_number * 10 + n}"
            _, took = login(served.url, f"clerk{n}", f"wrong-{round_number}", address)
            known.append(took)
            _, took = login(served.url, f"stranger{n}", f"wrong-{round_number}", address)
            unknown.append(took)
    ratio = statistics.median(unknown) / statistics.median(known)
    print(f"median known {statistics.median(known) * 1000:.0f} ms,"
          f" unknown {statistics.median(unknown) * 1000:.0f} ms, ratio {ratio:.2f}")  # fmt: skip
    assert 0.6 < ratio < 1.6, ratio


def test_logout_ends_the_session_in_every_worker(served):
    client = signed_in(served.url, "clerk8")
    cookie = client.cookies["intake_session"]
    client.post("/-/intake/logout", headers=SAME_ORIGIN)
    # Fresh connections land on either worker: the old cookie opens nothing on any of them.
    for _ in range(10):
        with httpx.Client(base_url=served.url, cookies={"intake_session": cookie}) as other:
            page = other.get("/-/intake/330102")
            assert page.status_code == 302 and "/-/intake/login" in page.headers["location"]
            assert other.get("/330102/applicants.json").status_code == 403


def test_a_password_change_ends_the_other_sessions(served):
    first = signed_in(served.url, "clerk1")
    second = signed_in(served.url, "clerk1")
    changed = second.post(
        "/-/intake/account/password",
        data={"current": PASSWORD, "new": "a-new-secret-2", "again": "a-new-secret-2"},
        headers=SAME_ORIGIN,
    )
    assert changed.status_code == 302
    page = second.get(changed.headers["location"])
    assert "密码已修改" in page.text  # the browser that changed it stays signed in
    for _ in range(6):
        with httpx.Client(base_url=served.url, cookies=first.cookies) as old:
            assert old.get("/-/intake/330102").status_code == 302
    old_password, _ = login(served.url, "clerk1", PASSWORD)
    assert old_password.status_code == 400
    weak = second.post(
        "/-/intake/account/password",
        data={"current": "a-new-secret-2", "new": "short", "again": "short"},
        headers=SAME_ORIGIN,
    )
    assert (
        weak.status_code == 400
        and "至少10个字符" in weak.text
        and 'aria-invalid="true"' in weak.text
    )


EVERY_KIND = [
    "/-/intake/login",
    "/-/intake/330102",
    "/-/intake/330102/receive",
    "/-/intake/330102/applicants?q=张",
    "/-/intake/static/intake.css",
    "/-/intake/rules.js",
    "/330102/applicants.json",
    "/-/versions.json",
    "/no/such/page",
]


@pytest.mark.parametrize("path", EVERY_KIND)
def test_security_headers_on_every_response(served, path):
    client = signed_in(served.url, "clerk3")
    for response in (client.get(path), httpx.get(served.url + path)):
        headers = response.headers
        assert "default-src 'self'" in headers["content-security-policy"]
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert headers["x-frame-options"] == "DENY"
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "same-origin"
        assert "camera=()" in headers["permissions-policy"]
    signed = client.get(path)
    if not path.startswith(("/-/intake/static", "/-/intake/rules")):
        assert signed.headers["cache-control"] == "no-store"


def test_tokens_are_made_listed_and_revoked_on_the_account_page(served):
    client = signed_in(served.url, "clerk3")
    made = client.post(
        "/-/intake/account/tokens",
        data={"label": "导入脚本", "scope": "read", "lifetime": "day"},
        headers=SAME_ORIGIN,
    )
    assert made.status_code == 200 and "只显示这一次" in made.text
    secret = made.text.split('id="new-token" value="')[1].split('"')[0]
    assert secret.startswith("intake_")
    bearer = {"Authorization": f"Bearer {secret}"}
    assert httpx.get(served.url + "/330102/units.json", headers=bearer).status_code == 200
    page = client.get("/-/intake/account")
    assert "导入脚本" in page.text and "有效" in page.text and secret not in page.text
    token_id = page.text.split("/-/intake/account/tokens/")[1].split("/revoke")[0]
    client.post(f"/-/intake/account/tokens/{token_id}/revoke", headers=SAME_ORIGIN)
    assert httpx.get(served.url + "/330102/units.json", headers=bearer).status_code == 403
    assert "已作废" in client.get("/-/intake/account").text


def test_a_clerk_is_kept_on_the_clerk_pages(served):
    client = signed_in(served.url, "clerk3")
    for path in ("/330102", "/330102/applicants", "/-/permissions", "/330102/-/query?sql=select+1"):
        response = client.get(path, follow_redirects=True)
        assert response.url.path == "/-/intake/supervisors-only", path
        assert response.status_code == 403 and "此页面供主管使用" in response.text
        assert '<html lang="zh-CN">' in response.text
    start = client.get("/", follow_redirects=True)
    assert start.url.path == "/-/intake/330102" and "今日收件" in start.text
