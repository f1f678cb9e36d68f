"""The live triggers of a register, generated from ``checks.py`` and installed after migrations.

Migrations build tables and are frozen; the triggers that hold the rules are not history but the
rules of today, so they are generated from the one definition of each rule and brought up to date
whenever a register is opened for serving or initialised (``registers.upgrade``): a trigger whose
SQL differs from the generated one is replaced, a trigger no longer generated is dropped. Sync's
own triggers (``_sync_*``) are left alone.

Per synced table: ``{table}_checks_insert|update|delete`` (BEFORE; the first failing check's
message is raised), ``{table}_audit_insert|update|delete`` (AFTER; one ``audit_log`` row per
changed row); ``batches_receipt_no`` gives a new batch of this office the next receipt
number. While sync's importer bulk-inserts (``_sync_state.applying = 2``, its own transaction
only) the insert triggers stand aside: it runs ``checks.bulk_rules`` over the
inserted rows and writes their audit rows itself (CONTRACT.md §2).
"""

from __future__ import annotations

import sqlite3

from .checks import (
    ACTOR_CONDITION,
    ACTOR_MESSAGE,
    DELETE,
    INSERT,
    LOCAL_ACTOR,
    OWN_OFFICE,
    UPDATE,
    checks_for,
    sql_text,
)
from .connection import transaction
from .tables import COLUMNS, NOW, SYNCED_TABLES

# The importer has checked and audits the rows of its current INSERT itself (see above).
NOT_BULK_IMPORT = "(SELECT applying FROM _sync_state WHERE id = 1) IS NOT 2"
MANAGED_TABLES = (*SYNCED_TABLES, "audit_log", "register")


def _raise(condition: str, message: str) -> str:
    return f"WHEN {condition} THEN RAISE(ABORT, {sql_text(message)})"


def check_trigger(table: str, event: str) -> str:
    """One BEFORE trigger raising the message of the first check the row fails."""
    checks = checks_for(table, event)
    cases = [_raise(ACTOR_CONDITION, ACTOR_MESSAGE)]
    cases += [_raise(c.condition_for(event), c.message) for c in checks if not c.local]
    local = [_raise(c.condition_for(event), c.message) for c in checks if c.local]
    if local:
        cases.append(f"WHEN {LOCAL_ACTOR} THEN CASE\n      " + "\n      ".join(local) + " END")
    when = f"\nWHEN {NOT_BULK_IMPORT}" if event == INSERT else ""
    body = "\n    ".join(cases)
    return (
        f"CREATE TRIGGER {table}_checks_{event.lower()} BEFORE {event} ON {table}{when}\n"
        f"BEGIN SELECT CASE\n    {body}\n  END; END"
    )


def row_json_sql(table: str, alias: str) -> str:
    return "json_object(" + ", ".join(f"'{c}', {alias}.{c}" for c in COLUMNS[table]) + ")"


def _audit_insert(table: str, action: str, row: str, changes: str) -> str:
    return (
        "INSERT INTO audit_log (office, at, actor, action, table_name, row_id, changes)"
        f" VALUES ({OWN_OFFICE}, {NOW}, intake_actor(), '{action}', '{table}', {row},"
        f" {changes});"
    )


def audit_triggers(table: str) -> dict[str, str]:
    diff = (
        "json_patch('{}', json_object("
        + ", ".join(
            f"'{c}', CASE WHEN OLD.{c} IS NOT NEW.{c} THEN json_array(OLD.{c}, NEW.{c}) END"
            for c in COLUMNS[table]
        )
        + "))"
    )
    new_row, old_row = row_json_sql(table, "NEW"), row_json_sql(table, "OLD")
    return {
        f"{table}_audit_insert": (
            f"CREATE TRIGGER {table}_audit_insert AFTER INSERT ON {table}"
            f" WHEN {NOT_BULK_IMPORT}"
            f" BEGIN {_audit_insert(table, 'insert', 'NEW.id', new_row)} END"
        ),
        f"{table}_audit_update": (
            f"CREATE TRIGGER {table}_audit_update AFTER UPDATE ON {table}"
            f" BEGIN {_audit_insert(table, 'update', 'NEW.id', diff)} END"
        ),
        f"{table}_audit_delete": (
            f"CREATE TRIGGER {table}_audit_delete AFTER DELETE ON {table}"
            f" BEGIN {_audit_insert(table, 'delete', 'OLD.id', old_row)} END"
        ),
    }


RECEIPT_NUMBER_TRIGGER = (
    "CREATE TRIGGER batches_receipt_no AFTER INSERT ON batches"
    f" WHEN NEW.receipt_no IS NULL AND NEW.office = {OWN_OFFICE} AND {LOCAL_ACTOR}"
    " BEGIN UPDATE batches SET receipt_no = (SELECT coalesce(max(receipt_no), 0) + 1"
    " FROM batches WHERE office = NEW.office) WHERE id = NEW.id; END"
)


def _fixed(name: str, table: str, event: str, message: str) -> tuple[str, str]:
    return name, (
        f"CREATE TRIGGER {name} BEFORE {event} ON {table}"
        f" BEGIN SELECT RAISE(ABORT, {sql_text(message)}); END"
    )


def live_triggers() -> dict[str, str]:
    """Every register-owned trigger: name → its CREATE TRIGGER statement."""
    triggers: dict[str, str] = {}
    for table in SYNCED_TABLES:
        for event in (INSERT, UPDATE, DELETE):
            triggers[f"{table}_checks_{event.lower()}"] = check_trigger(table, event)
        triggers.update(audit_triggers(table))
    triggers["batches_receipt_no"] = RECEIPT_NUMBER_TRIGGER
    triggers.update(
        [
            _fixed("register_fixed", "register", UPDATE, "登记簿所属受理部门不可更改"),
            _fixed("register_fixed_delete", "register", DELETE, "登记簿所属受理部门不可删除"),
            _fixed("audit_log_fixed_update", "audit_log", UPDATE, "审计记录不可修改或删除"),
            _fixed("audit_log_fixed_delete", "audit_log", DELETE, "审计记录不可修改或删除"),
        ]
    )
    return triggers


def installed_triggers(conn: sqlite3.Connection) -> dict[str, str]:
    marks = ", ".join("?" for _ in MANAGED_TABLES)
    return {
        name: sql
        for name, sql in conn.execute(
            f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ({marks})",
            MANAGED_TABLES,
        )
        if not name.startswith("_sync_")
    }


def install(conn: sqlite3.Connection) -> list[str]:
    """Bring the register's triggers up to date; return the names (re)created or dropped."""
    wanted = live_triggers()
    if installed_triggers(conn) == wanted:
        return []
    with transaction(conn):
        current = installed_triggers(conn)  # another process may have done it meanwhile
        changed = []
        for name, sql in current.items():
            if wanted.get(name) != sql:
                conn.execute(f'DROP TRIGGER "{name}"')
                changed.append(name)
        for name, sql in wanted.items():
            if current.get(name) != sql:
                conn.execute(sql)
                if name not in changed:
                    changed.append(name)
    return changed
