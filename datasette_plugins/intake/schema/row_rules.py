"""The register's row rules as SQL, in the order they are checked (the first failing one speaks).

Conditions are over ``NEW.<column>`` and are true when the row breaks the rule; messages are
the Chinese text the user sees. They come from migration m0100_core (``RULES``); the order is
the one in which SQLite fired m0100's separate triggers (newest first: rules from last to
first), except that a 身份证号 of the wrong format is reported as such before its check
character. Used by the check triggers of migration m0202_lean_triggers and by sync's bulk apply
(``sync/apply.py``), which checks the rows it inserted in one query instead of per-row triggers.
"""

from __future__ import annotations

from .migrations.m0100_core import RULES, _id_number_checks

ACTOR_CONDITION = "intake_actor() IS NULL"
ACTOR_MESSAGE = "写入登记簿必须注明操作人"

# m0100's birth-date rule built its date string four times and called date() three times (a
# third of all the checks' cost); the same rule with one strftime() and one string built.
_ID_FORMAT, _ID_BIRTH, _ID_CHECK_CHAR = _id_number_checks("NEW.id_number")
_DIGITS8 = "substr(NEW.id_number, 7, 8)"
_BIRTH_TEXT = (
    "(substr(NEW.id_number, 7, 4) || '-' || substr(NEW.id_number, 11, 2)"
    " || '-' || substr(NEW.id_number, 13, 2))"
)
# strftime() of a date that does not exist is NULL or another day (1981-02-29 → 19810301).
_ID_BIRTH_FAST = (
    f"strftime('%Y%m%d', {_BIRTH_TEXT}) IS NOT {_DIGITS8}"
    f" OR {_DIGITS8} < '19000101' OR {_DIGITS8} > strftime('%Y%m%d', 'now')",
    _ID_BIRTH[1],
)
_ID_RULES = {_ID_FORMAT, _ID_BIRTH, _ID_CHECK_CHAR}


def ordered_rules(table: str) -> list[tuple[str, str]]:
    """(condition, message) of ``table``'s rules, in the order they are checked."""
    ordered = []
    for rule in reversed(RULES[table]):
        if rule == _ID_CHECK_CHAR:  # the first of the three to fire in m0100
            ordered += [_ID_FORMAT, _ID_CHECK_CHAR, _ID_BIRTH_FAST]
        elif rule not in _ID_RULES:
            ordered.append(rule)
    return ordered


# Rules that a UNIQUE index also enforces (m0100_core): after a bulk insert they cannot fail, so
# sync's bulk check leaves them out and reports the index's refusal with the rule's message.
UNIQUE_RULES = {
    "UNIQUE constraint failed: applicants.batch_id, applicants.id_number": (
        "同一批次中同一人（身份证号相同）不能登记两次"
    ),
    "UNIQUE constraint failed: applicants.batch_id, applicants.roster_position": (
        "同一批次中花名册序号不能重复"
    ),
}


def bulk_rules(table: str) -> list[tuple[str, str]]:
    """``ordered_rules`` less those a UNIQUE index enforces, for rows already inserted."""
    indexed = set(UNIQUE_RULES.values())
    return [rule for rule in ordered_rules(table) if rule[1] not in indexed]


def sql_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def problem_sql(rules: list[tuple[str, str]]) -> str:
    """An SQL expression: the message of the first of ``rules`` the row NEW breaks, or NULL."""
    cases = " ".join(f"WHEN {c} THEN {sql_text(m)}" for c, m in rules)
    return f"CASE {cases} END"
