"""`make run`'s demo register: made by the plugin's commands, served by a real Datasette."""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Iterator

import httpx
import pytest

from datasette_plugins.intake.serving.launch import prepare_demo_register, serve_command


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = prepare_demo_register(tmp_path_factory.mktemp("demo"))
    port = _free_port()
    proc = subprocess.Popen(
        serve_command(db, port), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx.get(url + "/-/versions.json", timeout=1)
            break
        except httpx.TransportError:
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
            time.sleep(0.2)
    yield url
    proc.terminate()
    proc.wait(timeout=10)


def test_anonymous_sees_nothing(demo_server: str) -> None:
    assert httpx.get(demo_server + "/330102/applicants.json").status_code == 403


def test_demo_clerk_logs_in_and_sees_the_register(demo_server: str) -> None:
    with httpx.Client(base_url=demo_server) as client:
        login = client.post(
            "/-/intake/login",
            data={"username": "clerk1", "password": "clerk1-demo-2023"},
            headers={"Origin": demo_server, "Sec-Fetch-Site": "same-origin"},
        )
        assert login.status_code == 302, login.text[:500]
        start = client.get("/", follow_redirects=True)
        assert start.url.path == "/-/intake/330102"
        assert '<html lang="zh-CN">' in start.text and "今日收件" in start.text
        assert "收件员一" in start.text and "退出登录" in start.text
        rows = client.get("/330102/applicants.json?_size=5&_shape=objects").json()
    assert rows["ok"] is True
    assert len(rows["rows"]) == 5
    assert all(row["id"].startswith("330102-A-") for row in rows["rows"])
