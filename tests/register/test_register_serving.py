"""`datasette intake serve`: worker processes that act as one server, and no freeze on writes."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import httpx
import pytest
from intake_helpers import UNIT, id_number, register_to_serve

from datasette_plugins.intake.schema import migrate
from datasette_plugins.intake.schema.connection import connect
from datasette_plugins.intake.serving.inline_reads import InlineExecutor

PASSWORD = "serving-test-pw"


def _login(url: str) -> httpx.Cookies:
    with httpx.Client(base_url=url) as client:
        response = client.post(
            "/-/intake/login",
            data={"username": "clerk1", "password": PASSWORD},
            headers={"Origin": url, "Sec-Fetch-Site": "same-origin"},
        )
        assert response.status_code == 302, response.text[:300]
        return client.cookies


def _intake_form(first17: str) -> dict[str, str]:
    return {
        "unit": UNIT, "mandate_copies": "1", "roster_copies": "1",
        "a_name": "王五", "a_id_number": id_number(first17), "a_route": "normal",
        "a_review": "3", "a_exceptional": "",
    }  # fmt: skip


def _worker_processes(supervisor: int) -> list[int]:
    workers = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            command = (stat.parent / "cmdline").read_bytes()
        except (OSError, IndexError, ValueError):
            continue
        if parent == supervisor and b"spawn_main" in command:
            workers.append(int(stat.parent.name))
    return workers


def test_two_workers_serve_one_login(serve_registers, tmp_path):
    db, config = register_to_serve(tmp_path, PASSWORD)
    server = serve_registers([db], config, workers=2)
    assert len(_worker_processes(server.process.pid)) == 2
    cookies = _login(server.url)
    # A fresh connection each time, so requests land on either worker: both must accept the
    # cookie the login made (one signing secret), and both must refuse anonymous visitors.
    for number in range(24):
        with httpx.Client(base_url=server.url, cookies=cookies) as client:
            page = client.get("/330102/applicants.json?_size=1")
            assert page.status_code == 200, (number, page.text[:300])
        assert httpx.get(server.url + "/330102/applicants.json").status_code == 403
    for number in range(6):
        with httpx.Client(base_url=server.url, cookies=cookies) as client:
            saved = client.post(
                "/-/intake/330102/receive", data=_intake_form(f"33010219800101{number:02d}1")
            )
            assert saved.status_code == 302, saved.text[:300]
    count = sqlite3.connect(db).execute("SELECT count(*) FROM applicants").fetchone()[0]
    assert count == 6


def test_pages_keep_loading_while_a_save_waits_for_the_write_lock(serve_registers, tmp_path):
    db, config = register_to_serve(tmp_path, PASSWORD)
    server = serve_registers([db], config, workers=1)  # one process: nothing else could answer
    cookies = _login(server.url)
    holder = connect(db)
    holder.execute("BEGIN IMMEDIATE")  # as a sync import does, for up to seconds
    saved: dict[str, int] = {}

    def save() -> None:
        with httpx.Client(base_url=server.url, cookies=cookies, timeout=30) as client:
            saved["status"] = client.post(
                "/-/intake/330102/receive", data=_intake_form("33010219800101991")
            ).status_code

    saving = threading.Thread(target=save)
    try:
        saving.start()
        time.sleep(0.3)  # the save is now waiting for the lock
        # The lock is held until `finally`: a server frozen behind the save could not answer
        # before then, so the page answering at all is the event this test waits for.
        with httpx.Client(base_url=server.url, cookies=cookies, timeout=30) as client:
            page = client.get("/-/intake/330102/applicants?q=王")
        assert page.status_code == 200
        assert saving.is_alive(), "the save should still be waiting for the lock"
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        saving.join(30)
    assert saved == {"status": 302}
    count = sqlite3.connect(db).execute("SELECT count(*) FROM applicants").fetchone()[0]
    assert count == 1


def test_workers_starting_together_apply_each_migration_once(tmp_path, monkeypatch):
    db = tmp_path / "330102.db"
    connect(db).execute("PRAGMA journal_mode = WAL")
    both_read = threading.Barrier(2, timeout=10)
    first_read = migrate.applied_migrations
    calls: dict[int, int] = {}

    def read_then_wait(conn: sqlite3.Connection) -> set[str]:
        done = first_read(conn)
        me = threading.get_ident()
        calls[me] = calls.get(me, 0) + 1
        if calls[me] == 1:
            both_read.wait()  # both have seen "nothing applied" before either writes
        return done

    monkeypatch.setattr(migrate, "applied_migrations", read_then_wait)
    results: list[object] = []

    def start_worker() -> None:
        try:
            results.append(migrate.apply_migrations(connect(db)))
        except Exception as error:  # reported below
            results.append(error)

    threads = [threading.Thread(target=start_worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not [r for r in results if isinstance(r, Exception)], results
    applied = sorted(name for names in results for name in names)  # type: ignore[union-attr]
    assert applied == migrate.migration_names()
    recorded = connect(db).execute("SELECT name FROM _migrations ORDER BY name").fetchall()
    assert [row[0] for row in recorded] == migrate.migration_names()


def _fails() -> None:
    raise sqlite3.OperationalError("no such table: nowhere")


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (lambda: 42, 42),
        (_fails, sqlite3.OperationalError),
    ],
)
def test_inline_reads_run_in_place_and_hand_back_errors(call, expected):
    future = InlineExecutor().submit(call)
    assert future.done()
    if isinstance(expected, type):
        assert isinstance(future.exception(), expected)
    else:
        assert future.result() == expected
