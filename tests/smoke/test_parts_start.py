"""Each real part starts: the site builds, Pyodide imports the wheel, Chromium opens a page."""

from __future__ import annotations

import json
import subprocess
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

NODE_IMPORT_WHEEL = """
import { loadPyodide } from "%(pyodide)s/pyodide.mjs";
const dir = "%(runtime)s/";
const py = await loadPyodide({
  indexURL: dir, lockFileURL: dir + "pyodide-lock.json", packages: ["rules-py"],
  stdout: () => {}, stderr: () => {},
});
const out = py.runPython(`
import json, rules_py
json.dumps({"file": rules_py.__file__, "result": rules_py.check({})}, ensure_ascii=False)
`);
process.stdout.write(out);
"""


def test_site_builds_with_runtime(built_site: Path) -> None:
    assert (built_site / "index.html").is_file()
    assert (built_site / "search" / "search_index.json").is_file()
    lock = json.loads((built_site / "pyodide" / "pyodide-lock.json").read_text(encoding="utf-8"))
    entry = lock["packages"]["rules-py"]
    wheel = built_site / "pyodide" / entry["file_name"]
    assert entry["imports"] == ["rules_py"]
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
    assert "rules_py/__init__.py" in names
    assert "rules_py/data/notices.json" in names, "the wheel carries its copy of data/"
    assert wheel.name.endswith("-py3-none-any.whl")


def test_pyodide_under_node_imports_the_wheel_offline(built_site: Path) -> None:
    script = NODE_IMPORT_WHEEL % {
        "pyodide": ROOT / "node_modules" / "pyodide",
        "runtime": built_site / "pyodide",
    }
    proc = subprocess.run(
        ["node", "--input-type=module", "-e", script],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["file"].startswith("/lib/python3"), "imported from the installed wheel"
    assert out["result"]["notice"] == "hz-2023-chem-textile"
    assert out["result"]["eligible"] is False


def test_a_page_opens_in_headless_chromium(site_server, context) -> None:
    page = context.new_page()
    response = page.goto(site_server.url + "/")
    assert response is not None and response.ok
    assert "高级工程师" in page.title()
    assert page.locator("h1").first.inner_text().strip()
