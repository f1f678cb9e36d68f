"""Where the notices' data lives and how it is read: TOML in the repository, JSON in the wheel.

A data root is either

- a source tree (the repository's `data/`): `notices.toml` (`current = "<id>"`) and one folder
  per notice, `<id>/*.toml`; or
- its compiled form (inside the wheel, `rules_py/data/`): `notices.json` and one `<id>.json` per
  notice holding all of that notice's files. JSON is read by the C-accelerated json module; the
  pure-Python TOML parser costs ~80 ms in Pyodide, on the path to the self-check's first verdict.

The root is, in this order: the folder named by the environment variable NOTICE_DATA_DIR (a
source tree: tests and the second-notice proof use it to build everything from other data); the
wheel's `rules_py/data/`; the repository's `data/` next to the package. A plain path next to this
file, not importlib.resources (nine more modules, compiled from source in Pyodide).
"""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path
from typing import Any

ENV = "NOTICE_DATA_DIR"
INDEX = "notices"
FILES = ("notice", "eligibility", "checklists", "offices", "terms")
TEXT = "text"  # the notice's own pages in Markdown: data/<id>/text/*.md
_DATE_TAG = "$date"


class DataError(ValueError):
    """The data files are missing or malformed (a developer's error, in English)."""


def default_root() -> Path:
    override = os.environ.get(ENV)
    if override:
        return Path(override)
    package = Path(__file__).resolve().parent.parent
    packaged = package / "data"
    if (packaged / f"{INDEX}.json").is_file() or (packaged / f"{INDEX}.toml").is_file():
        return packaged
    return package.parent / "data"


def is_compiled(root: Path) -> bool:
    return (root / f"{INDEX}.json").is_file()


def _toml(path: Path) -> dict[str, Any]:
    import tomllib  # only for the source tree: importing it costs ~20 ms in Pyodide

    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(f"missing data file {path}") from None
    except tomllib.TOMLDecodeError as exc:
        raise DataError(f"{path}: {exc}") from None


def _json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"), object_hook=_restore_date)
    except FileNotFoundError:
        raise DataError(f"missing data file {path}") from None


def read_index(root: Path) -> tuple[str, tuple[str, ...]]:
    """(current notice id, every notice id held) of a data root."""
    if is_compiled(root):
        index = _json(root / f"{INDEX}.json")
        return index["current"], tuple(index["notices"])
    if not root.is_dir():
        raise DataError(f"no notice data at {root}")
    index = _toml(root / f"{INDEX}.toml")
    held = tuple(
        sorted(p.name for p in root.iterdir() if (p / "notice.toml").is_file() and p.is_dir())
    )
    current = index.get("current")
    if current not in held:
        raise DataError(f"{root / 'notices.toml'}: current = {current!r} is not a notice folder")
    return current, held


def read_notice(root: Path, notice_id: str) -> dict[str, Any]:
    """The parsed files of one notice, by name (notice, eligibility, checklists, offices, terms),
    and "clauses": {anchor id: [title, text]} read from its pages."""
    if is_compiled(root):
        return _json(root / f"{notice_id}.json")
    folder = root / notice_id
    from . import clause_text  # source trees only: the wheel has the clauses compiled in

    files: dict[str, Any] = {name: _toml(folder / f"{name}.toml") for name in FILES}
    found = clause_text.extract_pages(read_pages(root, notice_id))
    files["clauses"] = {anchor: list(entry) for anchor, entry in found.items()}
    return files


def read_pages(root: Path, notice_id: str) -> dict[str, str]:
    """The notice's own pages, file name -> Markdown (a source tree only; the wheel has none)."""
    folder = root / notice_id / TEXT
    if is_compiled(root) or not folder.is_dir():
        return {}
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.md"))}


def compile_root(root: Path) -> dict[str, bytes]:
    """The compiled form of a source tree: file name -> bytes (notices.json, <id>.json …)."""
    current, held = read_index(root)
    files = {f"{INDEX}.json": _dump({"current": current, "notices": list(held)})}
    for notice_id in held:
        files[f"{notice_id}.json"] = _dump(read_notice(root, notice_id))
    return files


def _dump(document: Any) -> bytes:
    return json.dumps(document, ensure_ascii=False, default=_tag_date).encode()


def _tag_date(value: object) -> dict[str, str]:
    if isinstance(value, date) and type(value) is date:
        return {_DATE_TAG: value.isoformat()}
    raise TypeError(f"data files hold dates only, not {type(value).__name__}: {value!r}")


def _restore_date(obj: dict[str, Any]) -> Any:
    if len(obj) == 1 and _DATE_TAG in obj:
        return date.fromisoformat(obj[_DATE_TAG])
    return obj
