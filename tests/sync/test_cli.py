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


def test_two_offices_set_up_keys_and_exchange_a_file(run, tmp_path: Path):
    district, committee = tmp_path / "shangcheng.db", tmp_path / "committee.db"
    run("demo", str(district), "--office", "330102", "--applicants", "30")
    run("init", str(committee), "--office", "330100")

    made = run("keys", str(district), "--generate")
    key_file = tmp_path / "shangcheng.db.signing-key"
    assert "0600" in made.output and key_file.exists()
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    run("keys", str(committee), "--generate")
    run("keys", str(district), "--export-public", str(tmp_path / "330102.pub.json"))
    run("keys", str(committee), "--export-public", str(tmp_path / "330100.pub.json"))
    imported = run("keys", str(committee), "--import-public", str(tmp_path / "330102.pub.json"))
    fingerprint = json.loads((tmp_path / "330102.pub.json").read_text())["fingerprint"]
    assert fingerprint in imported.output and "核对指纹" in imported.output
    listing = run("keys", str(committee))
    assert "330102" in listing.output and fingerprint in listing.output

    usb = tmp_path / "usb"
    usb.mkdir()
    exported = run("export", str(district), "--to", str(usb), "--destination", "330100")
    assert "已导出第 1 号变更文件" in exported.output
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
    assert (
        "已导出到“330100”" in status[district] and "已导入 330102 的文件 1 个" in status[committee]
    )


def test_clear_errors_instead_of_tracebacks(run, tmp_path: Path):
    missing = run("import", str(tmp_path / "nope.db"), str(tmp_path / "x.hzsync"), ok=False)
    assert missing.exit_code == 1 and "登记簿文件不存在" in missing.output

    register = tmp_path / "r.db"
    run("init", str(register), "--office", "330105")
    no_key = run("export", str(register), "--to", str(tmp_path), ok=False)
    assert no_key.exit_code == 1 and "找不到私钥文件" in no_key.output

    bad = tmp_path / "bad.hzsync"
    bad.write_bytes(b"PK not really")
    refused = run("import", str(register), str(bad), ok=False)
    assert refused.exit_code == 1 and "已拒收" in refused.output

    wrong = tmp_path / "wrong.json"
    wrong.write_text("{}", encoding="utf-8")
    bad_key = run("keys", str(register), "--import-public", str(wrong), ok=False)
    assert bad_key.exit_code == 1 and "公钥文件格式不对" in bad_key.output
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
    outcomes = [tuple(row) for row in log]
    assert ("已拒收", files[2].name) in outcomes  # tried first, refused, tried again at the end
    assert outcomes[-1] == ("已导入", files[2].name)
    assert committee.content() == district.content()
    district.close()
    committee.close()
