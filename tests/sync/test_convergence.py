"""Property test in the spirit of cr-sqlite's convergence tests.

3 to 6 offices take in applicants, edit and delete them, and exchange change files along random
paths: files are delivered late, twice, out of order, and relayed by offices they were not meant
for. After a full exchange every register holds the same content, and every write either
survives, was knowingly overwritten (the writer of a later version had it on screen), or is kept
as a conflict loser in some register's sync_conflicts.
"""

from __future__ import annotations

import json
import random
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from datasette_plugins.intake.sync import apply

from .office_registers import OFFICES, OfficeRegister, create, trust_each_other

CODES = ["330100", "330102", "330105", "330106", "330108", "330110"]
assert set(CODES) <= set(OFFICES)

office_index = st.integers(0, 5)
pick = st.integers(0, 10_000)
steps = st.lists(
    st.one_of(
        st.tuples(st.just("intake"), office_index, pick),
        st.tuples(st.just("edit"), office_index, pick),
        st.tuples(st.just("delete"), office_index, pick),
        st.tuples(st.just("export"), office_index, office_index),
        st.tuples(st.just("deliver"), pick, office_index),
        st.tuples(st.just("gossip"), pick),
    ),
    min_size=4,
    max_size=36,
)


class Exchange:
    """The offices, the files in circulation and the record of every write made."""

    def __init__(self, registers: list[OfficeRegister]) -> None:
        self.registers = registers
        self.parents = {
            r.office: r.add_unit_and_batch(f"{r.office}化工有限公司") for r in registers
        }
        self.positions = dict.fromkeys(self.parents, 0)
        self.files: list[Path] = []
        self.writes: list[tuple[str, str | None, str]] = []  # (row id, note or None, office)
        self.overwritten: set[tuple[str, str | None]] = set()
        self.counter = 0

    def token(self) -> str:
        self.counter += 1
        return f"w{self.counter}"

    def present(self, register: OfficeRegister) -> list[tuple[str, str]]:
        query = "SELECT id, note FROM applicants ORDER BY id"
        return [tuple(row) for row in register.conn.execute(query)]

    def intake(self, register: OfficeRegister) -> None:
        unit, batch = self.parents[register.office]
        self.positions[register.office] += 1
        position = self.positions[register.office]
        row_id = register.add_applicant(unit, batch, f"申报人{self.counter}", position, position)
        note = self.token()
        register.set_note(row_id, note)  # intake then note: two writes, the first overwritten
        self.overwritten.add((row_id, None))
        self.writes += [(row_id, None, register.office), (row_id, note, register.office)]

    def edit(self, register: OfficeRegister, choice: int) -> None:
        rows = self.present(register)
        if rows:
            row_id, current = rows[choice % len(rows)]
            note = self.token()
            register.set_note(row_id, note)
            self.overwritten.add((row_id, current))
            self.writes.append((row_id, note, register.office))

    def delete(self, register: OfficeRegister, choice: int) -> None:
        rows = self.present(register)
        if rows:
            row_id, current = rows[choice % len(rows)]
            register.delete(row_id)
            self.overwritten.add((row_id, current))
            self.writes.append((row_id, "<deleted>", register.office))

    def export(self, register: OfficeRegister, destination: OfficeRegister) -> None:
        result = register.export(destination.office)
        if result.path is not None:
            self.files.append(result.path)

    def deliver(self, path: Path, register: OfficeRegister) -> None:
        report = register.import_file(path)
        assert report.status in (apply.STATUS_APPLIED, apply.STATUS_DUPLICATE, apply.STATUS_OWN)


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(count=st.integers(3, 6), plan=steps, shuffle_seed=st.integers(0, 2**32 - 1))
def test_registers_converge_and_no_write_is_silently_lost(count, plan, shuffle_seed):
    with tempfile.TemporaryDirectory(prefix="sync-property-") as scratch:
        registers = [create(Path(scratch) / code, code) for code in CODES[:count]]
        try:
            trust_each_other(registers)
            run_exchange(registers, plan, random.Random(shuffle_seed))
        finally:
            for register in registers:
                register.close()


def full_exchange(world: Exchange, rng: random.Random) -> None:
    """Everyone sends what it has not sent yet; every file reaches every office, in a random
    order, and arrives twice."""
    for register in world.registers:
        world.export(register, register)
    for register in world.registers:
        deliveries = world.files * 2
        rng.shuffle(deliveries)
        for path in deliveries:
            world.deliver(path, register)


def run_exchange(registers: list[OfficeRegister], plan: list[tuple], rng: random.Random) -> None:
    world = Exchange(registers)
    at = lambda index: registers[index % len(registers)]  # noqa: E731
    for step in plan:
        kind = step[0]
        if kind == "intake":
            world.intake(at(step[1]))
        elif kind == "edit":
            world.edit(at(step[1]), step[2])
        elif kind == "delete":
            world.delete(at(step[1]), step[2])
        elif kind == "export":
            world.export(at(step[1]), at(step[2]))
        elif kind == "deliver" and world.files:
            world.deliver(world.files[step[1] % len(world.files)], at(step[2]))

        elif kind == "gossip":  # a round where every file so far reaches every office
            full_exchange(world, rng)
    full_exchange(world, rng)

    hashes = {register.content() for register in registers}
    assert len(hashes) == 1, "registers differ after a full exchange"

    final = dict(world.present(registers[0]))
    losers: set[tuple[str, str | None]] = set()
    for register in registers:
        for row_id, deleted, row in register.conn.execute(
            "SELECT row_id, loser_deleted, loser_row FROM sync_conflicts"
        ):
            losers.add((row_id, "<deleted>" if deleted else json.loads(row)["note"]))
    for row_id, note, office in world.writes:
        if note == "<deleted>":
            kept = row_id not in final
        else:
            kept = row_id in final and final[row_id] == note
        assert kept or (row_id, note) in losers or (row_id, note) in world.overwritten, (
            f"write {note!r} on {row_id} by {office} was lost"
        )
