"""Damaged, forged, unknown, foreign or replayed files are refused and change nothing."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from nacl.signing import SigningKey

from datasette_plugins.intake.schema.connection import connect
from datasette_plugins.intake.sync import changefile, keys
from datasette_plugins.intake.sync.inbox import STATUS_REJECTED, import_and_log

from .forged_files import flip_byte, members, resigned, write_members
from .office_registers import NOTICE_ID, OFFICES

PART = "parts/applicants.sqlite.gz"


def truncated(good: Path, key: SigningKey) -> bytes:
    return good.read_bytes()[: good.stat().st_size // 2]


def part_byte_changed(good: Path, key: SigningKey) -> dict:
    content = members(good)
    content[PART] = flip_byte(content[PART], len(content[PART]) // 2)
    return content


def manifest_counts_changed(good: Path, key: SigningKey) -> dict:
    content = members(good)
    manifest = json.loads(content[changefile.MANIFEST_NAME])
    manifest["counts"]["applicants"]["rows"] = 99
    content[changefile.MANIFEST_NAME] = json.dumps(manifest).encode()
    return content


def signature_replaced(good: Path, key: SigningKey) -> dict:
    return {**members(good), changefile.SIGNATURE_NAME: bytes(64)}


def signed_by_unknown_key(good: Path, key: SigningKey) -> dict:
    return resigned(members(good), lambda m: None, SigningKey.generate())


def office_not_in_directory(good: Path, key: SigningKey) -> dict:
    return resigned(members(good), lambda m: m.update(source_office="339999"), key)


def unknown_format_version(good: Path, key: SigningKey) -> dict:
    return resigned(members(good), lambda m: m.update(format_version=2), key)


def other_notice(good: Path, key: SigningKey) -> dict:
    return resigned(members(good), lambda m: m.update(notice="hz-2024-chem-textile"), key)


def clock_years_ahead(good: Path, key: SigningKey) -> dict:
    return resigned(members(good), lambda m: m.update(max_clock=(4_102_444_800_000 << 16)), key)


def member_added(good: Path, key: SigningKey) -> dict:
    return {**members(good), "parts/extra.sql": b"DROP TABLE applicants;"}


def part_missing(good: Path, key: SigningKey) -> dict:
    content = members(good)
    del content[PART]
    return content


def forged_part(table: str, update: str):
    """A spoiler rewriting one part with ``update`` and signing the manifest again, so that
    the sha256 and the signature are right and only the rows themselves are wrong."""

    def spoil(good: Path, key: SigningKey) -> dict:
        import gzip
        import sqlite3
        import tempfile

        name = f"parts/{table}.sqlite.gz"
        content = members(good)
        with tempfile.TemporaryDirectory() as scratch:
            path = Path(scratch) / "p.sqlite"
            path.write_bytes(gzip.decompress(content[name]))
            conn = sqlite3.connect(path)
            conn.execute(update)
            conn.commit()
            conn.close()
            data = changefile.pack_part(path)
        content[name] = data

        def fix(manifest: dict) -> None:
            for part in manifest["parts"]:
                if part["name"] == name:
                    entry = changefile.part_entry(name, table, part["columns"], part["rows"],
                                                  part["deletions"], data)  # fmt: skip
                    part.update(entry)

        return resigned(content, fix, key)

    spoil.__name__ = f"forged_{table}_rows"
    return spoil


CASES = [
    # (how the file was spoiled, refusal code, words the clerk reads)
    (truncated, "damaged", "损坏或不完整"),
    (part_byte_changed, "checksum", "校验和"),
    (manifest_counts_changed, "bad-signature", "签名核验失败"),
    (signature_replaced, "bad-signature", "签名核验失败"),
    (signed_by_unknown_key, "unknown-key", "未登记的密钥"),
    (office_not_in_directory, "unknown-office", "不在受理部门名录"),
    (unknown_format_version, "format-version", "格式版本 2 不受支持"),
    (other_notice, "other-notice", "另一次评审"),
    (clock_years_ahead, "clock-ahead", "时钟"),
    (member_added, "tampered", "清单未列出"),
    (part_missing, "damaged", "缺少数据部分"),
    # only the signer's own changes travel (units and batches they refer to excepted) ...
    (forged_part("applicants", "UPDATE changes SET __origin = '330105'"), "damaged", "来源办公室"),
    # ... and every version names an office of the directory
    (forged_part("units", "UPDATE changes SET __origin = 'x\"y'"), "damaged", "来源办公室"),
    (forged_part("applicants", "UPDATE changes SET __clock = __clock + 1"), "damaged", "晚于清单"),
]

# Rows signed by a known office but breaking the register's rules (a faulty program at the
# source): the importer checks the rows it inserts in bulk, with the triggers' rules and words.
SWAP_CHECK_CHAR = "substr(id_number, 1, 17) || iif(substr(id_number, 18, 1) = '0', '1', '0')"
RULE_BREAKS = [
    ("applicants", f"SET id_number = {SWAP_CHECK_CHAR}", "身份证号校验位错误"),
    ("applicants", "SET name = '<b>张三</b>'", "姓名含有不允许的字符"),
    ("applicants", "SET review_form_copies = 99", "评审表份数应为0至20之间的整数"),
    ("applicants", "SET batch_id = unit_id", "所属批次不存在"),
    ("batches", "SET mandate_copies = -1", "委托书份数应为0至20之间的整数"),
]
CASES += [
    (forged_part(table, f"UPDATE changes {change}"), "refused-by-register", words)
    for table, change, words in RULE_BREAKS
]


@pytest.mark.parametrize(("spoil", "code", "words"), CASES, ids=[c[0].__name__ for c in CASES])
def test_a_spoiled_file_is_refused_with_a_reason_and_the_register_is_untouched(
    district_and_committee, tmp_path, spoil, code, words
):
    district, committee = district_and_committee
    unit, batch = district.add_unit_and_batch()
    district.add_applicant(unit, batch, "张三", 1)
    good = district.export("330100").path
    spoiled = spoil(good, district.key.signing_key)
    bad = tmp_path / good.name
    if isinstance(spoiled, bytes):
        bad.write_bytes(spoiled)
    else:
        write_members(bad, spoiled)
    before = committee.content()

    outcome = import_and_log(committee.conn, bad, offices=OFFICES, notice=NOTICE_ID)

    assert outcome.status == STATUS_REJECTED
    assert outcome.code == code, outcome.message
    assert words in outcome.message
    assert committee.content() == before
    assert committee.count("_sync_imports") == 0
    last = committee.conn.execute(
        "SELECT outcome, message FROM sync_log ORDER BY id DESC LIMIT 1"
    ).fetchone()
    assert last[0] == "已拒收" and words in last[1]
    # the good file still imports afterwards
    assert import_and_log(committee.conn, good, offices=OFFICES, notice=NOTICE_ID).accepted


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

    outcome = import_and_log(committee.conn, second.path, offices=OFFICES, notice=NOTICE_ID)
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
    assert seed.hex() not in "".join(
        str(v) for row in district.conn.execute("SELECT * FROM _sync_keys") for v in row
    )
    key_file.chmod(0o644)
    with pytest.raises(keys.KeyProblem, match="权限过宽"):
        keys.load_signing_key(key_file, district.office)


def test_a_public_key_is_not_silently_replaced(district_and_committee):
    district, committee = district_and_committee
    stranger = SigningKey.generate()
    with pytest.raises(keys.KeyProblem, match="--replace"):
        keys.store_public_key(
            committee.conn, district.office, bytes(stranger.verify_key), note="", replace=False
        )


def test_a_file_from_an_office_whose_key_was_never_imported_is_refused(district_and_committee):
    district, committee = district_and_committee
    committee.conn.execute("DELETE FROM _sync_keys WHERE office = ?", (district.office,))
    unit, batch = district.add_unit_and_batch()
    district.add_applicant(unit, batch, "张三", 1)
    before = committee.content()
    outcome = import_and_log(
        committee.conn, district.export("330100").path, offices=OFFICES, notice=NOTICE_ID
    )
    assert outcome.code == "unknown-key"
    assert "没有办公室 330102 的公钥" in outcome.message and "--import-public" in outcome.message
    assert committee.content() == before


def test_an_office_given_back_its_own_file_skips_it(district_and_committee):
    district, _ = district_and_committee
    unit, batch = district.add_unit_and_batch()
    district.add_applicant(unit, batch, "张三", 1)
    before = district.content()
    outcome = import_and_log(
        district.conn, district.export("330100").path, offices=OFFICES, notice=NOTICE_ID
    )
    assert outcome.status == "own" and "本办公室自己导出的文件" in outcome.message
    assert district.content() == before
