"""Faults: an import killed mid-transaction, and many corrupted files."""

from __future__ import annotations

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
from datasette_plugins.intake.sync.inbox import STATUS_REJECTED, import_and_log

from .office_registers import NOTICE_ID, OFFICES

ROOT = Path(__file__).resolve().parents[2]
IMPORT_IN_A_PROCESS = """
import sys
from pathlib import Path
from datasette_plugins.intake.schema.connection import connect
from datasette_plugins.intake.sync.inbox import import_and_log
outcome = import_and_log(connect(sys.argv[1]), Path(sys.argv[2]))
print(outcome.status, outcome.message)
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
    outcome = import_and_log(committee.conn, path, offices=OFFICES, notice=NOTICE_ID)
    if outcome.status == STATUS_REJECTED:
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
