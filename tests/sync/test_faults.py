"""Faults: an import killed mid-transaction, and many corrupted files."""

from __future__ import annotations

import functools
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from datasette_plugins.intake.sync.apply import PAUSE_ENV
from datasette_plugins.intake.sync.inbox import import_and_log

from .office_registers import NOTICE_ID, OFFICES

ROOT = Path(__file__).resolve().parents[2]
IMPORT_IN_A_PROCESS = """
import resource, sys
from pathlib import Path
from datasette_plugins.intake.schema.connection import connect
from datasette_plugins.intake.sync.inbox import import_and_log
outcome = import_and_log(connect(sys.argv[1]), Path(sys.argv[2]))
print(outcome.status, outcome.code, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
print(outcome.message)
"""
BASELINE_IN_A_PROCESS = """
import resource
from datasette_plugins.intake.schema.connection import connect
from datasette_plugins.intake.sync import apply, inbox, export, directory
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def integrity(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


def test_an_import_killed_inside_its_transaction_leaves_the_register_as_it_was(
    district_and_committee, tmp_path
):
    district, committee = district_and_committee
    unit, batch = district.add_unit_and_batch()
    for seed in range(1, 400):
        district.add_applicant(unit, batch, f"申报人{seed}", seed)
    sent = district.export("330100").path
    before = committee.content()
    committee.conn.close()

    marker = tmp_path / "inside-transaction"
    process = subprocess.Popen(
        [sys.executable, "-c", IMPORT_IN_A_PROCESS, str(committee.path), str(sent)],
        cwd=ROOT,
        env={**os.environ, PAUSE_ENV: str(marker)},
    )
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert process.poll() is None, "the import ended before reaching the pause"
            assert time.monotonic() < deadline, "the import never reached its transaction"
            time.sleep(0.02)
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait(10)
    assert process.returncode == -signal.SIGKILL

    assert integrity(committee.path) == "ok"
    from datasette_plugins.intake.schema.connection import connect

    committee.conn = connect(committee.path)
    assert committee.content() == before
    assert committee.count("_sync_imports") == 0
    assert committee.conn.execute("SELECT applying FROM _sync_state").fetchone()[0] == 0

    report = committee.import_file(sent)  # the same file goes in afterwards
    assert report.tables["applicants"].inserted == 399
    assert committee.content() == district.content()
    assert integrity(committee.path) == "ok"


mutation = st.one_of(
    st.tuples(st.just("flip"), st.lists(st.integers(0, 10**7), min_size=1, max_size=4)),
    st.tuples(st.just("cut"), st.integers(0, 10**7)),
    st.tuples(st.just("insert"), st.integers(0, 10**7)),
)


def mutate(data: bytes, how: tuple) -> bytes:
    kind, where = how
    if kind == "flip":
        spoiled = bytearray(data)
        for position in where:
            spoiled[position % len(data)] ^= 0xFF
        return bytes(spoiled)
    if kind == "cut":
        return data[: where % len(data)]
    position = where % len(data)
    return data[:position] + b"\x00garbage\x00" + data[position:]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow,
          HealthCheck.function_scoped_fixture])  # fmt: skip
@given(how=mutation)
def test_corrupted_files_never_crash_the_import_or_change_the_register(fuzz_pair, tmp_path, how):
    district, committee, good = fuzz_pair
    path = tmp_path / "fuzzed.hzsync"
    path.write_bytes(mutate(good, how))
    before = committee.content()
    outcome = import_and_log(committee.conn, path, offices=OFFICES, notice=NOTICE_ID,
                             key=committee.key)  # fmt: skip
    if not outcome.accepted:
        assert committee.content() == before
        assert outcome.message
    else:  # a flip in bytes nothing depends on (a zip timestamp): the same good content
        assert committee.content() == district.content()
        committee.reset()


class _Committee:
    """The committee register, with a way back to its empty state between examples."""

    def __init__(self, register, empty: Path) -> None:
        self.register = register
        self.empty = empty

    def __getattr__(self, name):
        return getattr(self.register, name)

    def reset(self) -> None:
        with sqlite3.connect(self.empty) as source:
            source.backup(self.register.conn)


@pytest.fixture
def fuzz_pair(district_and_committee, tmp_path):
    district, committee = district_and_committee
    empty = tmp_path / "empty-committee.db"
    with sqlite3.connect(empty) as copy:
        committee.conn.backup(copy)
    unit, batch = district.add_unit_and_batch()
    for seed in range(1, 6):
        district.add_applicant(unit, batch, f"申报人{seed}", seed)
    good = district.export("330100").path.read_bytes()
    return district, _Committee(committee, empty), good


def import_in_a_child(register: Path, path: Path) -> tuple[str, str, int, str]:
    """Import ``path`` in a fresh process; (status, code, peak RSS in KiB, message)."""
    result = subprocess.run(
        [sys.executable, "-c", IMPORT_IN_A_PROCESS, str(register), str(path)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    first, message = result.stdout.splitlines()[:2]
    status, code, rss = first.split()
    return status, code, int(rss), message


@functools.cache
def baseline_rss() -> int:
    """Peak RSS (KiB) of a fresh process that imported the sync code (once per session)."""
    result = subprocess.run([sys.executable, "-c", BASELINE_IN_A_PROCESS], cwd=ROOT,
                            capture_output=True, text=True, timeout=120, check=True)  # fmt: skip
    return int(result.stdout)


def zip_bomb(path: Path, declared: int) -> Path:
    """An unsigned file whose one member inflates to ``declared`` bytes of zeros (deflated)."""
    import zipfile

    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("envelope.json", b"{}")
        archive.writestr("envelope.sig", bytes(64))
        with archive.open("parts/0001.bin", "w", force_zip64=True) as member:
            block = bytes(1 << 20)
            for _ in range(declared >> 20):
                member.write(block)
    assert path.stat().st_size < declared // 500
    return path


@pytest.fixture(scope="session")
def bomb(tmp_path_factory) -> Path:
    """A zip bomb declaring 600 MB, made once (deflating 600 MB takes seconds)."""
    return zip_bomb(tmp_path_factory.mktemp("bomb") / "bomb.hzsync", 600 * 1024**2)


def test_a_zip_bomb_costs_a_few_megabytes_and_is_refused(district_and_committee, bomb):
    _, committee = district_and_committee
    before = committee.content()
    status, code, rss, message = import_in_a_child(committee.path, bomb)
    assert status == "rejected" and code == "tampered" and "经过压缩" in message
    extra = rss - baseline_rss()
    assert extra < 30 * 1024, f"importing the bomb took {extra} KiB beyond the interpreter"
    assert committee.content() == before


def test_a_signed_part_that_inflates_beyond_its_header_is_stopped(
    district_and_committee, tmp_path, monkeypatch
):
    """Even a file signed by a trusted office cannot make the importer inflate more than its
    signed header declares: the part stops there (a doctored exporter at the source)."""
    from datasette_plugins.intake.sync import parts

    district, committee = district_and_committee
    unit, batch = district.add_unit_and_batch()
    district.add_applicant(unit, batch, "张三", 1)
    real_gzip = parts.gzip_file

    def padded(source: Path, target: Path) -> None:  # 200 MB of zeros after the database
        with source.open("ab") as handle:
            handle.truncate(source.stat().st_size + 200 * 1024**2)
        real_gzip(source, target)

    monkeypatch.setattr(parts, "gzip_file", padded)
    real_header = parts.make_header
    monkeypatch.setattr(parts, "make_header",
                        lambda **kw: real_header(**{**kw, "sqlite_bytes": 64 * 1024}))  # fmt: skip
    sent = district.export("330100").path
    monkeypatch.undo()
    before = committee.content()
    status, code, rss, message = import_in_a_child(committee.path, sent)
    assert status == "rejected" and code == "damaged" and "超过声明的大小" in message
    assert rss - baseline_rss() < 30 * 1024
    assert committee.content() == before


def test_the_watcher_stays_small_when_a_zip_bomb_is_dropped_in(
    district_and_committee, tmp_path, bomb
):
    """The watch command (a real watchdog observer) takes the bomb, refuses it, and its peak
    resident memory stays within a few tens of MB of what it used before."""
    from .test_watcher import start_watch_command, stop_watch_command, wait_for

    _, committee = district_and_committee
    inbox = tmp_path / "inbox"
    process = start_watch_command(committee.path, inbox)

    def peak_kib() -> int:
        status = Path(f"/proc/{process.pid}/status").read_text()
        return int(
            next(line for line in status.splitlines() if line.startswith("VmHWM")).split()[1]
        )

    try:
        wait_for(lambda: (inbox / "rejected").is_dir(), timeout=60)
        before = peak_kib()
        (inbox / "bomb.hzsync.part").write_bytes(bomb.read_bytes())
        (inbox / "bomb.hzsync.part").rename(inbox / "bomb.hzsync")
        wait_for(lambda: (inbox / "rejected" / "bomb.hzsync.txt").exists(), timeout=120)
        grown = peak_kib() - before
    finally:
        stop_watch_command(process)
    assert grown < 30 * 1024, f"the watcher grew by {grown} KiB"
    reason = (inbox / "rejected" / "bomb.hzsync.txt").read_text(encoding="utf-8")
    assert "经过压缩" in reason
