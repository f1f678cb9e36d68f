"""Where the shared notice data (data/*.toml) lives, and reading it."""

from __future__ import annotations

import os
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

DATA_DIR_ENV = "INTAKE_DATA_DIR"


def data_dir() -> Path:
    """The project's data/ folder (override with the INTAKE_DATA_DIR environment variable)."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override)
    return Path(__file__).resolve().parents[3] / "data"


@cache
def _load(path: Path) -> dict[str, Any]:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def load_toml(name: str) -> dict[str, Any]:
    """Parsed data/<name> (cached; the data files do not change at run time)."""
    return _load(data_dir() / name)
