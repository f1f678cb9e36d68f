"""Damaged, forged, foreign, unknown or replayed files are refused and change nothing."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from nacl.signing import SigningKey

from datasette_plugins.intake.schema.connection import connect
from datasette_plugins.intake.sync import export, keys
from datasette_plugins.intake.sync.inbox import STATUS_REJECTED, STATUS_WAITING, import_and_log

from .forged_files import (
    ENVELOPE,
    SIGNATURE,
    flip_byte,
    members,
    resigned,
    rewrite_stored_part,
    write_members,
)
from .office_registers import NOTICE_ID, OFFICES, OfficeRegister

PART = "parts/0001.bin"


def truncated(good: Path, key: SigningKey) -> bytes:
    return good.read_bytes()[: good.stat().st_size // 2]


def part_byte_changed(good: Path, key: SigningKey) -> dict:
    content = members(good)
    content[PART] = flip_byte(content[PART], len(content[PART]) // 2)
    return content


def envelope_edited(good: Path, key: SigningKey) -> dict:
    content = members(good)
    envelope = json.loads(content[ENVELOPE])
    envelope["sequence"] = 99
    content[ENVELOPE] = json.dumps(envelope).encode()
    return content


def signature_replaced(good: Path, key: SigningKey) -> dict:
    return {**members(good), SIGNATURE: bytes(64)}


def signed_by_unknown_key(good: Path, key: SigningKey) -> dict:
    return resigned(members(good), lambda e: None, SigningKey.generate())


def office_not_in_directory(good: Path, key: SigningKey) -> dict:
    return resigned(members(good), lambda e: e.update(source_office="339999"), key)


def unknown_format_version(good: Path, key: SigningKey) -> dict:
    return resigned(members(good), lambda e: e.update(format_version=3), key)


def other_notice(good: Path, key: SigningKey) -> dict:
    return resigned(members(good), lambda e: e.update(notice="hz-2024-chem-textile"), key)


def clock_years_ahead(good: Path, key: SigningKey) -> dict:
    return resigned(members(good), lambda e: e.update(max_clock=(4_102_444_800_000 << 16)), key)


def member_added(good: Path, key: SigningKey) -> dict:
    return {**members(good), "parts/extra.sql": b"DROP TABLE applicants;"}


def part_missing(good: Path, key: SigningKey) -> dict:
    content = members(good)
    del content[PART]
    return content


def part_listed_twice_as_long(good: Path, key: SigningKey) -> dict:
    def longer(envelope: dict) -> None:
        envelope["parts"][0]["bytes"] *= 2

    return resigned(members(good), longer, key)


def not_for_this_office(good: Path, key: SigningKey) -> dict:
    def elsewhere(envelope: dict) -> None:
        for entry in envelope["destinations"]:
            entry["office"] = "330106"

    return resigned(members(good), elsewhere, key)


def file_key_swapped(good: Path, key: SigningKey) -> dict:
    def garbled(envelope: dict) -> None:
        envelope["destinations"][0]["file_key"] = (
            "AAAA" + envelope["destinations"][0]["file_key"][4:]
        )

    return resigned(members(good), garbled, key)


CASES = [
    # (how the file was spoiled, refusal code, words the clerk reads)
    (truncated, "damaged", "损坏或不完整"),
    (part_byte_changed, "checksum", "校验和"),
    (envelope_edited, "bad-signature", "签名核验失败"),
    (signature_replaced, "bad-signature", "签名核验失败"),
    (signed_by_unknown_key, "unknown-key", "不在本登记簿密钥目录中"),
    (office_not_in_directory, "unknown-office", "不在受理部门名录"),
    (unknown_format_version, "format-version", "格式版本 3 不受支持"),
    (other_notice, "other-notice", "另一次评审"),
    (clock_years_ahead, "clock-ahead", "时钟"),
    (member_added, "tampered", "清单未列出"),
    (part_missing, "damaged", "缺少数据部分"),
    (part_listed_twice_as_long, "checksum", "大小与清单不符"),
    (not_for_this_office, "not-for-us", "本办公室（330100）无法打开"),
    (file_key_swapped, "cannot-decrypt", "无法用本办公室（330100）的私钥解开"),
]


def spoil_and_import(district: OfficeRegister, committee: OfficeRegister, tmp_path: Path, spoil):
    good = district.export("330100").path
    spoiled = spoil(good, district.key.signing_key)
    bad = tmp_path / good.name
    if isinstance(spoiled, bytes):
        bad.write_bytes(spoiled)
    else:
        write_members(bad, spoiled)
    outcome = import_and_log(committee.conn, bad, offices=OFFICES, notice=NOTICE_ID,
                             key=committee.key)  # fmt: skip
    return good, outcome


@pytest.mark.parametrize(("spoil", "code", "words"), CASES, ids=[c[0].__name__ for c in CASES])
def test_a_spoiled_file_is_refused_with_a_reason_and_the_register_is_untouched(
    district_and_committee, tmp_path, spoil, code, words
):
    district, committee = district_and_committee
    unit, batch = district.add_unit_and_batch()
    district.add_applicant(unit, batch, "张三", 1)
    before = committee.content()

    good, outcome = spoil_and_import(district, committee, tmp_path, spoil)

    assert outcome.status == (STATUS_WAITING if code == "unknown-key" else STATUS_REJECTED)
    assert outcome.code == code, outcome.message
    assert words in outcome.message and outcome.todo
    assert committee.content() == before
    assert committee.count("_sync_imports") == 0 and committee.count("_sync_parts") == 0
    last = committee.conn.execute(
        "SELECT outcome, message FROM sync_log ORDER BY id DESC LIMIT 1"
    ).fetchone()
    assert last[0] in ("已拒收", "等待中") and words in last[1]
    # the good file still imports afterwards
    assert import_and_log(
        committee.conn, good, offices=OFFICES, notice=NOTICE_ID, key=committee.key
    ).accepted


def test_a_compressed_member_is_refused_before_it_is_inflated(district_and_committee, tmp_path):
    district, committee = district_and_committee
    unit, batch = district.add_unit_and_batch()
    district.add_applicant(unit, batch, "张三", 1)
    good = district.export("330100").path
    bad = write_members(tmp_path / good.name, members(good), compressed={PART})
    outcome = import_and_log(committee.conn, bad, offices=OFFICES, notice=NOTICE_ID,
                             key=committee.key)  # fmt: skip
    assert outcome.code == "tampered" and "经过压缩" in outcome.message


# -- authorship: nobody can make a change appear as another office's (issue 13) ---------------


def forge_through_parent_rows(attacker: OfficeRegister, owner: OfficeRegister) -> None:
    """330102 alters the copy of 330105's batch it holds (status returned, a false reason)."""
    rewrite_stored_part(
        attacker.conn,
        "batches",
        owner.office,
        "UPDATE changes SET status = 'returned', status_reason = '材料造假（伪造）'",
    )


def forge_a_header(attacker: OfficeRegister, owner: OfficeRegister) -> None:
    """330102 edits the header of 330105's part (a later clock) but cannot sign it again."""
    attacker.conn.execute(
        "UPDATE _sync_parts SET header = CAST(replace(CAST(header AS TEXT), '\"deletions\": 0',"
        " '\"deletions\": 1') AS BLOB) WHERE author = ?",
        (owner.office,),
    )


def own_version_labelled_as_theirs(attacker: OfficeRegister, owner: OfficeRegister) -> None:
    """330102's exporter writes its own change as a version of 330105's, in a part 330102 signs
    (a doctored program: the importer, not the exporter, has to catch it)."""
    batch = attacker.conn.execute("SELECT id FROM batches").fetchone()[0]
    attacker.write("UPDATE batches SET note = '伪造的备注' WHERE id = ?", (batch,))
    write = export._write_table

    def doctored(conn, table, columns, alias):  # type: ignore[no-untyped-def]
        write(conn, table, columns, alias)
        conn.execute(f"UPDATE {alias}.changes SET __origin = ?", (owner.office,))

    export._write_table = doctored
    attacker.restore_exporter = lambda: setattr(export, "_write_table", write)


FORGERIES = [
    (forge_through_parent_rows, "forged-part", "与办公室 330105 的签名不符"),
    (forge_a_header, "forged-part", "自称由办公室 330105 写入，但签名核验失败"),
    (own_version_labelled_as_theirs, "forged-part", "标为其他办公室写入"),
]


@pytest.mark.parametrize(
    ("forge", "code", "words"), FORGERIES, ids=[f[0].__name__ for f in FORGERIES]
)
def test_an_office_cannot_make_a_change_appear_as_another_offices(make_offices, forge, code, words):
    owner, attacker, committee = make_offices("330105", "330102", "330100")
    unit, batch = owner.add_unit_and_batch()
    first = owner.export("330102", "330100")
    attacker.import_file(first.path)
    committee.import_file(first.path)
    attacker.add_applicant(unit, batch, "张三", 1)  # so that the batch rides along as a parent
    forge(attacker, owner)
    before = committee.content()
    try:
        sent = attacker.export("330100")
    finally:
        getattr(attacker, "restore_exporter", lambda: None)()
    outcome = import_and_log(committee.conn, sent.path, offices=OFFICES, notice=NOTICE_ID,
                             key=committee.key)  # fmt: skip
    assert outcome.code == code, outcome.message
    assert words in outcome.message
    assert committee.content() == before
    status, by = committee.conn.execute("SELECT status, status_by FROM batches").fetchone()
    assert status == "received" and by is None


RULE_BREAKS = [
    ("UPDATE applicants SET id_number = substr(id_number, 1, 17) ||"
     " iif(substr(id_number, 18, 1) = '0', '1', '0')", "身份证号校验位错误"),
    ("UPDATE applicants SET name = '<b>张三</b>'", "姓名含有不允许的字符"),
    ("UPDATE applicants SET review_form_copies = 99", "评审表份数应为0至20之间的整数"),
]  # fmt: skip


@pytest.mark.parametrize(("change", "words"), RULE_BREAKS)
def test_rows_breaking_a_single_row_rule_are_refused(district_and_committee, tmp_path, change,
                                                      words):  # fmt: skip
    """A signed file from a faulty program at the source: the register's own rules still hold."""
    district, committee = district_and_committee
    unit, batch = district.add_unit_and_batch()
    district.add_applicant(unit, batch, "张三", 1)
    for trigger in ("applicants_checks_insert", "applicants_checks_update"):
        district.conn.execute(f"DROP TRIGGER {trigger}")
    district.write(change)
    before = committee.content()
    outcome = import_and_log(committee.conn, district.export("330100").path, offices=OFFICES,
                             notice=NOTICE_ID, key=committee.key)  # fmt: skip
    assert outcome.code == "refused-by-register" and words in outcome.message
    assert committee.content() == before


@pytest.mark.parametrize(
    "garbage", [b"", b"hello", b"PK\x03\x04" + bytes(100), "中文说明.docx".encode() * 50]
)
def test_files_that_are_not_change_files_are_refused(district_and_committee, tmp_path, garbage):
    _, committee = district_and_committee
    path = tmp_path / "something.hzsync"
    path.write_bytes(garbage)
    outcome = import_and_log(committee.conn, path, offices=OFFICES, notice=NOTICE_ID)
    assert outcome.status == STATUS_REJECTED
    assert outcome.code in ("damaged", "not-a-change-file")


def test_an_old_sequence_replayed_with_other_content_is_refused(district_and_committee, tmp_path):
    district, committee = district_and_committee
    unit, batch = district.add_unit_and_batch()
    district.add_applicant(unit, batch, "张三", 1)
    backup = tmp_path / "backup.db"
    with sqlite3.connect(backup) as copy:  # the district's register before exporting
        district.conn.backup(copy)
    first = district.export("330100")
    committee.import_file(first.path)

    district.conn.close()  # the district restores its backup, then logs something else
    for leftover in district.path.parent.glob(district.path.name + "-*"):
        leftover.unlink()
    shutil.copy(backup, district.path)
    district.conn = connect(district.path)
    district.add_applicant(unit, batch, "李四", 2)
    second = district.export("330100")
    assert second.sequence == first.sequence
    before = committee.content()

    outcome = import_and_log(committee.conn, second.path, offices=OFFICES, notice=NOTICE_ID,
                             key=committee.key)  # fmt: skip
    assert outcome.code == "replay"
    assert "重放" in outcome.message
    assert committee.content() == before


def test_private_key_never_travels_and_is_refused_when_others_can_read_it(
    district_and_committee, tmp_path
):
    district, _ = district_and_committee
    unit, batch = district.add_unit_and_batch()
    district.add_applicant(unit, batch, "张三", 1)
    path = district.export("330100").path
    seed = bytes(district.key.signing_key)
    assert seed not in path.read_bytes()
    key_file = district.path.parent / f"{district.office}.signing-key"
    assert key_file.stat().st_mode & 0o777 == 0o600
    register_bytes = district.path.read_bytes() + Path(str(district.path) + "-wal").read_bytes()
    assert seed not in register_bytes and seed.hex().encode() not in register_bytes
    key_file.chmod(0o644)
    with pytest.raises(keys.KeyProblem, match="权限过宽"):
        keys.load_signing_key(key_file, district.office)


def test_an_office_given_back_its_own_file_skips_it(district_and_committee):
    district, _ = district_and_committee
    unit, batch = district.add_unit_and_batch()
    district.add_applicant(unit, batch, "张三", 1)
    before = district.content()
    outcome = import_and_log(district.conn, district.export("330100").path, offices=OFFICES,
                             notice=NOTICE_ID, key=district.key)  # fmt: skip
    assert outcome.status == "own" and "本办公室自己导出的文件" in outcome.message
    assert district.content() == before
