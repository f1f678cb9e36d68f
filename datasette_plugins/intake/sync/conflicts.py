"""Which version wins, and when the loser must be kept for supervisors.

Versions are ordered by (clock, origin office). The later one wins everywhere, whatever the order
files arrive in, so registers converge. The earlier one is a *conflict loser*, kept in
``sync_conflicts``, unless the winner was written by someone who had already seen it (an
ordinary later edit): the winner's version vector then holds a clock at least as large for the
loser's office. Two concurrent deletions lose nothing and are not recorded.
"""

from __future__ import annotations

import json


def wins_sql(clock: str, origin: str, other_clock: str, other_origin: str) -> str:
    """SQL: version (clock, origin) comes after (other_clock, other_origin)."""
    return f"(({clock}, {origin}) > ({other_clock}, {other_origin}))"


def dominates_sql(
    winner_clock: str, winner_origin: str, winner_vv: str, loser_clock: str, loser_origin: str
) -> str:
    """SQL: the winner's writer had seen the loser (so the loser is not a conflict)."""
    return f"""(CASE
        WHEN {winner_origin} = {loser_origin} THEN {winner_clock} >= {loser_clock}
        WHEN {winner_vv} IS NULL THEN 0
        ELSE COALESCE(json_extract({winner_vv}, '$."' || {loser_origin} || '"'), -1)
             >= {loser_clock}
    END)"""


def dominates(winner: tuple[int, str, str | None], loser: tuple[int, str]) -> bool:
    """Python twin of ``dominates_sql`` for (clock, origin, vv) and (clock, origin)."""
    clock, origin, vv = winner
    loser_clock, loser_origin = loser
    if origin == loser_origin:
        return clock >= loser_clock
    if vv is None:
        return False
    return int(json.loads(vv).get(loser_origin, -1)) >= loser_clock
