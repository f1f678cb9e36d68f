"""The register's rules as SQL, generated from their one definition in ``domain/``.

Each ``Check`` is an SQL condition over ``NEW`` (``OLD`` for deletions) that is true when the row
breaks the rule, and the Chinese message the writer gets. The live triggers (``live.py``) raise
the first failing check's message; sync's bulk check runs ``bulk_rules`` over the rows it
inserted. Two kinds of check:

- **row checks** hold for every writer, sync included: they concern the row alone (身份证号,
  copy counts, names, the id's office prefix, known statuses and routes). A change file that
  breaks one is not a valid change.
- **local checks** (``local=True``) span rows or depend on today (the unit exists, the same
  person twice in a batch, a taken roster position, status steps, no deleting a forwarded batch,
  the register's own office, the receiving time's bounds). They hold for clerks, commands and
  the JSON API; sync actors (``sync:<office>``) skip them so that registers converge whatever
  the order of files, and what breaks them becomes an item of the review queue (sync stream).

A check with ``columns`` is, on UPDATE, only evaluated when one of them changed (a rule that
depends on today does not make old rows uneditable, and unchanged values cost nothing).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..domain import fields, idcards, statuses
from ..domain.copies import APPLICANT_COLUMN, ROUTE_FORM_COLUMN, paper
from ..domain.fields import Count, Text
from ..domain.offices import COMMITTEE_CODE, load_offices
from .tables import ID_KINDS

INSERT, UPDATE, DELETE = "INSERT", "UPDATE", "DELETE"
WRITES = (INSERT, UPDATE)

ACTOR_CONDITION = "intake_actor() IS NULL"
ACTOR_MESSAGE = "写入登记簿必须注明操作人"
# Local checks are skipped for sync actors (see the module docstring).
LOCAL_ACTOR = "intake_actor() NOT LIKE 'sync:%'"
OWN_OFFICE = "(SELECT office FROM register WHERE singleton = 1)"


@dataclass(frozen=True)
class Check:
    code: str
    condition: str
    message: str
    local: bool = False
    events: tuple[str, ...] = WRITES
    columns: tuple[str, ...] = ()

    def condition_for(self, event: str) -> str:
        if event == UPDATE and self.columns:
            changed = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in self.columns)
            return f"(({changed}) AND ({self.condition}))"
        return f"({self.condition})"


def sql_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _in(column: str, values: object) -> str:
    return f"{column} IN ({', '.join(sql_text(str(v)) for v in values)})"  # type: ignore[attr-defined]


# --- Row checks, from the definitions in domain/ ----------------------------------------------


def id_number_checks(col: str = "NEW.id_number") -> list[Check]:
    """``domain.idcards.CHECKS`` as SQL over a stored (normalized) number, in the same order."""
    pattern = "[0-9]" * 17 + "[0-9X]"
    digits = f"substr({col}, 7, 8)"
    birth = f"(substr({col}, 7, 4) || '-' || substr({col}, 11, 2) || '-' || substr({col}, 13, 2))"
    today = "strftime('%Y%m%d', 'now', '+8 hours')"
    age = (
        f"(CAST(substr({today}, 1, 4) AS INTEGER) - CAST(substr({col}, 7, 4) AS INTEGER)"
        f" - (substr({today}, 5, 4) < substr({col}, 11, 4)))"
    )
    weighted = " + ".join(
        f"CAST(substr({col}, {i + 1}, 1) AS INTEGER) * {w}" for i, w in enumerate(idcards.WEIGHTS)
    )
    conditions = {
        "format": f"{col} IS NULL OR typeof({col}) != 'text' OR NOT {col} GLOB '{pattern}'",
        "province": f"NOT {_in(f'substr({col}, 1, 2)', idcards.PROVINCES)}",
        # With a modifier, strftime() of a date that does not exist is NULL or another day
        # (1981-02-29 → 19810301); without one SQLite 3.40 echoes 19810229.
        "birth": f"strftime('%Y%m%d', {birth}, '+0 days') IS NOT {digits}",
        "age": f"{age} NOT BETWEEN {idcards.MIN_AGE} AND {idcards.MAX_AGE}",
        "check": (
            f"substr({sql_text(idcards.CHECK_CHARS)}, (({weighted}) % 11) + 1, 1)"
            f" != substr({col}, 18, 1)"
        ),
    }
    column = col.split(".", 1)[1]
    return [
        Check(f"id_number.{key}", conditions[key], message, columns=(column,))
        for key, message in idcards.CHECKS
    ]


def text_checks(rule: Text) -> list[Check]:
    col = f"NEW.{rule.column}"
    blank = f"length(trim({col}, ' ' || char(12288))) = 0"
    control = "'*[' || char(1) || '-' || char(31) || char(127) || ']*'"
    quoted = "".join("''" if ch == "'" else ch for ch in fields.FORBIDDEN)
    checks = []
    if rule.required:
        empty = f"{col} IS NULL OR {blank}"
        checks.append(Check(f"{rule.table}.{rule.column}.empty", empty, rule.empty_message))
    present = f"{col} IS NOT NULL AND " if not rule.required else ""
    checks.append(
        Check(
            f"{rule.table}.{rule.column}.chars",
            f"{present}({col} GLOB '*[{quoted}]*' OR {col} GLOB {control}"
            f" OR instr({col}, char(0)) > 0)",
            rule.chars_message,
            columns=(rule.column,),
        )
    )
    checks.append(
        Check(
            f"{rule.table}.{rule.column}.long",
            f"{present}length({col}) > {rule.max_len}",
            rule.long_message,
            columns=(rule.column,),
        )
    )
    return checks


def count_check(rule: Count) -> Check:
    col = f"NEW.{rule.column}"
    return Check(
        f"{rule.table}.{rule.column}",
        f"typeof({col}) != 'integer' OR {col} < 0 OR {col} > {fields.MAX_COPIES}",
        rule.message,
        columns=(rule.column,),
    )


def _route_form_check() -> Check:
    """Copies of the route form: a count, or (a notice without route forms) 0 only."""
    if fields.ROUTE_FORM is not None:
        return count_check(fields.ROUTE_FORM)
    col = f"NEW.{ROUTE_FORM_COLUMN}"
    return Check(
        f"applicants.{ROUTE_FORM_COLUMN}",
        f"typeof({col}) != 'integer' OR {col} != 0",
        fields.NO_ROUTE_FORM_MESSAGE,
        columns=(ROUTE_FORM_COLUMN,),
    )


def _row_id_checks(table: str) -> list[Check]:
    kind = ID_KINDS[table]
    return [
        Check(
            f"{table}.office",
            "NEW.office IS NULL OR NOT NEW.office GLOB '33[0-9][0-9][0-9][0-9]'",
            "受理部门代码（office）应为6位行政区划代码，如330102",
        ),
        Check(
            f"{table}.id",
            f"NEW.id IS NULL OR substr(NEW.id, 1, 9) != NEW.office || '-{kind}-'"
            " OR length(NEW.id) < 12",
            f"记录编号（id）应以“受理部门代码-{kind}-”开头，如 330102-{kind}-…",
        ),
    ]


def _status_check(table: str, allowed: dict[str, str]) -> Check:
    labels = "、".join(allowed.values())
    return Check(
        f"{table}.status",
        f"NEW.status IS NULL OR NOT {_in('NEW.status', allowed)}",
        f"状态应为{labels}之一",
        columns=("status",),
    )


# --- Local checks: across rows, in time, the register's own office ---------------------------


def _office_checks(table: str) -> list[Check]:
    """Rows of this register's office only; the 高评委办公室 may write every known office."""
    known = _in("NEW.office", sorted(load_offices()))
    return [
        Check(
            f"{table}.own_office",
            f"NEW.office IS NOT {OWN_OFFICE}"
            f" AND NOT ({OWN_OFFICE} = {sql_text(COMMITTEE_CODE)} AND {known})",
            "只能登记本受理部门的记录：记录的受理部门（office）与本登记簿不符",
            local=True,
            columns=("office",),
        ),
        Check(
            f"{table}.id_taken",
            f"EXISTS (SELECT 1 FROM {table} WHERE id = NEW.id)",
            "记录编号（id）已存在",
            local=True,
            events=(INSERT,),
        ),
    ]


# Whether sync's importer converges rules across rows (the parent exists, the same person or
# roster position twice in a batch, a unit name taken): then they are local checks and what
# breaks them becomes a review-queue item. Until the sync stream switches this on (NOTES.md
# 2026-11-30), its importer relies on them being refused (a file that needs an earlier one
# waits and is retried), so they hold for sync actors too.
CONVERGING = True


def _exists(table: str, column: str, message: str, owner: str) -> Check:
    return Check(
        f"{owner}.{column}.exists",
        f"NOT EXISTS (SELECT 1 FROM {table} WHERE id = NEW.{column})",
        message,
        local=CONVERGING,
        columns=(column,),
    )


def _received_at_checks() -> list[Check]:
    shape = (
        "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]"
        "[+-][0-9][0-9]:[0-9][0-9]"
    )
    earliest = fields.earliest_received_at().isoformat(timespec="seconds")
    margin = int(fields.RECEIVED_AT_MARGIN.total_seconds())
    return [
        Check(
            "batches.received_at.format",
            f"NEW.received_at IS NULL OR NOT NEW.received_at GLOB '{shape}'"
            " OR datetime(NEW.received_at) IS NULL",
            fields.RECEIVED_AT_FORMAT_MESSAGE,
            columns=("received_at",),
        ),
        Check(
            "batches.received_at.bounds",
            f"datetime(NEW.received_at) < datetime('{earliest}')"
            f" OR datetime(NEW.received_at) > datetime('now', '+{margin} seconds')",
            fields.received_at_bounds_message(),
            local=True,
            columns=("received_at",),
        ),
    ]


def route_form_need(route: str) -> str:
    """SQL: the copies of its route form an applicant of ``route`` (an SQL expression) brings."""
    forms = paper().route_forms
    if not forms:
        return "0"
    cases = " ".join(f"WHEN {sql_text(r)} THEN {f.copies}" for r, f in forms.items())
    return f"(CASE {route} {cases} ELSE 0 END)"


def _applicant_short(prefix: str) -> str:
    """SQL: the applicant row (columns prefixed ``prefix``) lacks copies of 附件4 二."""
    return (
        f"{prefix}{APPLICANT_COLUMN} < {paper().review_form.copies}"
        f" OR {prefix}{ROUTE_FORM_COLUMN} < {route_form_need(prefix + 'route')}"
    )


def _copies_complete(batch: str) -> str:
    """SQL: the applicants of batch ``batch`` hold every paper of 附件4 二, in 花名册 order."""
    return (
        f"EXISTS (SELECT 1 FROM applicants WHERE batch_id = {batch})"
        f" AND NOT EXISTS (SELECT 1 FROM applicants WHERE batch_id = {batch}"
        f" AND (status != 'complete' OR {_applicant_short('')}))"
        f" AND (SELECT max(roster_position) = count(*) AND min(roster_position) = 1"
        f" FROM applicants WHERE batch_id = {batch})"
    )


def _batch_steps() -> list[Check]:
    steps = " OR ".join(
        f"(OLD.status = '{a}' AND NEW.status = '{b}')" for a, b in statuses.BATCH_STEPS
    )
    need = {item.id: item.copies for item in paper().items}
    return [
        Check(
            "batches.status.new",
            f"NEW.status IS NOT '{statuses.NEW_BATCH}'",
            f"新批次的状态应为“{statuses.BATCH_STATUSES[statuses.NEW_BATCH]}”，"
            "再按收件清点结果变更",
            local=True,
            events=(INSERT,),
        ),
        Check(
            "batches.forwarded.fixed",
            "OLD.status = 'forwarded'",
            "已转报高评委办公室的批次不能再修改",
            local=True,
            events=(UPDATE,),
        ),
        Check(
            "batches.status.step",
            f"NEW.status IS NOT OLD.status AND NOT ({steps})",
            statuses.STEP_MESSAGE,
            local=True,
            events=(UPDATE,),
        ),
        Check(
            "batches.status.complete",
            f"NEW.status = 'complete' AND NEW.status IS NOT OLD.status AND ("
            f"NEW.mandate_copies < {need['mandate']} OR NEW.roster_copies < {need['roster']}"
            f" OR NOT ({_copies_complete('NEW.id')}))",
            "材料不齐的批次不能标为“材料齐全”",
            local=True,
            events=(UPDATE,),
        ),
    ]


def _applicant_status_checks() -> list[Check]:
    batch_status = "(SELECT status FROM batches WHERE id = NEW.batch_id)"
    return [
        Check(
            "applicants.status.new",
            f"NEW.status IS NOT '{statuses.NEW_APPLICANT}'",
            f"新登记的申报人状态应为“{statuses.APPLICANT_STATUSES[statuses.NEW_APPLICANT]}”",
            local=True,
            events=(INSERT,),
        ),
        Check(
            "applicants.batch.open",
            f"{batch_status} IN ('forwarded', 'returned')",
            "该批次已转报或已退回，不能再登记或修改申报人",
            local=True,
            events=(INSERT,),
        ),
        Check(
            "applicants.forwarded.fixed",
            "OLD.status = 'forwarded'",
            "已转报高评委办公室的申报人不能再修改",
            local=True,
            events=(UPDATE,),
        ),
        Check(
            "applicants.status.batch",
            f"NEW.status IN ('forwarded', 'returned') AND NEW.status IS NOT {batch_status}",
            "申报人的“已转报/已退回”状态应与所属批次一致",
            local=True,
            events=(UPDATE,),
        ),
        Check(
            "applicants.status.complete",
            f"NEW.status = 'complete' AND ({_applicant_short('NEW.')})",
            "材料不齐的申报人不能标为“材料齐全”",
            local=True,
            events=(UPDATE,),
            columns=("status", "route", "review_form_copies", ROUTE_FORM_COLUMN),
        ),
    ]


def _delete_checks() -> dict[str, list[Check]]:
    return {
        "units": [
            Check(
                "units.delete.in_use",
                "EXISTS (SELECT 1 FROM batches WHERE unit_id = OLD.id)"
                " OR EXISTS (SELECT 1 FROM applicants WHERE unit_id = OLD.id)",
                "该用人单位还有批次或申报人，不能删除",
                local=True,
                events=(DELETE,),
            ),
        ],
        "batches": [
            Check(
                "batches.delete.forwarded",
                "OLD.status = 'forwarded'",
                "已转报高评委办公室的批次不能删除",
                local=True,
                events=(DELETE,),
            ),
            Check(
                "batches.delete.people",
                "EXISTS (SELECT 1 FROM applicants WHERE batch_id = OLD.id)",
                "批次中还有申报人，不能删除（请先退回单位）",
                local=True,
                events=(DELETE,),
            ),
        ],
        "applicants": [
            Check(
                "applicants.delete.closed",
                "(SELECT status FROM batches WHERE id = OLD.batch_id) IN ('forwarded', 'returned')"
                " OR OLD.status = 'forwarded'",
                "已转报或已退回批次中的申报人不能删除",
                local=True,
                events=(DELETE,),
            ),
        ],
    }


UNIT_TAKEN = "该用人单位已登记"
PERSON_TWICE = "同一批次中同一人（身份证号相同）不能登记两次"
POSITION_TAKEN = "同一批次中花名册序号不能重复"


def table_checks() -> dict[str, list[Check]]:
    """Every check of every synced table, in the order they are tried."""
    deletes = _delete_checks()
    return {
        "units": [
            *_row_id_checks("units"),
            *text_checks(fields.UNIT_NAME),
            *text_checks(fields.CREDIT_CODE),
            *text_checks(fields.CONTACT),
            *text_checks(fields.PHONE),
            *_office_checks("units"),
            Check(
                "units.name.taken",
                "EXISTS (SELECT 1 FROM units WHERE office = NEW.office AND name = NEW.name"
                " AND id != NEW.id)",
                UNIT_TAKEN,
                local=CONVERGING,
                columns=("office", "name"),
            ),
            *deletes["units"],
        ],
        "batches": [
            *_row_id_checks("batches"),
            _status_check("batches", statuses.BATCH_STATUSES),
            count_check(fields.MANDATE),
            count_check(fields.ROSTER),
            _received_at_checks()[0],
            Check(
                "batches.clerk",
                "NEW.clerk IS NULL OR length(trim(NEW.clerk)) = 0",
                "必须注明经办人",
            ),
            Check(
                "batches.returned.reason",
                "NEW.status = 'returned' AND length(trim(coalesce(NEW.status_reason, ''))) = 0",
                "退回单位必须填写退回原因",
            ),
            *text_checks(fields.COURIER),
            *text_checks(fields.BATCH_NOTE),
            *text_checks(fields.RETURN_REASON),
            Check(
                "batches.receipt_no",
                "NEW.receipt_no IS NOT NULL AND (typeof(NEW.receipt_no) != 'integer'"
                " OR NEW.receipt_no < 1)",
                "回执编号应为正整数",
                columns=("receipt_no",),
            ),
            *_office_checks("batches"),
            Check(
                "batches.receipt_no.taken",
                "NEW.receipt_no IS NOT NULL AND EXISTS (SELECT 1 FROM batches"
                " WHERE office = NEW.office AND receipt_no = NEW.receipt_no AND id != NEW.id)",
                "回执编号已被本受理部门的另一批次使用",
                local=True,
                columns=("receipt_no",),
            ),
            Check(
                "batches.receipt_no.fixed",
                "OLD.receipt_no IS NOT NULL AND NEW.receipt_no IS NOT OLD.receipt_no",
                "回执编号一经编定不可更改",
                local=True,
                events=(UPDATE,),
            ),
            _exists("units", "unit_id", "用人单位不存在，请先登记该单位", "batches"),
            _received_at_checks()[1],
            *_batch_steps(),
            *deletes["batches"],
        ],
        "applicants": [
            *_row_id_checks("applicants"),
            *text_checks(fields.PERSON_NAME),
            *id_number_checks("NEW.id_number"),
            Check(
                "applicants.route",
                f"NEW.route IS NULL OR NOT {_in('NEW.route', fields.ROUTES)}",
                fields.ROUTE_MESSAGE,
                columns=("route",),
            ),
            Check(
                "applicants.exceptional",
                "NEW.exceptional IS NULL OR NEW.exceptional NOT IN (0, 1)"
                f" OR (NEW.exceptional = 1) != (NEW.route = {sql_text(fields.FLAG_ROUTE)})",
                fields.FLAG_MESSAGE,
            ),
            Check(
                "applicants.roster_position",
                "typeof(NEW.roster_position) != 'integer' OR NEW.roster_position < 1"
                f" OR NEW.roster_position > {fields.MAX_POSITION}",
                fields.POSITION_MESSAGE,
                columns=("roster_position",),
            ),
            count_check(fields.REVIEW_FORM),
            _route_form_check(),
            _status_check("applicants", statuses.APPLICANT_STATUSES),
            *text_checks(fields.SPECIALTY),
            *text_checks(fields.PERSON_NOTE),
            *_office_checks("applicants"),
            _exists("batches", "batch_id", "所属批次不存在", "applicants"),
            _exists("units", "unit_id", "用人单位不存在，请先登记该单位", "applicants"),
            Check(
                "applicants.person.twice",
                "EXISTS (SELECT 1 FROM applicants WHERE batch_id = NEW.batch_id"
                " AND id_number = NEW.id_number AND id != NEW.id)",
                PERSON_TWICE,
                local=CONVERGING,
                columns=("batch_id", "id_number"),
            ),
            Check(
                "applicants.position.taken",
                "EXISTS (SELECT 1 FROM applicants WHERE batch_id = NEW.batch_id"
                " AND roster_position = NEW.roster_position AND id != NEW.id)",
                POSITION_TAKEN,
                local=CONVERGING,
                columns=("batch_id", "roster_position"),
            ),
            *_applicant_status_checks(),
            *deletes["applicants"],
        ],
    }


def checks_for(table: str, event: str) -> list[Check]:
    return [check for check in table_checks()[table] if event in check.events]


def bulk_rules(table: str) -> list[tuple[str, str]]:
    """(condition, message) of the checks that hold for sync actors on inserted rows: what
    sync's importer runs over the rows of its one INSERT … SELECT (``sync/apply.py``)."""
    return [
        (check.condition_for(INSERT), check.message)
        for check in checks_for(table, INSERT)
        if not check.local
    ]


def problem_sql(rules: list[tuple[str, str]]) -> str:
    """An SQL expression: the message of the first of ``rules`` the row NEW breaks, or NULL."""
    cases = " ".join(f"WHEN {c} THEN {sql_text(m)}" for c, m in rules)
    return f"CASE {cases} END"
