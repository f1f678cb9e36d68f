"""The worker installs the rules wheel itself (site/assets/selfcheck/wheel.js), not through
Pyodide's unpackArchive: every file of the wheel lands in site-packages with its exact bytes,
whether the wheel's members are stored (as scripts/build_runtime.py writes them) or deflated (as
pip's tools do), and a zip that is not a plain wheel is refused, not half-installed. Run under
Node; the worker's boot on a real Pyodide is covered by tests/snapshot."""

from __future__ import annotations

import base64
import io
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
NODE = shutil.which("node")
pytestmark = pytest.mark.skipif(NODE is None, reason="node is not installed")

# Installs the zip given on stdin into a file system that records what is written.
INSTALL = """
import { installWheel } from %s;
import fs from "node:fs";
const bytes = new Uint8Array(fs.readFileSync(0));
const written = {};
const FS = {
  mkdirTree: (path) => { written[path + "/"] = null; },
  writeFile: (path, data) => { written[path] = Buffer.from(data).toString("base64"); },
};
try {
  const paths = await installWheel(FS, bytes, "/site");
  process.stdout.write(JSON.stringify({ paths, written }));
} catch (error) {
  process.stdout.write(JSON.stringify({ error: error.message, written }));
}
"""


def install(archive: bytes) -> dict:
    module = json.dumps((ROOT / "site/assets/selfcheck/wheel.js").as_uri())
    done = subprocess.run(
        [NODE, "--input-type=module", "-e", INSTALL % module],
        input=archive,
        capture_output=True,
        check=True,
    )
    return json.loads(done.stdout)


def zipped(members: list[tuple[str, bytes]], method: int, comment: bytes = b"") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.comment = comment
        for name, data in members:
            archive.writestr(zipfile.ZipInfo(name, date_time=(2023, 8, 7, 0, 0, 0)), data, method)
    return buffer.getvalue()


MEMBERS = [
    ("pkg/__init__.py", b"VERSION = '1'\n"),
    ("pkg/data/notice.json", json.dumps({"标题": "高级工程师"}, ensure_ascii=False).encode() * 50),
    ("pkg/empty.txt", b""),
    ("pkg-1.dist-info/RECORD", b"pkg/__init__.py,,\n"),
]


def files_of(result: dict) -> dict[str, bytes]:
    return {
        path: base64.b64decode(data) for path, data in result["written"].items() if data is not None
    }


@pytest.mark.parametrize(
    ("method", "comment"),
    [
        (zipfile.ZIP_STORED, b""),
        (zipfile.ZIP_DEFLATED, b""),
        (zipfile.ZIP_DEFLATED, "一个注释".encode() * 100),
    ],
    ids=["stored", "deflated", "with-a-comment"],
)
def test_every_file_lands_with_its_bytes(method: int, comment: bytes) -> None:
    result = install(zipped(MEMBERS, method, comment))
    assert "error" not in result
    assert files_of(result) == {f"/site/{name}": data for name, data in MEMBERS}
    assert "/site/pkg/data/" in result["written"], "folders are made before their files"


def test_the_rules_wheel_as_built_installs_whole(tmp_path: Path) -> None:
    from build_runtime import build_wheel

    wheel = build_wheel(tmp_path)
    with zipfile.ZipFile(wheel) as archive:
        expected = {f"/site/{info.filename}": archive.read(info) for info in archive.infolist()}
        assert {info.compress_type for info in archive.infolist()} == {zipfile.ZIP_STORED}
    assert files_of(install(wheel.read_bytes())) == expected


@pytest.mark.parametrize(
    ("archive", "error"),
    [
        (zipped([("../outside.py", b"x")], zipfile.ZIP_STORED), "outside the package"),
        (zipped([("/etc/passwd", b"x")], zipfile.ZIP_STORED), "outside the package"),
        (zipped([("pkg//a.py", b"x")], zipfile.ZIP_STORED), "outside the package"),
        (zipped([("pkg/a.py", b"x" * 100)], zipfile.ZIP_BZIP2), "compression method 12"),
        (b"PK\x03\x04 not a wheel at all", "not a zip archive"),
    ],
    ids=["dot-dot", "absolute", "empty-part", "bzip2", "not-a-zip"],
)
def test_what_is_not_a_plain_wheel_is_refused_before_anything_is_written(
    archive: bytes, error: str
) -> None:
    result = install(archive)
    assert error in result["error"]
    assert files_of(result) == {}
