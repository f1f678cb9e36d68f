"""The package itself: pure stdlib, reads data/ (or the wheel's copy), parameters as data."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from rules_py import check
from rules_py.parameters import COMPILED_SUFFIX, compile_toml, load, read_toml

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "rules_py"


def test_only_standard_library_imports() -> None:
    outside = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for name in names:
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names and top != "rules_py":
                    outside.add(f"{path.name}: {name}")
    assert outside == set()


def test_packaged_data_folder_wins(tmp_path: Path) -> None:
    """Installed from the wheel, rules_py reads rules_py/data/*.toml (there is no repo data/)."""
    site = tmp_path / "site-packages"
    shutil.copytree(PACKAGE, site / "rules_py", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "data", site / "rules_py" / "data")
    code = "import rules_py.parameters as p; print(p.data_dir()); print(p.PARAMETERS.cutoff)"
    run = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env={"PYTHONPATH": str(site)},
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    folder, cutoff = run.stdout.split()
    assert folder == str(site / "rules_py" / "data") and cutoff == "2023-12-31"


def test_next_years_notice_is_new_data_not_new_code(tmp_path: Path) -> None:
    """Move the cut-off a year on (a 2024 notice): the same person now has 5 whole years."""
    folder = tmp_path / "data"
    shutil.copytree(ROOT / "data", folder)
    notice = (folder / "notice.toml").read_text(encoding="utf-8")
    (folder / "notice.toml").write_text(
        notice.replace("years_counted_to = 2023-12-31", "years_counted_to = 2024-12-31"),
        encoding="utf-8",
    )
    next_year = load(folder)
    assert tomllib.loads(notice)["years_counted_to"].year == 2023
    person = {
        "education": [{"level": "bachelor", "engineering": True, "related": True}],
        "engineer_qualified_on": "2019-01-01",
    }
    assert check(person)["routes"]["normal"]["status"] == "does_not_meet"
    assert check(person, next_year)["routes"]["normal"]["status"] == "meets"


@pytest.mark.parametrize("name", sorted(p.name for p in (ROOT / "data").glob("*.toml")))
def test_compiled_data_reads_the_same_as_the_toml(name: str, tmp_path: Path) -> None:
    """The wheel's JSON form of a data file (fast in Pyodide) holds exactly the TOML's content."""
    text = (ROOT / "data" / name).read_text(encoding="utf-8")
    (tmp_path / (name + COMPILED_SUFFIX)).write_text(compile_toml(text), encoding="utf-8")
    assert read_toml(name, tmp_path) == tomllib.loads(text)


def test_compiled_data_refuses_what_it_cannot_restore() -> None:
    with pytest.raises(TypeError):
        compile_toml("stamp = 2023-08-07T09:00:00")
