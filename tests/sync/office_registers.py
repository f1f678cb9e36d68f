"""Real office registers for the sync tests: SQLite files made by init_register, real keys."""

from __future__ import annotations

import atexit
import random
import secrets
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from datasette_plugins.intake.domain.datafiles import notice
from datasette_plugins.intake.domain.idcards import check_char
from datasette_plugins.intake.domain.ids import new_id
from datasette_plugins.intake.domain.offices import load_offices
from datasette_plugins.intake.schema.actor import acting_as
from datasette_plugins.intake.schema.connection import connect
from datasette_plugins.intake.schema.registers import init_register
from datasette_plugins.intake.sync import apply, directory, export, keys
from datasette_plugins.intake.sync.digest import content_hash

NOTICE_ID = notice().id
OFFICES = sorted(load_offices())
COMMITTEE = "330100"
DISTRICTS = [code for code in OFFICES if code != COMMITTEE]


def id_number(seed: int, born: date = date(1980, 5, 17)) -> str:
    """A valid 身份证号 (check character per GB 11643) that differs for each seed."""
    first17 = f"330102{born:%Y%m%d}{seed % 1000:03d}"
    return first17 + check_char(first17)


@dataclass
class OfficeRegister:
    office: str
    path: Path
    conn: sqlite3.Connection
    key: keys.OfficeKey
    outbox: Path

    def public_key(self) -> bytes:
        return self.key.public_key

    def export(self, *destinations: str, for_office: str | None = None) -> export.ExportResult:
        return export.export_changes(
            self.conn,
            self.outbox,
            self.key,
            notice_id=NOTICE_ID,
            destinations=destinations,
            for_office=for_office,
        )

    def import_file(self, path: Path) -> apply.ImportReport:
        return apply.import_file(
            self.conn, path, offices=OFFICES, notice_id=NOTICE_ID, key=self.key
        )

    def versions(self) -> set[tuple]:
        """Every version this register holds: (table, row, clock, office)."""
        query = "SELECT tbl, row_id, clock, origin FROM _sync_versions"
        return {tuple(row) for row in self.conn.execute(query)}

    def content(self) -> str:
        return content_hash(self.conn)

    def count(self, table: str) -> int:
        return self.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]

    def write(self, sql: str, parameters: tuple = ()) -> None:
        """One write as a clerk's tool would make it (any path: the triggers see it all)."""
        with acting_as(f"clerk@{self.office}"):
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                self.conn.execute(sql, parameters)
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")

    def add_unit_and_batch(self, name: str = "杭州某某化工有限公司") -> tuple[str, str]:
        unit = new_id(self.office, "U")
        batch = new_id(self.office, "B")
        self.write(
            "INSERT INTO units (id, office, name) VALUES (?, ?, ?)", (unit, self.office, name)
        )
        self.write(
            "INSERT INTO batches (id, office, unit_id, received_at, clerk)"
            " VALUES (?, ?, ?, '2023-09-20T09:00:00+08:00', '王经办')",
            (batch, self.office, unit),
        )
        return unit, batch

    def add_applicant(
        self, unit: str, batch: str, name: str, seed: int, position: int | None = None
    ) -> str:
        applicant = new_id(self.office, "A")
        self.write(
            "INSERT INTO applicants (id, office, batch_id, unit_id, name, id_number,"
            " roster_position) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (applicant, self.office, batch, unit, name, id_number(seed), position or seed + 1),
        )
        return applicant

    def set_note(self, applicant: str, note: str) -> None:
        self.write("UPDATE applicants SET note = ? WHERE id = ?", (note, applicant))

    def delete(self, applicant: str) -> None:
        self.write("DELETE FROM applicants WHERE id = ?", (applicant,))

    def close(self) -> None:
        self.conn.close()


_TEMPLATES: dict[str, Path] = {}


def _template(office: str) -> Path:
    """A new register of ``office`` made by ``init_register``, once per test session (every
    migration and trigger costs more than a copy of the file)."""
    if office not in _TEMPLATES:
        folder = Path(tempfile.mkdtemp(prefix="register-template-"))
        atexit.register(shutil.rmtree, folder, True)
        path = folder / f"register-{office}.db"
        init_register(path, office).close()  # closing checkpoints the WAL into the file
        _TEMPLATES[office] = path
    return _TEMPLATES[office]


def create(directory: Path, office: str) -> OfficeRegister:
    """A new register of ``office``: a copy of the session's new register of that office, with
    its own incarnation (a file stream of its own, as a re-initialised register gets) and its
    own new key."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"register-{office}.db"
    shutil.copyfile(_template(office), path)
    conn = connect(path)
    conn.execute("UPDATE _sync_state SET incarnation = ? WHERE id = 1", (secrets.token_hex(8),))
    key = keys.generate(conn, office, directory / f"{office}.signing-key")
    outbox = directory / f"outbox-{office}"
    outbox.mkdir(exist_ok=True)
    return OfficeRegister(office, path, conn, key, outbox)


class Central:
    """The 高评委办公室's central key and the key directory it publishes (test double of the
    procedure in TRUST.md: the same functions the commands call)."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.key = keys.create_key_file(folder / "central.key", keys.CENTRAL)
        self.directory = directory.new_directory()

    def publish(self) -> str:
        self.directory.version += 1
        return self.directory.sign(self.key, NOTICE_ID)

    def trusted_by(self, register: OfficeRegister) -> None:
        with acting_as("test"):
            register.conn.execute("BEGIN IMMEDIATE")
            directory.trust_central(register.conn, self.key.public_key, replace=False)
            register.conn.execute("COMMIT")

    def send(self, text: str, register: OfficeRegister) -> None:
        register.conn.execute("BEGIN IMMEDIATE")
        try:
            directory.import_directory(register.conn, text, NOTICE_ID)
        except BaseException:
            register.conn.execute("ROLLBACK")
            raise
        register.conn.execute("COMMIT")


def trust_each_other(registers: list[OfficeRegister], central: Central | None = None) -> Central:
    """Every office's key in one directory the 高评委办公室 signs; every register imports it."""
    central = central or Central(registers[0].path.parent / "central")
    for register in registers:
        if not any(e.public_key == register.key.public_key for e in central.directory.entries):
            central.directory.add_key(register.office, register.key.public_key)
    text = central.publish()
    for register in registers:
        central.trusted_by(register)
        central.send(text, register)
    return central


def rng_for(seed: int) -> random.Random:
    return random.Random(seed)
