"""`python -m rules_py check`: stdout is check_json's text, exit codes 0/2, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from rules_py import check_json

ROOT = Path(__file__).resolve().parents[2]
VALID = '{"skill_honours": ["national_technical_expert"]}'


def cli(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "rules_py", *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        timeout=600,  # a hang guard only: a loaded machine may be slow
    )


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (VALID.encode(), 0),
        ("\ufeff".encode() + VALID.encode(), 0),
        (b'{"engineer_qualified_on": "2023-02-30"}', 2),
        (b"[1, 2]", 2),
        (b"\xff\xfe{\x00}", 2),
    ],
    ids=["valid", "valid with BOM", "bad date", "not an object", "not UTF-8"],
)
def test_check_file_and_stdin(tmp_path: Path, content: bytes, code: int) -> None:
    path = tmp_path / "申报人.json"
    path.write_bytes(content)
    by_file, by_stdin = cli("check", str(path)), cli("check", "-", stdin=content)
    for run in (by_file, by_stdin):
        assert run.returncode == code
        assert run.stderr == b""
        result = json.loads(run.stdout.decode("utf-8"))
        assert ("error" in result) is (code == 2)
    assert by_file.stdout == by_stdin.stdout
    if code == 0:
        assert by_file.stdout.decode("utf-8") == check_json(content.decode("utf-8-sig"))[0]


def test_missing_file_is_a_chinese_error(tmp_path: Path) -> None:
    run = cli("check", str(tmp_path / "nope.json"))
    assert run.returncode == 2 and b"Traceback" not in run.stderr
    error = json.loads(run.stdout)["error"]
    assert error["field"] == "$" and "找不到文件" in error["message"]


def test_jsonl_mode_one_line_per_input(tmp_path: Path) -> None:
    path = tmp_path / "many.jsonl"
    path.write_text(VALID + "\n\n{}\n{oops\n", encoding="utf-8")
    run = cli("check", "--jsonl", str(path))
    lines = [json.loads(line) for line in run.stdout.decode().splitlines()]
    assert [line["exit"] for line in lines] == [0, 0, 2]
    assert lines[0]["output"] == check_json(VALID)[0]


def test_usage_error_exits_2_without_traceback() -> None:
    run = cli("check")
    assert run.returncode == 2 and b"Traceback" not in run.stderr


def test_photo_and_self_report_commands(tmp_path: Path) -> None:
    report = tmp_path / "述职.txt"
    report.write_text("我负责化工项目。", encoding="utf-8")
    run = cli("self-report", str(report))
    assert run.returncode == 0 and json.loads(run.stdout)["count"] == 8
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"not a jpeg")
    run = cli("photo", str(photo))
    assert run.returncode == 1 and json.loads(run.stdout)["ok"] is False
