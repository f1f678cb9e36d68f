"""The demo office register that `make run` serves: 上城区 (330102), with two demo clerks.

It is made with the plugin's own commands, as an office would make it:
`datasette intake init`, `datasette intake demo`, `datasette intake config --demo`.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

DEMO_OFFICE = "330102"
DEMO_APPLICANTS = 120


def _intake(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "datasette", "intake", *args], check=True)


def prepare_demo_register(folder: Path) -> Path:
    """Create (once) the demo register and write its datasette.yaml; return the register's path."""
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / f"{DEMO_OFFICE}.db"
    if not db.exists():
        _intake("init", str(db), "--office", DEMO_OFFICE)
        _intake("demo", str(db), "--office", DEMO_OFFICE, "--applicants", str(DEMO_APPLICANTS))
    _intake("config", str(db), "--demo", "-o", str(config_path(folder)))
    return db


def config_path(folder: Path) -> Path:
    return folder / "datasette.yaml"


def serve_command(db: Path, port: int) -> list[str]:
    from datasette_plugins.intake.serving import serve_command as plugin_serve_command

    command = plugin_serve_command([db], config_path(db.parent), port)
    return [sys.executable, "-m", *command]
