"""The same check inside Pyodide under Node (scripts/pyodide-check.mjs): byte-identical output
and the same exit codes as the Python CLI, for every case of the table (one Pyodide boot)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from cases import CASES, case_text

from rules_py import check_json

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "pyodide-check.mjs"
NODE = shutil.which("node")
pytestmark = pytest.mark.skipif(NODE is None, reason="node is not installed")


def node(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [NODE or "node", str(SCRIPT), *args], input=stdin, capture_output=True, timeout=900
    )


def python_cli(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "rules_py", "check", *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        timeout=600,
    )


SINGLE = {
    "valid": (b'{"skill_honours": ["qianjiang_skills_award"]}', 0),
    "invalid": (b'{"continuing_education": {"2021": {"public": -1}}}', 2),
}


@pytest.fixture(scope="session")
def all_cases(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every case of the table as one JSON text per line."""
    lines = [case_text(case) for case in CASES]
    assert not any("\n" in line for line in lines)
    path = tmp_path_factory.mktemp("cases") / "cases.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def node_runs(all_cases: Path) -> dict[str, subprocess.CompletedProcess[bytes]]:
    """All Node runs of this module, started together (each boots Pyodide, ~2 s)."""
    folder = all_cases.parent
    jobs: dict[str, tuple[tuple[str, ...], bytes]] = {"jsonl": (("--jsonl", str(all_cases)), b"")}
    for name, (content, _) in SINGLE.items():
        (folder / f"{name}.json").write_bytes(content)
        jobs[f"file:{name}"] = ((str(folder / f"{name}.json"),), b"")
    jobs["stdin:valid"] = (("-",), SINGLE["valid"][0])
    jobs["missing"] = ((str(folder / "nope.json"),), b"")
    with ThreadPoolExecutor(max_workers=3) as pool:
        futures = {k: pool.submit(node, *args, stdin=data) for k, (args, data) in jobs.items()}
        return {k: f.result() for k, f in futures.items()}


def test_every_case_is_byte_identical_in_pyodide(
    all_cases: Path, node_runs: dict[str, subprocess.CompletedProcess[bytes]]
) -> None:
    in_pyodide = node_runs["jsonl"]
    in_cpython = python_cli("--jsonl", str(all_cases))
    assert in_pyodide.returncode == 0, in_pyodide.stderr.decode()
    assert in_pyodide.stdout == in_cpython.stdout
    results = [json.loads(line) for line in in_pyodide.stdout.decode().splitlines()]
    # --jsonl skips blank lines: the empty-input case is the only one without a result line
    expected = [check_json(case_text(c)) for c in CASES if case_text(c).strip()]
    assert [(r["output"], r["exit"]) for r in results] == expected
    assert len(results) == len(CASES) - 1


@pytest.mark.parametrize("name", list(SINGLE))
def test_single_file_mode_matches_the_python_cli(
    all_cases: Path, node_runs: dict[str, subprocess.CompletedProcess[bytes]], name: str
) -> None:
    path = all_cases.parent / f"{name}.json"
    by_file, code = node_runs[f"file:{name}"], SINGLE[name][1]
    python = python_cli(str(path))
    assert (by_file.returncode, python.returncode) == (code, code)
    assert by_file.stdout == python.stdout
    assert by_file.stderr == b""


def test_stdin_mode(node_runs: dict[str, subprocess.CompletedProcess[bytes]]) -> None:
    run = node_runs["stdin:valid"]
    assert (run.returncode, run.stdout) == (0, python_cli("-", stdin=SINGLE["valid"][0]).stdout)


def test_missing_file_same_error_as_python(
    all_cases: Path, node_runs: dict[str, subprocess.CompletedProcess[bytes]]
) -> None:
    run = node_runs["missing"]
    assert run.returncode == 2
    assert run.stdout == python_cli(str(all_cases.parent / "nope.json")).stdout
