"""No value of the current notice is typed outside its data: the grep of issue 15. Code,
templates, scripts, styles, configuration, the site's own Markdown and the READMEs are searched
for the notice's number, dates, phones, addresses, contacts and thresholds (as the notice words
them); only data/ (the notice's data and its own Markdown) and tests/ (which check those values)
may hold them."""

from __future__ import annotations

import subprocess
from pathlib import Path

from notice_values import finder, notice_values

from rules_py import notices

ROOT = Path(__file__).resolve().parents[2]
ALLOWED = ("data/", "tests/")
TEXT = {".py", ".js", ".mjs", ".html", ".md", ".css", ".yml", ".yaml", ".toml", ".txt", ".json"}
NAMED = {"Makefile", "README", ".ci/run"}


def searched_files() -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8")
    files = []
    for name in filter(None, listed.split("\0")):
        path = ROOT / name
        if name.startswith(ALLOWED) or not path.is_file():
            continue
        if path.suffix in TEXT or name in NAMED or path.parent.name == "scripts":
            files.append(path)
    return files


def test_the_search_covers_the_project() -> None:
    names = {path.relative_to(ROOT).as_posix() for path in searched_files()}
    assert {"README.md", "mkdocs.yml", "rules_py/routes/normal.py"} <= names
    assert any(name.startswith("site/assets/selfcheck/") for name in names)
    assert any(name.startswith("scripts/site_hooks/templates/") for name in names)
    assert any(name.startswith("datasette_plugins/intake/templates/") for name in names)


def test_no_value_of_the_notice_outside_its_data() -> None:
    values = notice_values(notices.current())
    assert {"2023-08-27", "2023年8月27日", "88292115", "5年以上", "90学时"} <= values
    find = finder(values)
    found = []
    for path in searched_files():
        text = path.read_text(encoding="utf-8", errors="replace")
        for number, line in enumerate(text.splitlines(), start=1):
            hits = find(line)
            if hits:
                found.append(f"{path.relative_to(ROOT)}:{number}: {hits}: {line.strip()[:100]}")
    assert found == []
