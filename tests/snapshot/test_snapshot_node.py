"""The runtime's memory snapshot under Node (issue 18): the build step writes it next to the
runtime with a manifest; restored as the page's worker restores it, it gives byte-identical
verdicts to the Python CLI for every case of the table; and every reason not to trust it (another
Pyodide, another rules wheel, damaged bytes, no manifest) means the normal boot, with the same
verdicts."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "rules"))
sys.path.insert(0, str(ROOT / "scripts"))

from build_runtime import build  # noqa: E402
from cases import CASES, case_text  # noqa: E402

SCRIPT = ROOT / "scripts" / "pyodide-check.mjs"
NODE = shutil.which("node")
pytestmark = pytest.mark.skipif(NODE is None, reason="node is not installed")


@pytest.fixture(scope="module")
def runtime(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The runtime as the site build makes it (snapshot from build/cache when unchanged)."""
    folder = tmp_path_factory.mktemp("runtime") / "pyodide"
    build(folder)
    return folder


def manifest_of(folder: Path) -> dict:
    return json.loads((folder / "snapshot.json").read_text(encoding="utf-8"))


def _other_wheel(manifest: dict) -> None:
    manifest["wheel"]["sha256"] = "0" * 64


def _other_pyodide(manifest: dict) -> None:
    manifest["pyodide"] = "314.0.6"


def _other_sha256(manifest: dict) -> None:
    """Bytes that decode well to the right size, but not to the snapshot the manifest names."""
    manifest["sha256"] = hashlib.sha256(manifest["sha256"].encode()).hexdigest()


def _damaged_bytes(folder: Path) -> None:
    encoded = folder / manifest_of(folder)["encoded_file"]
    data = bytearray(encoded.read_bytes())
    data[len(data) // 2] ^= 0xFF
    encoded.write_bytes(bytes(data))


# A copy of the runtime changed so that its snapshot must not be restored.
DAMAGES: dict[str, Callable[[Path], None]] = {
    "another-rules-wheel": lambda f: _edit_manifest(f, _other_wheel),
    "another-pyodide": lambda f: _edit_manifest(f, _other_pyodide),
    "damaged-bytes": _damaged_bytes,
    "other-sha256": lambda f: _edit_manifest(f, _other_sha256),
    "no-manifest": lambda f: (f / "snapshot.json").unlink(),
}


def _edit_manifest(folder: Path, change: Callable[[dict], None]) -> None:
    manifest = manifest_of(folder)
    change(manifest)
    (folder / "snapshot.json").write_text(json.dumps(manifest), encoding="utf-8")


@pytest.fixture(scope="module")
def all_cases(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _cases_file(tmp_path_factory, "cases", CASES)


@pytest.fixture(scope="module")
def some_cases(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A few cases for the runs that must boot normally (the table's first ones)."""
    return _cases_file(tmp_path_factory, "some", CASES[:SOME])


SOME = 6


def _cases_file(factory: pytest.TempPathFactory, name: str, cases) -> Path:
    path = factory.mktemp(name) / "cases.jsonl"
    path.write_text("\n".join(case_text(case) for case in cases) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def runs(
    runtime: Path, all_cases: Path, some_cases: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, subprocess.CompletedProcess[bytes]]:
    """Every case through the restored runtime; a few through each damaged copy (two at a
    time)."""
    folders = {"snapshot": runtime}
    for name, damage in DAMAGES.items():
        copy = tmp_path_factory.mktemp(name) / "pyodide"
        shutil.copytree(runtime, copy)
        damage(copy)
        folders[name] = copy

    def run(folder: Path) -> subprocess.CompletedProcess[bytes]:
        cases = all_cases if folder == runtime else some_cases
        command = [NODE or "node", str(SCRIPT), "--runtime", str(folder), "--jsonl", str(cases)]
        return subprocess.run(command, capture_output=True, timeout=900)

    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {name: pool.submit(run, folder) for name, folder in folders.items()}
        return {name: future.result() for name, future in futures.items()}


def cpython(cases: Path) -> bytes:
    command = [sys.executable, "-m", "rules_py", "check", "--jsonl", str(cases)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, timeout=600)
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout


@pytest.fixture(scope="module")
def in_cpython(all_cases: Path) -> bytes:
    return cpython(all_cases)


def test_the_build_writes_the_snapshot_beside_the_runtime(runtime: Path) -> None:
    manifest = manifest_of(runtime)
    lock = json.loads((runtime / "pyodide-lock.json").read_text(encoding="utf-8"))
    npm = json.loads((ROOT / "node_modules/pyodide/package.json").read_text(encoding="utf-8"))
    assert manifest["pyodide"] == npm["version"]
    wheel = lock["packages"]["rules-py"]
    assert manifest["wheel"] == {
        "name": "rules-py",
        "file_name": wheel["file_name"],
        "sha256": wheel["sha256"],
    }
    image = (runtime / manifest["file"]).read_bytes()
    digest = hashlib.sha256(image).hexdigest()
    assert manifest["sha256"] == digest and manifest["size"] == len(image)
    assert manifest["file"] == f"snapshot-{digest[:16]}.bin", "named by its content"
    encoded = runtime / manifest["encoded_file"]
    assert encoded.name == manifest["file"] + {"br": ".br", "gzip": ".gz"}[manifest["encoding"]]
    assert encoded.stat().st_size == manifest["encoded_size"] < len(image) / 4


def test_restored_runtime_gives_byte_identical_verdicts(runs, in_cpython: bytes) -> None:
    restored = runs["snapshot"]
    assert restored.returncode == 0, restored.stderr.decode()
    assert b"booted: snapshot" in restored.stderr
    assert restored.stdout == in_cpython
    assert len(restored.stdout.splitlines()) >= len(CASES) - 1


@pytest.mark.parametrize("damage", DAMAGES)
def test_a_snapshot_that_does_not_fit_is_not_restored(runs, some_cases: Path, damage) -> None:
    done = runs[damage]
    assert done.returncode == 0, done.stderr.decode()
    assert b"booted: full" in done.stderr
    assert done.stdout == cpython(some_cases)


# Restores the runtime as the worker does (snapshot.js) and imports standard modules: one from
# the small archive the restored runtime is given, two it lacks (loaded from the full archive,
# once), and one that does not exist.
RESTORE_AND_IMPORT = """
const [dir, root] = process.argv.slice(1);
const fs = await import("node:fs");
const { restore, fittingSnapshot } = await import(root + "/site/assets/selfcheck/snapshot.js");
const { loadPyodide, version } = await import(dir + "/pyodide.mjs");
const manifest = JSON.parse(fs.readFileSync(dir + "/snapshot.json", "utf8"));
const lock = JSON.parse(fs.readFileSync(dir + "/pyodide-lock.json", "utf8"));
if (!fittingSnapshot(manifest, version, lock.packages["rules-py"])) throw new Error("does not fit");
let loads = 0;
const full = () => {
  loads += 1;
  return new Uint8Array(fs.readFileSync(dir + "/python_stdlib.zip"));
};
const options = { indexURL: dir + "/", lockFileContents: lock, stdout: () => {}, stderr: () => {} };
const image = new Uint8Array(fs.readFileSync(dir + "/" + manifest.file));
const pyodide = await restore(loadPyodide, options, manifest, image, full);
const found = pyodide.runPython(`
import json
from fractions import Fraction
import statistics, email.utils
try:
    import no_such_module_here
    missing = "imported"
except ModuleNotFoundError:
    missing = "not found"
json.dumps([str(Fraction(1, 3)), statistics.median([3, 1, 2]), email.utils.quote('a"b'), missing])
`);
console.log(JSON.stringify({ found: JSON.parse(found), loads }));
"""


def test_a_restored_runtime_gets_the_small_stdlib_and_the_rest_on_demand(runtime: Path) -> None:
    stdlib = manifest_of(runtime)["stdlib"]
    archive = runtime / stdlib["file"]
    assert hashlib.sha256(archive.read_bytes()).hexdigest() == stdlib["sha256"]
    assert archive.name == f"stdlib-{stdlib['sha256'][:16]}.zip"
    assert "fractions.py" in stdlib["modules"]  # rules_py.photo imports it when it needs it
    assert archive.stat().st_size < (runtime / "python_stdlib.zip").stat().st_size / 20
    script = ["--input-type=module", "-e", RESTORE_AND_IMPORT, str(runtime), str(ROOT)]
    done = subprocess.run([NODE or "node", *script], capture_output=True, timeout=600)
    assert done.returncode == 0, done.stderr.decode()
    result = json.loads(done.stdout.decode().strip().splitlines()[-1])
    assert result == {"found": ["1/3", 2, 'a\\"b', "not found"], "loads": 1}


def test_a_runtime_can_be_built_without_the_snapshot(tmp_path: Path, monkeypatch) -> None:
    """RUNTIME_SNAPSHOT=off (a host that cannot send a file compressed at build time)."""
    monkeypatch.setenv("RUNTIME_SNAPSHOT", "off")
    build(tmp_path / "pyodide")
    assert (tmp_path / "pyodide" / "pyodide-lock.json").is_file()
    assert not list((tmp_path / "pyodide").glob("snapshot*"))
