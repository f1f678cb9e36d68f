"""What `make run` calls: a demo register with two clerk accounts, and the serve command line.

    from datasette_plugins.intake.serving.launch import prepare_demo_register, serve_command
    register = prepare_demo_register(Path("var/demo"))
    subprocess.Popen(serve_command(register, 8001))

Demo accounts (all 上城区 330102): clerk1 / clerk1-demo-2023, clerk2 / clerk2-demo-2023 (clerks)
and chief1 / chief1-demo-2023 (supervisor), overridable with DEMO_PASSWORD_<NAME>; only hashes
are written to disk (var/demo/accounts.db).
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..accounts.config import ACCOUNTS_FILE, build_config, demo_accounts, write_config
from ..records.demo import fill_demo
from ..schema.registers import init_register
from .workers import serve_command as plugin_serve_command

DEMO_OFFICE = "330102"
CONFIG_NAME = "datasette.yaml"


def prepare_demo_register(
    folder: Path, office: str = DEMO_OFFICE, applicants: int = 200, seed: int = 2023
) -> Path:
    """A fresh demo register `folder/<office>.db` plus `folder/datasette.yaml`; returns the db."""
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / f"{office}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    conn = init_register(db, office)
    fill_demo(conn, applicants, seed=seed)
    conn.close()
    accounts = folder / ACCOUNTS_FILE
    accounts.unlink(missing_ok=True)
    config = build_config({db.stem: office}, demo_accounts(office), accounts)
    write_config(folder / CONFIG_NAME, config)
    return db


def serve_command(register: Path, port: int) -> list[str]:
    """`datasette intake serve` for a register prepared above (config next to it)."""
    return [
        sys.executable,
        "-m",
        *plugin_serve_command([register], register.parent / CONFIG_NAME, port),
    ]
