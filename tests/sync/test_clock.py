"""The hybrid logical clock: order of versions, and edits after an import coming later."""

from __future__ import annotations

import time

import pytest

from datasette_plugins.intake.sync import hlc, review

NOW_MS = 1_700_000_000_000


@pytest.mark.parametrize(
    ("last", "now_ms", "expected"),
    [
        (0, NOW_MS, NOW_MS << 16),  # first event: wall time, counter 0
        (NOW_MS << 16, NOW_MS, (NOW_MS << 16) + 1),  # same millisecond: counter + 1
        ((NOW_MS + 5000) << 16, NOW_MS, ((NOW_MS + 5000) << 16) + 1),  # clock behind: keep order
        ((NOW_MS - 5000) << 16, NOW_MS, NOW_MS << 16),  # wall time moved on
    ],
)
def test_tick_never_goes_back(last, now_ms, expected):
    assert hlc.tick(last, now_ms) == expected


@pytest.mark.parametrize(
    ("a", "b", "a_wins"),
    [
        ((5, "330102"), (4, "330199"), True),  # later clock wins whatever the office
        ((4, "330199"), (5, "330102"), False),
        ((5, "330105"), (5, "330102"), True),  # same clock: the office code breaks the tie
        ((5, "330102"), (5, "330105"), False),
    ],
)
def test_versions_are_ordered_by_clock_then_office(a, b, a_wins):
    assert hlc.wins(*a, *b) is a_wins


def test_far_future_clocks_are_recognised():
    now_ms = time.time_ns() // 1_000_000
    assert not hlc.too_far_ahead(hlc.now_clock(now_ms + 3600_000), now_ms)
    assert hlc.too_far_ahead(hlc.now_clock(now_ms + 3 * 86400_000), now_ms)


def test_a_correction_made_after_an_import_wins_even_against_a_fast_pc_clock(
    district_and_committee,
):
    district, committee = district_and_committee
    fast = hlc.now_clock() + (6 * 3600_000 << 16)  # the district's PC runs six hours ahead
    district.conn.execute("UPDATE _sync_state SET hlc = ?", (fast,))
    unit, batch = district.add_unit_and_batch()
    person = district.add_applicant(unit, batch, "张三", 1)
    committee.import_file(district.export("330100").path)

    committee.set_note(person, "高评委办公室更正")  # made after seeing the district's version
    district.import_file(committee.export("330102").path)

    for register in (district, committee):
        note = register.conn.execute("SELECT note FROM applicants WHERE id = ?", (person,))
        assert note.fetchone()[0] == "高评委办公室更正"
        assert review.items(register.conn) == []
