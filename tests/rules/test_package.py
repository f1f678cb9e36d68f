"""The package itself: pure stdlib, reads data/ (or the wheel's copy), parameters as data."""

from __future__ import annotations

import ast
import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from rules_py import check, notices
from rules_py.notices.source import compile_root

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "rules_py"


def _build_runtime():  # scripts/ is not a package
    spec = importlib.util.spec_from_file_location(
        "build_runtime", ROOT / "scripts" / "build_runtime.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build_runtime = _build_runtime()


def imports(path: Path) -> list[str]:
    """Every module a file imports, anywhere in it (lazy imports too), as absolute names; for
    `from X import a`, both X and X.a (which may be a submodule)."""
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts)
    if path.name == "__init__.py":
        package += ".__init__"
    found = []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {  # `if TYPE_CHECKING:` imports never run
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING"
        for inner in ast.walk(node)
    }
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level)[0]
                base = f"{parent}.{base}" if base else parent
            found.append(base)
            found += [f"{base}.{alias.name}" for alias in node.names]
    return found


def module_file(name: str) -> Path | None:
    parts = name.split(".")
    for candidate in (
        ROOT.joinpath(*parts).with_suffix(".py"),
        ROOT.joinpath(*parts, "__init__.py"),
    ):
        if candidate.is_file():
            return candidate
    return None


def test_the_rules_core_uses_the_standard_library_only() -> None:
    """Everything but the HR tool (rules_py.hr: Excel with openpyxl, SQLite with sqlite-utils)."""
    outside = set()
    for path in PACKAGE.rglob("*.py"):
        allowed = {"openpyxl", "sqlite_utils"} if "hr" in path.relative_to(PACKAGE).parts else set()
        for name in imports(path):
            top = name.split(".")[0]
            if top not in sys.stdlib_module_names and top != "rules_py" and top not in allowed:
                outside.add(f"{path.name}: {name}")
    assert outside == set()


def test_the_browser_wheel_is_the_rules_core_and_complete() -> None:
    """The wheel carries the rules and the data layer only, and nothing in it imports a part of
    rules_py it leaves out (the HR tool, the command line, build-time modules)."""
    sources = set(build_runtime.wheel_sources())
    names = {p.relative_to(PACKAGE).as_posix() for p in sources}
    assert {"__init__.py", "verdict.py", "notices/__init__.py", "routes/exceptional.py"} <= names
    assert not any(n.startswith("hr/") or n in ("cli.py", "form.py") for n in names)
    missing = set()
    for path in sources:
        for name in imports(path):
            target = module_file(name) if name.startswith("rules_py") else None
            if target is not None and target not in sources:
                missing.add(f"{path.relative_to(PACKAGE)}: {name}")
    assert missing == set()


def compile_into(folder: Path, root: Path = ROOT / "data") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in compile_root(root).items():
        (folder / name).write_bytes(data)


def test_packaged_data_folder_wins(tmp_path: Path) -> None:
    """Installed from the wheel, rules_py reads its compiled rules_py/data/ (no repo data/)."""
    site = tmp_path / "site-packages"
    shutil.copytree(PACKAGE, site / "rules_py", ignore=shutil.ignore_patterns("__pycache__"))
    compile_into(site / "rules_py" / "data")
    code = (
        "import sys, rules_py.notices as n, rules_py.parameters as p; print(n.data_root()); "
        "print(p.PARAMETERS.cutoff); print('tomllib' in sys.modules)"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env={"PYTHONPATH": str(site)},
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    folder, cutoff, toml_imported = run.stdout.split()
    assert folder == str(site / "rules_py" / "data") and cutoff == "2023-12-31"
    assert toml_imported == "False"  # the compiled JSON needs no TOML parser


def test_next_years_notice_is_new_data_not_new_code(tmp_path: Path) -> None:
    """Move the cut-off a year on (a 2024 notice): the same person now has 5 whole years."""
    folder = tmp_path / "data"
    shutil.copytree(ROOT / "data", folder)
    notice_file = folder / "hz-2023-chem-textile" / "notice.toml"
    notice = notice_file.read_text(encoding="utf-8")
    assert "date = 2023-12-31" in notice
    notice_file.write_text(notice.replace("date = 2023-12-31", "date = 2024-12-31"), "utf-8")
    next_year = notices.Library(folder).current()
    person = {
        "education": [{"level": "bachelor", "engineering": True, "related": True}],
        "engineer_qualified_on": "2019-01-01",
    }
    assert check(person)["routes"]["normal"]["status"] == "does_not_meet"
    assert check(person, next_year)["routes"]["normal"]["status"] == "meets"


def test_compiled_data_reads_the_same_as_the_source(tmp_path: Path) -> None:
    """The wheel's JSON form of the data (fast in Pyodide) gives exactly the same notices."""
    compile_into(tmp_path)
    source, compiled = notices.Library(ROOT / "data"), notices.Library(tmp_path)
    assert compiled.ids() == source.ids()
    assert compiled.all() == source.all()


def test_compiled_data_refuses_what_it_cannot_restore(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    terms = tmp_path / "data" / "hz-2023-chem-textile" / "terms.toml"
    terms.write_text(terms.read_text("utf-8") + "\nstamp = 2023-08-07T09:00:00\n", "utf-8")
    with pytest.raises(TypeError):
        compile_root(tmp_path / "data")
