"""Core register tables: register, units, batches, applicants, audit_log; invariants as triggers.

Invariants live in the database (triggers raising Chinese messages) so that every write path —
the intake page, the commands, Datasette's JSON write API, sync — obeys them.
"""

from __future__ import annotations

import sqlite3

from ..migrate import execute_script

NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
MAX_COPIES = 20

TABLES = """
CREATE TABLE register (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    office TEXT NOT NULL CHECK (office GLOB '33[0-9][0-9][0-9][0-9]'),
    created_at TEXT NOT NULL
);

CREATE TABLE units (
    id TEXT NOT NULL PRIMARY KEY,
    office TEXT NOT NULL,
    name TEXT NOT NULL,
    credit_code TEXT,
    contact TEXT,
    phone TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE UNIQUE INDEX units_office_name ON units (office, name);

CREATE TABLE batches (
    id TEXT NOT NULL PRIMARY KEY,
    office TEXT NOT NULL,
    unit_id TEXT NOT NULL REFERENCES units (id),
    received_at TEXT NOT NULL,
    clerk TEXT NOT NULL,
    courier TEXT,
    mandate_copies INTEGER NOT NULL DEFAULT 0,
    roster_copies INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL DEFAULT 'received'
        CHECK (status IN ('received', 'complete', 'incomplete', 'forwarded', 'returned')),
    status_reason TEXT,
    status_by TEXT,
    status_at TEXT,
    note TEXT
);
CREATE INDEX batches_unit ON batches (unit_id);
CREATE INDEX batches_office_status ON batches (office, status);
CREATE INDEX batches_received_at ON batches (received_at);

CREATE TABLE applicants (
    id TEXT NOT NULL PRIMARY KEY,
    office TEXT NOT NULL,
    batch_id TEXT NOT NULL REFERENCES batches (id),
    unit_id TEXT NOT NULL REFERENCES units (id),
    name TEXT NOT NULL,
    id_number TEXT NOT NULL,
    specialty TEXT,
    route TEXT NOT NULL DEFAULT 'normal'
        CHECK (route IN ('normal', 'transfer', 'skilled', 'exceptional')),
    exceptional INTEGER NOT NULL DEFAULT 0,
    roster_position INTEGER NOT NULL,
    review_form_copies INTEGER NOT NULL DEFAULT 0,
    exceptional_form_copies INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL DEFAULT 'expected'
        CHECK (status IN ('expected', 'complete', 'incomplete', 'forwarded', 'returned')),
    note TEXT
);
CREATE UNIQUE INDEX applicants_batch_person ON applicants (batch_id, id_number);
CREATE UNIQUE INDEX applicants_batch_position ON applicants (batch_id, roster_position);
CREATE INDEX applicants_unit ON applicants (unit_id);
CREATE INDEX applicants_office_status ON applicants (office, status);
CREATE INDEX applicants_id_number ON applicants (id_number);

CREATE TABLE audit_log (
    id TEXT NOT NULL PRIMARY KEY,
    office TEXT NOT NULL,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('insert', 'update', 'delete')),
    table_name TEXT NOT NULL,
    row_id TEXT NOT NULL,
    changes TEXT NOT NULL
);
CREATE INDEX audit_log_row ON audit_log (table_name, row_id);
CREATE INDEX audit_log_at ON audit_log (at);
"""

COLUMNS: dict[str, tuple[str, ...]] = {
    "units": ("id", "office", "name", "credit_code", "contact", "phone", "created_at"),
    "batches": (
        "id", "office", "unit_id", "received_at", "clerk", "courier", "mandate_copies",
        "roster_copies", "status", "status_reason", "status_by", "status_at", "note",
    ),
    "applicants": (
        "id", "office", "batch_id", "unit_id", "name", "id_number", "specialty", "route",
        "exceptional", "roster_position", "review_form_copies", "exceptional_form_copies",
        "status", "note",
    ),
}  # fmt: skip

# A valid 身份证号 (GB 11643): 17 digits + check character, check = "10X98765432"[sum % 11].
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def _id_number_checks(col: str) -> list[tuple[str, str]]:
    weighted = " + ".join(
        f"CAST(substr({col}, {i + 1}, 1) AS INTEGER) * {w}" for i, w in enumerate(_WEIGHTS)
    )
    birth = f"(substr({col}, 7, 4) || '-' || substr({col}, 11, 2) || '-' || substr({col}, 13, 2))"
    pattern = "[1-9]" + "[0-9]" * 16 + "[0-9X]"
    return [
        (
            f"{col} IS NULL OR NOT {col} GLOB '{pattern}'",
            "身份证号格式错误：应为18位，前17位为数字，最后一位为数字或大写X",
        ),
        (
            f"date({birth}) IS NULL OR date({birth}) != {birth}"
            f" OR {birth} < '1900-01-01' OR {birth} > date('now')",
            "身份证号中的出生日期不存在",
        ),
        (
            f"substr('10X98765432', (({weighted}) % 11) + 1, 1) != substr({col}, 18, 1)",
            "身份证号校验位错误（GB 11643），请核对号码",
        ),
    ]


def _copies_check(col: str, label: str) -> tuple[str, str]:
    return (
        f"typeof({col}) != 'integer' OR {col} < 0 OR {col} > {MAX_COPIES}",
        f"{label}份数应为0至{MAX_COPIES}之间的整数",
    )


def _name_checks(col: str, label: str) -> list[tuple[str, str]]:
    return [
        (
            f"{col} IS NULL OR length(trim({col})) = 0 OR length({col}) > 60",
            f"{label}不能为空，且不超过60个字",
        ),
        (
            f"{col} GLOB '*[<>&\"''`]*' OR {col} GLOB '*[{chr(1)}-{chr(31)}]*'",
            f"{label}含有不允许的字符（< > & 引号等），请只填写{label}本身",
        ),
    ]


def _row_id_checks(kind: str) -> list[tuple[str, str]]:
    return [
        (
            "NEW.office IS NULL OR NOT NEW.office GLOB '33[0-9][0-9][0-9][0-9]'",
            "受理部门代码（office）应为6位行政区划代码，如330102",
        ),
        (
            f"NEW.id IS NULL OR substr(NEW.id, 1, 9) != NEW.office || '-{kind}-'"
            " OR length(NEW.id) < 12",
            f"记录编号（id）应以“受理部门代码-{kind}-”开头，如 330102-{kind}-…",
        ),
    ]


LOCAL = f"intake_actor() NOT LIKE '{'sync:'}%'"

RULES: dict[str, list[tuple[str, str]]] = {
    "units": [*_row_id_checks("U"), *_name_checks("NEW.name", "单位名称")],
    "batches": [
        *_row_id_checks("B"),
        (
            "NOT EXISTS (SELECT 1 FROM units WHERE id = NEW.unit_id)",
            "用人单位不存在，请先登记该单位",
        ),
        _copies_check("NEW.mandate_copies", "委托书"),
        _copies_check("NEW.roster_copies", "花名册"),
        (
            "NEW.received_at IS NULL OR datetime(NEW.received_at) IS NULL",
            "收件时间格式错误",
        ),
        (
            "NEW.clerk IS NULL OR length(trim(NEW.clerk)) = 0",
            "必须注明经办人",
        ),
        (
            "NEW.status = 'returned' AND length(trim(coalesce(NEW.status_reason, ''))) = 0",
            "退回单位必须填写退回原因",
        ),
        _name_checks("NEW.courier", "送件人")[1],
    ],
    "applicants": [
        *_row_id_checks("A"),
        *_name_checks("NEW.name", "姓名"),
        *_id_number_checks("NEW.id_number"),
        (
            "NOT EXISTS (SELECT 1 FROM batches WHERE id = NEW.batch_id)",
            "所属批次不存在",
        ),
        (
            "NOT EXISTS (SELECT 1 FROM units WHERE id = NEW.unit_id)",
            "用人单位不存在，请先登记该单位",
        ),
        (
            "EXISTS (SELECT 1 FROM applicants WHERE batch_id = NEW.batch_id"
            " AND id_number = NEW.id_number AND id != NEW.id)",
            "同一批次中同一人（身份证号相同）不能登记两次",
        ),
        (
            "typeof(NEW.roster_position) != 'integer' OR NEW.roster_position < 1"
            " OR NEW.roster_position > 10000",
            "花名册序号应为1至10000之间的整数",
        ),
        (
            "EXISTS (SELECT 1 FROM applicants WHERE batch_id = NEW.batch_id"
            " AND roster_position = NEW.roster_position AND id != NEW.id)",
            "同一批次中花名册序号不能重复",
        ),
        (
            "NEW.exceptional NOT IN (0, 1) OR (NEW.exceptional = 1) != (NEW.route = 'exceptional')",
            "破格标记应与申报类型一致：只有破格申报的人员标记为破格",
        ),
        _copies_check("NEW.review_form_copies", "评审表"),
        _copies_check("NEW.exceptional_form_copies", "破格审批表"),
    ],
}

# Status steps a clerk may take (local rows); sync applies whatever state the origin reached.
BATCH_STEPS = (
    ("received", "complete"),
    ("received", "incomplete"),
    ("received", "returned"),
    ("incomplete", "complete"),
    ("complete", "incomplete"),
    ("incomplete", "returned"),
    ("complete", "returned"),
    ("complete", "forwarded"),
    ("returned", "received"),
)


def _raise_trigger(name: str, table: str, event: str, condition: str, message: str) -> str:
    return (
        f"CREATE TRIGGER {name} BEFORE {event} ON {table}\n"
        f"WHEN {condition}\nBEGIN SELECT RAISE(ABORT, '{message}'); END;\n"
    )


def _audit_triggers(table: str) -> str:
    cols = COLUMNS[table]
    new_obj = "json_object(" + ", ".join(f"'{c}', NEW.{c}" for c in cols) + ")"
    old_obj = "json_object(" + ", ".join(f"'{c}', OLD.{c}" for c in cols) + ")"
    diffs = " UNION ALL ".join(f"SELECT '{c}' AS k, OLD.{c} AS o, NEW.{c} AS n" for c in cols)
    changed = f"(SELECT json_group_object(k, json_array(o, n)) FROM ({diffs}) WHERE o IS NOT n)"
    audit_id = "(SELECT office FROM register) || '-E-' || upper(hex(randomblob(13)))"

    def insert(action: str, row: str, changes: str) -> str:
        return (
            "INSERT INTO audit_log (id, office, at, actor, action, table_name, row_id, changes)"
            f" VALUES ({audit_id}, (SELECT office FROM register), {NOW}, intake_actor(),"
            f" '{action}', '{table}', {row}, {changes});"
        )

    return (
        f"CREATE TRIGGER {table}_actor_insert BEFORE INSERT ON {table} WHEN intake_actor() IS NULL"
        " BEGIN SELECT RAISE(ABORT, '写入登记簿必须注明操作人'); END;\n"
        f"CREATE TRIGGER {table}_actor_update BEFORE UPDATE ON {table} WHEN intake_actor() IS NULL"
        " BEGIN SELECT RAISE(ABORT, '写入登记簿必须注明操作人'); END;\n"
        f"CREATE TRIGGER {table}_actor_delete BEFORE DELETE ON {table} WHEN intake_actor() IS NULL"
        " BEGIN SELECT RAISE(ABORT, '写入登记簿必须注明操作人'); END;\n"
        f"CREATE TRIGGER {table}_audit_insert AFTER INSERT ON {table} BEGIN "
        + insert("insert", "NEW.id", new_obj)
        + " END;\n"
        f"CREATE TRIGGER {table}_audit_update AFTER UPDATE ON {table} BEGIN "
        + insert("update", "NEW.id", changed)
        + " END;\n"
        f"CREATE TRIGGER {table}_audit_delete AFTER DELETE ON {table} BEGIN "
        + insert("delete", "OLD.id", old_obj)
        + " END;\n"
    )


def schema_sql() -> str:
    parts = [TABLES]
    for table, rules in RULES.items():
        for number, (condition, message) in enumerate(rules, start=1):
            for event in ("INSERT", "UPDATE"):
                name = f"{table}_check{number:02d}_{event.lower()}"
                parts.append(_raise_trigger(name, table, event, condition, message))
        parts.append(_audit_triggers(table))
    steps = " OR ".join(f"(OLD.status = '{a}' AND NEW.status = '{b}')" for a, b in BATCH_STEPS)
    parts.append(
        _raise_trigger(
            "batches_status_step",
            "batches",
            "UPDATE OF status",
            f"NEW.status != OLD.status AND {LOCAL} AND NOT ({steps})",
            "不允许的状态变更：收件 → 齐全/不齐全 → 转报高评委办公室，或退回单位",
        )
    )
    parts.append(
        _raise_trigger(
            "register_fixed",
            "register",
            "UPDATE",
            "1",
            "登记簿所属受理部门不可更改",
        )
    )
    for event in ("UPDATE", "DELETE"):
        parts.append(
            _raise_trigger(
                f"audit_log_fixed_{event.lower()}",
                "audit_log",
                event,
                "1",
                "审计记录不可修改或删除",
            )
        )
    return "\n".join(parts)


def migrate(conn: sqlite3.Connection) -> None:
    execute_script(conn, schema_sql())
