"""A clerk's round trip with the real `datasette intake` commands (keys, export, import)."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner
from datasette.cli import cli


@pytest.fixture(scope="module")
def run():
    runner = CliRunner()

    def invoke(*args: str, ok: bool = True):
        result = runner.invoke(cli, ["intake", *args], catch_exceptions=False)
        if ok:
            assert result.exit_code == 0, result.output
        return result

    return invoke


def test_offices_set_up_trust_through_the_directory_and_exchange_a_file(run, tmp_path: Path):
    """TRUST.md's procedure with the real commands: the committee's central key and directory,
    one trust step and one directory import per office, then an encrypted exchange."""
    district, committee = tmp_path / "shangcheng.db", tmp_path / "committee.db"
    run("demo", str(district), "--office", "330102", "--applicants", "30")
    run("init", str(committee), "--office", "330100")

    made = run("keys", str(district), "--generate")
    key_file = tmp_path / "shangcheng.db.signing-key"
    assert "0600" in made.output and key_file.exists()
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    run("keys", str(committee), "--generate")
    exported = run("keys", str(district), "--export-public", str(tmp_path / "330102.pub.json"))
    assert "88292115" in exported.output  # the number comes from data/, never typed
    run("keys", str(committee), "--export-public", str(tmp_path / "330100.pub.json"))

    central, central_pub = tmp_path / "central.key", tmp_path / "central.pub.json"
    made = run("directory", "init", "--central-key", str(central), "--public", str(central_pub))
    fingerprint = json.loads(central_pub.read_text())["fingerprint"]
    assert fingerprint in made.output and stat.S_IMODE(central.stat().st_mode) == 0o600
    directory = tmp_path / "directory.json"
    keys_in = [str(tmp_path / "330102.pub.json"), str(tmp_path / "330100.pub.json")]
    published = run("directory", "add", str(directory), "--central-key", str(central), *keys_in)
    assert "第 1 版" in published.output
    for db in (district, committee):
        trusted = run("keys", str(db), "--trust-central", str(central_pub))
        assert fingerprint in trusted.output and "致电高评委办公室 88292115" in trusted.output
        assert "第 1 版" in run("keys", str(db), "--import-directory", str(directory)).output
    listing = run("keys", str(committee)).output
    assert "330102" in listing and "使用中" in listing and fingerprint in listing

    usb = tmp_path / "usb"
    usb.mkdir()
    exported = run("export", str(district), "--to", str(usb), "--destination", "330100")
    assert "已导出第 1 号变更文件" in exported.output and "仅 330100 可读" in exported.output
    (change_file,) = usb.glob("*.hzsync")
    assert not list(usb.glob("*.part"))

    imported = run("import", str(committee), str(change_file))
    assert "✓" in imported.output and "applicants 新增 30" in imported.output
    again = run("import", str(committee), str(change_file))
    assert "此前已导入过" in again.output

    nothing = run("export", str(district), "--to", str(usb), "--destination", "330100")
    assert "没有需要导出" in nothing.output

    # on the phone: both offices read the same content hash
    status = {db: run("sync-status", str(db)).output for db in (district, committee)}
    digests = {next(line for line in text.splitlines() if "内容摘要" in line)
               for text in status.values()}  # fmt: skip
    assert len(digests) == 1
    assert "已导入 330102 的文件 1 个" in status[committee]
    assert "没有等待中或被拒收的文件" in status[committee]

    # a directory signed by another key than the trusted central one is refused
    rogue, rogue_pub = tmp_path / "rogue.key", tmp_path / "rogue.pub.json"
    run("directory", "init", "--central-key", str(rogue), "--public", str(rogue_pub))
    rogue_directory = tmp_path / "rogue-directory.json"
    run("directory", "add", str(rogue_directory), "--central-key", str(rogue),
        str(tmp_path / "330102.pub.json"))  # fmt: skip
    refused = run("keys", str(committee), "--import-directory", str(rogue_directory), ok=False)
    assert refused.exit_code == 1 and "签名核验失败" in refused.output
    # an old version does not replace a newer one
    old = directory.read_text()
    run("directory", "add", str(directory), "--central-key", str(central),
        str(tmp_path / "330100.pub.json"), ok=False)  # fmt: skip
    directory.write_text(old)
    stale = run("keys", str(committee), "--import-directory", str(directory), ok=False)
    assert "无需导入" in stale.output


def test_clear_errors_instead_of_tracebacks(run, tmp_path: Path):
    missing = run("import", str(tmp_path / "nope.db"), str(tmp_path / "x.hzsync"), ok=False)
    assert missing.exit_code == 1 and "登记簿文件不存在" in missing.output

    register = tmp_path / "r.db"
    run("init", str(register), "--office", "330105")
    no_key = run("export", str(register), "--to", str(tmp_path), "--destination", "330100",
                 ok=False)  # fmt: skip
    assert no_key.exit_code == 1 and "找不到私钥文件" in no_key.output

    bad = tmp_path / "bad.hzsync"
    bad.write_bytes(b"PK not really")
    refused = run("import", str(register), str(bad), ok=False)
    assert refused.exit_code == 1 and "已拒收" in refused.output

    wrong = tmp_path / "wrong.json"
    wrong.write_text("{}", encoding="utf-8")
    bad_key = run("keys", str(register), "--trust-central", str(wrong), ok=False)
    assert bad_key.exit_code == 1 and "中心公钥文件格式不对" in bad_key.output
    assert "Traceback" not in missing.output + no_key.output + refused.output + bad_key.output


def test_import_takes_files_in_any_order_given(run, tmp_path: Path):
    from .office_registers import create, trust_each_other

    district, committee = create(tmp_path / "a", "330102"), create(tmp_path / "b", "330100")
    trust_each_other([district, committee])
    unit, batch = district.add_unit_and_batch()
    entry = district.add_applicant(unit, batch, "张三", 1, position=1)
    files = [district.export("330100").path]
    district.delete(entry)  # entered by mistake, removed, entered again at the same position
    files.append(district.export("330100").path)
    district.add_applicant(unit, batch, "张三", 1, position=1)
    files.append(district.export("330100").path)

    given = [files[0], files[2], files[1]]  # the re-entry comes before the deletion it needs
    result = run("import", str(committee.path), *(str(p) for p in given))
    assert result.output.count("✓") == 3 and "已拒收" not in result.output
    log = committee.conn.execute("SELECT outcome, file_name FROM sync_log ORDER BY id")
    assert [tuple(row) for row in log] == [("已导入", path.name) for path in given]
    assert committee.content() == district.content()
    district.close()
    committee.close()
