"""Fixtures of the sync tests: real registers (SQLite files) of several offices, real keys."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from .office_registers import OfficeRegister, create, trust_each_other


@pytest.fixture
def make_offices(tmp_path: Path) -> Iterator[Callable[..., list[OfficeRegister]]]:
    """make_offices("330102", "330100") -> registers that trust each other's keys."""
    made: list[OfficeRegister] = []

    def make(*codes: str) -> list[OfficeRegister]:
        registers = [create(tmp_path / f"office-{code}", code) for code in codes]
        trust_each_other(registers)
        made.extend(registers)
        return registers

    yield make
    for register in made:
        register.close()


@pytest.fixture
def district_and_committee(make_offices) -> tuple[OfficeRegister, OfficeRegister]:
    district, committee = make_offices("330102", "330100")
    return district, committee
