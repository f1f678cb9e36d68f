"""The inbox watcher end to end: a real watchdog observer on a real folder."""

from __future__ import annotations

import os
import random
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from datasette_plugins.intake.sync import review
from datasette_plugins.intake.sync.watcher import InboxWatcher, start_watcher

from .office_registers import OfficeRegister


def watch_command(register: Path, inbox: Path) -> list[str]:
    """The clerk's command line: `datasette intake watch <register> <inbox>`."""
    import sys

    datasette = Path(sys.executable).with_name("datasette")
    return [str(datasette), "intake", "watch", str(register), str(inbox)]


def start_watch_command(register: Path, inbox: Path):  # type: ignore[no-untyped-def]
    """`datasette intake watch` in a process of its own, its fault handler on."""
    import subprocess

    return subprocess.Popen(
        watch_command(register, inbox),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONFAULTHANDLER": "1"},
    )


def stop_watch_command(process, sig=None) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """Stop it as a clerk would (Ctrl-C, or `sig`); if it does not end, its threads' stacks
    (SIGABRT makes the fault handler print them) are the failure's message."""
    import signal
    import subprocess

    process.send_signal(sig or signal.SIGINT)
    try:
        return process.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGABRT)
        out, err = process.communicate()
        pytest.fail(f"the watch command did not stop:\n{out}\n{err}")


def wait_for(condition, timeout: float = 120) -> None:
    """Wait for an event (a ceiling, not a pace: a loaded 2-core machine is slow)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


@pytest.fixture
def watched(district_and_committee, tmp_path) -> Iterator[tuple[OfficeRegister, OfficeRegister,
                                                                 Path, InboxWatcher]]:  # fmt: skip
    district, committee = district_and_committee
    inbox = tmp_path / "inbox"
    watcher = start_watcher(committee.path, inbox)
    yield district, committee, inbox, watcher
    watcher.stop()


def drop(path: Path, inbox: Path) -> Path:
    """Copy a file in the way the export does: write name.part, then rename."""
    part = inbox / (path.name + ".part")
    part.write_bytes(path.read_bytes())
    final = inbox / path.name
    part.rename(final)
    return final


def logged(register: OfficeRegister) -> list[tuple[str, str]]:
    rows = register.conn.execute("SELECT outcome, message FROM sync_log ORDER BY id")
    return [tuple(row) for row in rows]


def test_a_file_renamed_into_the_inbox_is_imported_and_moved_to_done(watched):
    district, committee, inbox, _ = watched
    unit, batch = district.add_unit_and_batch()
    district.add_applicant(unit, batch, "张三", 1)
    sent = district.export("330100").path
    drop(sent, inbox)
    done = inbox / "done" / sent.name
    wait_for(lambda: (done.parent / (sent.name + ".txt")).exists())
    assert done.exists() and not (inbox / sent.name).exists()
    assert "已导入" in (done.parent / (sent.name + ".txt")).read_text(encoding="utf-8")
    assert committee.content() == district.content()
    assert logged(committee)[-1][0] == "已导入"


def test_a_file_still_being_written_is_left_alone_until_it_is_closed(watched):
    district, committee, inbox, watcher = watched
    unit, batch = district.add_unit_and_batch()
    district.add_applicant(unit, batch, "张三", 1)
    data = district.export("330100").path.read_bytes()
    target = inbox / "slow-copy.hzsync"
    with open(target, "wb") as handle:  # a slow copy straight to the final name
        handle.write(data[: len(data) // 2])
        handle.flush()
        time.sleep(1.5)
        assert target.exists(), "a half-written file was taken"
        assert not any((inbox / "rejected").iterdir())
        assert committee.count("applicants") == 0
        handle.write(data[len(data) // 2 :])
    wait_for(lambda: (inbox / "done" / "slow-copy.hzsync").exists())
    assert committee.content() == district.content()


def test_the_watcher_keeps_going_after_bad_files(watched):
    district, committee, inbox, watcher = watched
    (inbox / "notes.docx").write_bytes(b"not a change file at all")
    junk = inbox / "junk.hzsync"
    junk.write_bytes(bytes(random.Random(1).randrange(256) for _ in range(3000)))
    wait_for(lambda: len(list((inbox / "rejected").glob("*.txt"))) == 2)
    reason = (inbox / "rejected" / "notes.docx.txt").read_text(encoding="utf-8")
    assert "已拒收" in reason and "登记簿未作任何改动" in reason

    unit, batch = district.add_unit_and_batch()
    district.add_applicant(unit, batch, "张三", 1)
    sent = district.export("330100").path
    drop(sent, inbox)
    wait_for(lambda: (inbox / "done" / sent.name).exists())
    assert committee.content() == district.content()
    drop(sent, inbox)  # the same file once more: a harmless duplicate
    wait_for(lambda: (inbox / "done" / f"{sent.stem}-1{sent.suffix}").exists())
    outcomes = [outcome for outcome, _ in logged(committee)]
    assert outcomes.count("已拒收") == 2 and outcomes[-2:] == ["已导入", "重复，未改动"]


def test_files_already_in_the_inbox_at_start_are_imported(district_and_committee, tmp_path):
    district, committee = district_and_committee
    unit, batch = district.add_unit_and_batch()
    district.add_applicant(unit, batch, "张三", 1)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    sent = drop(district.export("330100").path, inbox)
    an_hour_ago = time.time() - 3600
    os.utime(sent, (an_hour_ago, an_hour_ago))  # copied in while the watcher was not running
    (inbox / "ignored.hzsync.part").write_bytes(b"still copying")
    watcher = start_watcher(committee.path, inbox)
    try:
        wait_for(lambda: (inbox / "done" / sent.name).exists())
    finally:
        watcher.stop()
    assert (inbox / "ignored.hzsync.part").exists()
    assert committee.content() == district.content()


def test_a_burst_of_corrupted_files_never_stops_the_watcher(watched):
    district, committee, inbox, watcher = watched
    unit, batch = district.add_unit_and_batch()
    district.add_applicant(unit, batch, "张三", 1)
    good = district.export("330100").path
    data = good.read_bytes()
    rng = random.Random(6)
    before = committee.content()
    for number in range(25):
        spoiled = bytearray(data)
        for _ in range(rng.randint(1, 3)):
            spoiled[rng.randrange(len(spoiled))] ^= 0xFF
        if number % 3 == 0:
            spoiled = spoiled[: rng.randrange(len(spoiled))]
        (inbox / f"bad-{number:02d}.hzsync.part").write_bytes(bytes(spoiled))
        (inbox / f"bad-{number:02d}.hzsync.part").rename(inbox / f"bad-{number:02d}.hzsync")
    wait_for(lambda: len(list(inbox.glob("*/*.txt"))) == 25, timeout=60)
    accepted = list((inbox / "done").glob("*.hzsync"))
    # bytes no check depends on (zip timestamps) may survive a flip: then it is the good data
    assert committee.content() in ({before} if not accepted else {district.content()})
    assert watcher._worker is not None and watcher._worker.is_alive()
    drop(good, inbox)
    wait_for(lambda: (inbox / "done" / good.name).exists())
    assert committee.content() == district.content()


def test_files_arriving_in_any_order_go_in_at_once_and_converge(watched):
    """Converge first: a file never waits for another one (here the re-entry of a person at
    the roster position that an earlier deletion, not yet arrived, frees)."""
    district, committee, inbox, _ = watched
    unit, batch = district.add_unit_and_batch()
    first_entry = district.add_applicant(unit, batch, "张三", 1, position=1)
    file_1 = district.export("330100").path
    district.delete(first_entry)  # registered by mistake: removed ...
    file_2 = district.export("330100").path
    district.add_applicant(unit, batch, "张三", 1, position=1)  # ... and entered again
    file_3 = district.export("330100").path

    for path in (file_1, file_3):
        drop(path, inbox)
        wait_for(lambda path=path: (inbox / "done" / path.name).exists())
    kinds = {item.kind for item in review.items(committee.conn)}
    assert kinds == {"same-batch-person", "same-position"}  # for now: both entries are there
    drop(file_2, inbox)
    wait_for(lambda: (inbox / "done" / file_2.name).exists())
    assert committee.content() == district.content()
    assert review.items(committee.conn) == []
    assert not list((inbox / "waiting").iterdir())


def test_a_file_from_a_key_not_yet_in_the_directory_waits_then_goes_in(tmp_path):
    from .office_registers import Central, create

    district, committee, newcomer = (
        create(tmp_path / code, code) for code in ("330102", "330100", "330105")
    )
    central = Central(tmp_path / "central")
    for register in (district, committee):
        central.directory.add_key(register.office, register.key.public_key)
    first = central.publish()  # directory version 1: 330105 is not in it yet
    for register in (district, committee, newcomer):
        central.trusted_by(register)
        central.send(first, register)
    inbox = tmp_path / "inbox"
    watcher = start_watcher(committee.path, inbox)
    try:
        _, newcomer_batch = newcomer.add_unit_and_batch()
        sent = newcomer.export("330100").path
        drop(sent, inbox)
        reason = inbox / "waiting" / (sent.name + ".txt")
        wait_for(reason.exists)
        text = reason.read_text(encoding="utf-8")
        assert "没有办公室 330105 的公钥" in text
        assert "怎么办：请导入高评委办公室发布的最新密钥目录" in text
        states = dict(committee.conn.execute("SELECT file_name, state FROM sync_files"))
        assert states == {sent.name: "waiting"}
        central.directory.add_key(newcomer.office, newcomer.key.public_key)
        central.send(central.publish(), committee)  # version 2 lists 330105
        district.add_unit_and_batch()
        drop(district.export("330100").path, inbox)  # an applied file: waiting ones retry
        wait_for(lambda: (inbox / "done" / sent.name).exists())
    finally:
        watcher.stop()
    found = committee.conn.execute("SELECT COUNT(*) FROM batches WHERE id = ?", (newcomer_batch,))
    assert found.fetchone()[0] == 1
    outcomes = [row[0] for row in committee.conn.execute(
        "SELECT outcome FROM sync_log WHERE file_name = ? ORDER BY id", (sent.name,))]  # fmt: skip
    assert outcomes == ["等待中", "已导入"]  # logged once while waiting, once when imported
    for register in (district, committee, newcomer):
        register.close()


@pytest.mark.parametrize("stop_signal", ["SIGINT", "SIGTERM"])
def test_the_watch_command_imports_and_stops_cleanly_on_ctrl_c(
    district_and_committee, tmp_path, stop_signal
):
    import signal

    district, committee = district_and_committee
    unit, batch = district.add_unit_and_batch()
    district.add_applicant(unit, batch, "张三", 1)
    sent = district.export("330100").path
    inbox = tmp_path / "inbox"
    process = start_watch_command(committee.path, inbox)
    try:
        wait_for(lambda: (inbox / "rejected").is_dir())
        drop(sent, inbox)
        wait_for(lambda: (inbox / "done" / sent.name).exists())
    finally:
        out, err = stop_watch_command(process, getattr(signal, stop_signal))
    assert process.returncode == 0, err
    assert "正在监视" in out and f"✓ {sent.name}" in out
    assert "Traceback" not in err
    assert committee.content() == district.content()


def test_one_watcher_per_inbox_and_the_next_takes_over(watched):
    from datasette_plugins.intake.sync.watcher import InboxBusy

    district, committee, inbox, first = watched
    with pytest.raises(InboxBusy, match="已有另一个监视程序"):
        start_watcher(committee.path, inbox)
    first.stop()
    second = start_watcher(committee.path, inbox)
    try:
        unit, batch = district.add_unit_and_batch()
        district.add_applicant(unit, batch, "张三", 1)
        sent = district.export("330100").path
        drop(sent, inbox)
        wait_for(lambda: (inbox / "done" / sent.name).exists())
    finally:
        second.stop()


def test_the_watch_command_refuses_an_inbox_already_watched(watched):
    import subprocess

    _, committee, inbox, _ = watched
    result = subprocess.run(
        watch_command(committee.path, inbox),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "已有另一个监视程序在运行" in result.stderr and "Traceback" not in result.stderr


def test_two_workers_of_a_served_register_import_each_file_once(
    district_and_committee, tmp_path, serve_registers
):
    from datasette_plugins.intake.accounts.config import build_config, write_config

    district, committee = district_and_committee
    inbox = tmp_path / "inbox"
    config = build_config({committee.path.stem: "330100"}, [])
    config["databases"][committee.path.stem]["plugins"] = {"intake": {"sync_inbox": str(inbox)}}
    serve_registers([committee.path], write_config(tmp_path / "datasette.yaml", config), workers=2)
    wait_for(lambda: (inbox / "rejected").is_dir())
    sent = []
    for number in range(3):
        unit, batch = district.add_unit_and_batch(f"杭州第{number}印染有限公司")
        district.add_applicant(unit, batch, "张三", 1)
        sent.append(district.export("330100").path)
        drop(sent[-1], inbox)
    wait_for(lambda: all((inbox / "done" / path.name).exists() for path in sent))
    time.sleep(1)  # time enough for a second watcher, if there were one, to trip over them
    assert sorted(p.name for p in (inbox / "done").iterdir() if p.suffix != ".txt") == sorted(
        p.name for p in sent
    )
    assert not list((inbox / "rejected").iterdir())
    assert [outcome for outcome, _ in logged(committee)] == ["已导入"] * 3
    assert committee.content() == district.content()
