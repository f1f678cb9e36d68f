"""Load the notice's facts from data/*.toml: the single source the pages are generated from."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parents[2] / "data"


@cache
def load(name: str) -> dict[str, Any]:
    """The parsed data/<name>.toml (cached for the build)."""
    with (DATA_DIR / f"{name}.toml").open("rb") as handle:
        return tomllib.load(handle)


def tel_uri(phone: str, area_code: str) -> str:
    """A local Hangzhou number as an RFC 3966 URI: 89500524 -> tel:+86-571-89500524."""
    return f"tel:+86-{area_code.lstrip('0')}-{phone}"


def display_phone(phone: str, area_code: str) -> str:
    return f"{area_code}-{phone}"
