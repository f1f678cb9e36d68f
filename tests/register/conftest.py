"""Register fixtures: real SQLite registers (330102, 330105, 330100) and a Datasette instance."""

from __future__ import annotations

import copy
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from datasette.app import Datasette
from intake_helpers import CLERKS, PASSWORD, UNIT

from datasette_plugins.intake.accounts.config import build_config
from datasette_plugins.intake.accounts.passwords import hash_password
from datasette_plugins.intake.accounts.store import Account
from datasette_plugins.intake.records.demo import fill_demo
from datasette_plugins.intake.schema.actor import acting_as
from datasette_plugins.intake.schema.registers import init_register


@dataclass
class Registers:
    folder: Path
    files: dict[str, Path]  # database name -> file
    config: dict


def _build(folder: Path) -> Registers:
    files = {}
    for office, people in (("330102", 40), ("330105", 12), ("330100", 0)):
        path = folder / f"{office}.db"
        conn = init_register(path, office)
        if people:
            fill_demo(conn, people, seed=int(office))
        if office != "330100":
            with acting_as("setup"):
                conn.execute(
                    "INSERT INTO units (id, office, name) VALUES (?, ?, ?)",
                    (f"{office}-U-TESTUNIT{office}", office, UNIT),
                )
        conn.close()
        files[office] = path
    committee = init_register(files["330100"], "330100")
    # What sync would have brought to the 高评委办公室: rows of two districts.
    for office, source in (("330102", files["330102"]), ("330105", files["330105"])):
        committee.execute("ATTACH DATABASE ? AS src", (str(source),))
        with acting_as(f"sync:{office}"):
            for table in ("units", "batches", "applicants"):
                committee.execute(f"INSERT INTO {table} SELECT * FROM src.{table}")
        committee.execute("DETACH DATABASE src")
    committee.close()
    accounts = [
        Account(name, office, name, hash_password(PASSWORD, iterations=1000), role)
        for name, (office, role) in CLERKS.items()
    ]
    config = build_config({office: office for office in files}, accounts, folder / "accounts.db")
    return Registers(folder, files, config)


@pytest.fixture(scope="session")
def pristine_registers(tmp_path_factory: pytest.TempPathFactory) -> Registers:
    return _build(tmp_path_factory.mktemp("registers"))


@pytest.fixture
def registers(pristine_registers: Registers, tmp_path: Path) -> Iterator[Registers]:
    """A fresh copy of the three registers for one test (tests write to them)."""
    files = {}
    for name, path in pristine_registers.files.items():
        target = tmp_path / path.name
        shutil.copyfile(path, target)
        files[name] = target
    shutil.copyfile(pristine_registers.folder / "accounts.db", tmp_path / "accounts.db")
    config = copy.deepcopy(pristine_registers.config)
    config["plugins"]["intake"]["accounts"] = str(tmp_path / "accounts.db")
    yield Registers(tmp_path, files, config)


@pytest.fixture
async def ds(registers: Registers) -> Datasette:
    datasette = Datasette(
        [str(p) for p in registers.files.values()],
        config=registers.config,
        default_deny=True,
        secret="register-tests",
    )
    await datasette.invoke_startup()
    return datasette
