"""Build the rules wheel and the same-origin Pyodide runtime the self-check page loads.

Output, under build/pyodide/ (copied into the site by scripts/site_hooks/pyodide_runtime.py):

- the Pyodide core files from node_modules/pyodide (npm `pyodide`, pinned in package.json);
- rules_py-<version>-py3-none-any.whl: the pure-Python rules package with the notices of data/
  compiled to JSON inside it (rules_py/data/notices.json and one <notice id>.json each: no TOML
  parser on the way to the first verdict), written deterministically (same sources, same bytes);
- pyodide-lock.json: Pyodide's own lock file with rules_py added by the `pyodide-lock` library;
- snapshot.json, snapshot-<hash>.bin and its pre-compressed .br: a memory snapshot of this runtime
  with the rules imported, which the self-check's worker restores instead of booting
  (scripts/build_snapshot.mjs, Node; `--no-snapshot` or RUNTIME_SNAPSHOT=off leaves it out and the
  worker boots normally).

`pyodide-build` cannot run here (it needs the network and Python 3.12+); a pure-Python wheel
needs no cross-build, so the wheel is assembled directly (PEP 427) and registered with pyodide-lock.

Usage: python scripts/build_runtime.py [--out build/pyodide] [--no-snapshot]
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rules_py import notices  # noqa: E402
from rules_py.notices.source import compile_root  # noqa: E402

PYODIDE_NPM = ROOT / "node_modules" / "pyodide"
RUNTIME_FILES = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
)
WHEEL_NAME = "rules_py"


def edition() -> tuple[str, tuple[int, int, int, int, int, int]]:
    """The wheel's version and its members' timestamp: the current notice's publication date
    (one wheel per notice edition; fixed timestamps make the same sources give the same bytes)."""
    notice = notices.current()
    day = notice.published_on
    return notice.edition, (day.year, day.month, day.day, 0, 0, 0)


def _record_hash(data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
    return "sha256=" + digest.decode()


# Not in the browser wheel: the HR tool (openpyxl), the command line, and what the site's build
# uses but the page never runs (the form description and its flat parameters, the scope module).
NOT_IN_WHEEL = ("hr", "cli.py", "__main__.py", "form.py", "parameters.py", "scope.py", "data")


def wheel_sources() -> list[Path]:
    """The rules core: the package's Python files the browser runs (rules and the data layer)."""
    package = ROOT / "rules_py"
    return [
        path
        for path in sorted(package.rglob("*.py"))
        if "__pycache__" not in path.parts
        and path.relative_to(package).parts[0] not in NOT_IN_WHEEL
    ]


def wheel_members() -> list[tuple[str, bytes]]:
    """The files of the wheel: the rules core plus data/ compiled to JSON as rules_py/data/."""
    package = ROOT / "rules_py"
    members = [
        (f"{WHEEL_NAME}/{path.relative_to(package).as_posix()}", path.read_bytes())
        for path in wheel_sources()
    ]
    for name, data in compile_root(notices.data_root()).items():
        members.append((f"{WHEEL_NAME}/data/{name}", data))
    return members


def build_wheel(out_dir: Path) -> Path:
    version, timestamp = edition()
    dist_info = f"{WHEEL_NAME}-{version}.dist-info"
    metadata = (
        "Metadata-Version: 2.1\n"
        f"Name: {WHEEL_NAME}\n"
        f"Version: {version}\n"
        "Summary: Eligibility rules of the notices in data/ (pure Python)\n"
        "Requires-Python: >=3.11\n"
    ).encode()
    wheel_meta = (
        b"Wheel-Version: 1.0\nGenerator: scripts/build_runtime.py\n"
        b"Root-Is-Purelib: true\nTag: py3-none-any\n"
    )
    members = wheel_members()
    members += [(f"{dist_info}/METADATA", metadata), (f"{dist_info}/WHEEL", wheel_meta)]
    record_lines = [f"{name},{_record_hash(data)},{len(data)}" for name, data in members]
    record_lines.append(f"{dist_info}/RECORD,,")
    members.append((f"{dist_info}/RECORD", ("\n".join(record_lines) + "\n").encode()))

    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{WHEEL_NAME}-{version}-py3-none-any.whl"
    # Stored, not deflated: web servers compress it in transit like any text (gzip, about the same
    # bytes sent), and the self-check's worker then writes its files into Pyodide's file system
    # as they are (site/assets/selfcheck/wheel.js), instead of inflating each member on the way
    # to the first verdict (~40 ms on this machine).
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_STORED) as zf:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=timestamp)
            info.compress_type = zipfile.ZIP_STORED
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)
    return target


def write_lock(wheel: Path, out_dir: Path) -> Path:
    """Copy Pyodide's lock file and add the wheel's entry, computed by the pyodide-lock library.

    pyodide-lock 0.1.2 (the last release for Python 3.11) predates keys of the newer lock format
    (`info.abi_version`, `tool`), so it is given a reduced copy to compute the new package's entry,
    and that entry is merged into the untouched original.
    """
    from pyodide_lock import PyodideLockSpec
    from pyodide_lock.spec import InfoSpec, PackageSpec
    from pyodide_lock.utils import add_wheels_to_spec

    original = json.loads((PYODIDE_NPM / "pyodide-lock.json").read_text(encoding="utf-8"))
    version = json.loads((PYODIDE_NPM / "package.json").read_text(encoding="utf-8"))["version"]
    info = {k: v for k, v in original["info"].items() if k in InfoSpec.model_fields}
    info.setdefault("version", version)
    known = set(PackageSpec.model_fields)
    packages = {
        name: {k: v for k, v in pkg.items() if k in known}
        for name, pkg in original["packages"].items()
    }
    spec = PyodideLockSpec(info=InfoSpec(**info), packages=packages)
    spec = add_wheels_to_spec(spec, [wheel], base_path=out_dir)
    added = {
        name: pkg.model_dump()
        for name, pkg in spec.packages.items()
        if name not in original["packages"]
    }
    original["packages"].update(added)
    target = out_dir / "pyodide-lock.json"
    target.write_text(json.dumps(original, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    return target


def build_snapshot(out_dir: Path) -> None:
    """The runtime's memory snapshot, made by Node with the Pyodide just copied to `out_dir`."""
    node = shutil.which("node")
    if node is None:
        sys.exit("node is missing: it is needed for the runtime's snapshot (and for npm ci)")
    script = ROOT / "scripts" / "build_snapshot.mjs"
    done = subprocess.run([node, str(script), str(out_dir)], capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"the runtime's snapshot was not built:\n{done.stderr}")


def snapshot_wanted() -> bool:
    """RUNTIME_SNAPSHOT=off builds the site without the snapshot: for a host that cannot send a
    file compressed at build time (it would send the snapshot's 31.5 MB raw), or to compare."""
    return os.environ.get("RUNTIME_SNAPSHOT", "on").lower() not in {"off", "0", "no", "false"}


def build(out_dir: Path, snapshot: bool | None = None) -> Path:
    if not (PYODIDE_NPM / "pyodide.mjs").exists():
        sys.exit("node_modules/pyodide is missing: run `npm ci` first")
    if out_dir.exists():
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    for name in RUNTIME_FILES:
        shutil.copy2(PYODIDE_NPM / name, out_dir / name)
    wheel = build_wheel(out_dir)
    write_lock(wheel, out_dir)
    if snapshot_wanted() if snapshot is None else snapshot:
        build_snapshot(out_dir)
    return wheel


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "pyodide")
    parser.add_argument("--no-snapshot", action="store_true", help="leave out the memory snapshot")
    args = parser.parse_args()
    wheel = build(args.out.resolve(), snapshot=False if args.no_snapshot else None)
    print(f"built {wheel} and {wheel.parent / 'pyodide-lock.json'}")


if __name__ == "__main__":
    main()
