"""The rules of single values a clerk types, each defined once: texts, copy counts, routes,
roster positions, receiving times.

Each rule's numbers and messages live here only: the database's triggers (``schema/checks.py``)
and the intake page's live checks (``web/rules_js.py``) are generated from these definitions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from . import clock, notice
from .errors import IntakeError

# --- Texts: names and notes ------------------------------------------------------------------

# What is trimmed from both ends of anything typed (the page's script trims the same).
TRIM = " \t\r\n\u3000"
# Characters no name or note may hold: markup and quotes (a name is shown in pages, receipts and
# exported files) and control characters U+0000-U+001F, U+007F.
FORBIDDEN = "<>&\"'`"
CONTROL_RANGES = ((0x00, 0x1F), (0x7F, 0x7F))
_FORBIDDEN = re.compile(
    "["
    + re.escape(FORBIDDEN)
    + "".join(f"\\x{lo:02x}-\\x{hi:02x}" for lo, hi in CONTROL_RANGES)
    + "]"
)


@dataclass(frozen=True)
class Text:
    """A text column: its label, the form field it is typed in, its longest length."""

    table: str
    column: str
    label: str
    field: str
    max_len: int
    required: bool = True

    @property
    def empty_message(self) -> str:
        return f"请填写{self.label}"

    @property
    def long_message(self) -> str:
        return f"{self.label}不超过{self.max_len}个字"

    @property
    def chars_message(self) -> str:
        return f"{self.label}含有不允许的字符（< > & 引号等），请只填写{self.label}本身"


UNIT_NAME = Text("units", "name", "单位名称", "unit_name", 60)
CREDIT_CODE = Text("units", "credit_code", "统一社会信用代码", "credit_code", 18, False)
CONTACT = Text("units", "contact", "联系人", "contact", 30, False)
PHONE = Text("units", "phone", "联系电话", "phone", 30, False)
COURIER = Text("batches", "courier", "送件人", "courier", 30, False)
BATCH_NOTE = Text("batches", "note", "备注", "note", 500, False)
RETURN_REASON = Text("batches", "status_reason", "退回原因", "reason", 200, False)
PERSON_NAME = Text("applicants", "name", "姓名", "name", 30)
SPECIALTY = Text("applicants", "specialty", "申报专业", "specialty", 60, False)
PERSON_NOTE = Text("applicants", "note", "备注", "note", 200, False)
TEXTS = (
    UNIT_NAME, CREDIT_CODE, CONTACT, PHONE, COURIER, BATCH_NOTE, RETURN_REASON,
    PERSON_NAME, SPECIALTY, PERSON_NOTE,
)  # fmt: skip


def text_problem(value: str, rule: Text) -> str | None:
    """The message for a stored (already trimmed) text that breaks ``rule``, or None."""
    if not value:
        return rule.empty_message if rule.required else None
    if _FORBIDDEN.search(value):
        return rule.chars_message
    if len(value) > rule.max_len:
        return rule.long_message
    return None


def text(raw: object, rule: Text) -> str | None:
    """A trimmed text that keeps ``rule`` (None for an empty optional one), or IntakeError."""
    value = raw.strip(TRIM) if isinstance(raw, str) else ""
    found = text_problem(value, rule)
    if found:
        raise IntakeError(found, field=rule.field)
    return value or None


def required_text(raw: object, rule: Text) -> str:
    value = text(raw, rule)
    if value is None:
        raise IntakeError(rule.empty_message, field=rule.field)
    return value


# --- Copy counts -----------------------------------------------------------------------------

MAX_COPIES = 20


@dataclass(frozen=True)
class Count:
    table: str
    column: str
    label: str
    field: str

    @property
    def message(self) -> str:
        return f"{self.label}份数应为0至{MAX_COPIES}之间的整数"


MANDATE = Count("batches", "mandate_copies", "委托书", "mandate_copies")
ROSTER = Count("batches", "roster_copies", "花名册", "roster_copies")
REVIEW_FORM = Count("applicants", "review_form_copies", "评审表", "review_form_copies")
EXCEPTIONAL_FORM = Count(
    "applicants", "exceptional_form_copies", "破格审批表", "exceptional_form_copies"
)
COUNTS = (MANDATE, ROSTER, REVIEW_FORM, EXCEPTIONAL_FORM)


def copies(raw: object, rule: Count) -> int:
    """A copy count: a whole number from 0 to MAX_COPIES (empty means 0)."""
    if raw is None or (isinstance(raw, str) and not raw.strip(TRIM)):
        return 0
    if isinstance(raw, bool):
        raise IntakeError(rule.message, field=rule.field)
    if isinstance(raw, int):
        value = raw
    else:
        shown = str(raw).strip(TRIM)
        if not re.fullmatch(r"[0-9]{1,3}", shown, re.ASCII):
            raise IntakeError(f"{rule.message}（收到“{shown[:20]}”）", field=rule.field)
        value = int(shown)
    if not 0 <= value <= MAX_COPIES:
        raise IntakeError(f"{rule.message}（收到 {value}）", field=rule.field)
    return value


# --- Routes and roster positions -------------------------------------------------------------


def _routes() -> dict[str, str]:
    """Route id → the label a clerk reads (the notice's, from the notice-data layer)."""
    return {r.id: r.label for r in notice.notice().routes}


def _route_words() -> dict[str, str]:
    """Every label a 花名册 may use for a route (附件1's heading and the platform's option)."""
    words = {}
    for r in notice.notice().routes:
        words[r.label] = r.id
        words[r.platform_label] = r.id
    return words


ROUTES: dict[str, str] = _routes()
EXCEPTIONAL_ROUTE = "exceptional"
ROUTE_MESSAGE = "申报类型应为" + "、".join(ROUTES.values()) + "之一"
EXCEPTIONAL_FLAG_MESSAGE = "破格标记应与申报类型一致：只有破格申报的人员标记为破格"
# Shortened words clerks and 花名册 use (破格, 转评/兼评, 技能人才, 正常): first match wins.
_ROUTE_HINTS = (("破格", "exceptional"), ("转", "transfer"), ("兼", "transfer"),
                ("技能", "skilled"), ("正常", "normal"))  # fmt: skip


def route(raw: object) -> str:
    """A route id from an id (normal …) or a label of the 花名册 (破格申报, 转（兼）评 …)."""
    text_value = raw.strip(TRIM) if isinstance(raw, str) else ""
    if not text_value:
        return "normal"
    if text_value in ROUTES:
        return text_value
    exact = _route_words().get(text_value)
    if exact:
        return exact
    for word, route_id in _ROUTE_HINTS:
        if word in text_value and route_id in ROUTES:
            return route_id
    raise IntakeError(f"{ROUTE_MESSAGE}，收到“{text_value[:20]}”", field="route")


MAX_POSITION = 10000
POSITION_MESSAGE = f"花名册序号应为1至{MAX_POSITION}之间的整数"


def position(raw: object, field: str = "roster_position") -> int:
    shown = str(raw).strip() if raw is not None else ""
    if not re.fullmatch(r"[0-9]{1,5}", shown, re.ASCII) or not 1 <= int(shown) <= MAX_POSITION:
        raise IntakeError(POSITION_MESSAGE, field=field)
    return int(shown)


# --- Receiving time --------------------------------------------------------------------------

RECEIVED_AT_FIELD = "received_at"
RECEIVED_AT_FORMAT_MESSAGE = "收件时间格式错误，应为 2023-09-10 09:30"
# A clerk's watch and the server's clock may differ by a little.
RECEIVED_AT_MARGIN = timedelta(hours=1)


def received_at_bounds_message() -> str:
    published = notice.published_on()
    return (
        f"收件时间应在通知印发之日（{published.year}年{published.month}月{published.day}日）"
        "之后，且不晚于现在"
    )


def earliest_received_at() -> datetime:
    return datetime.combine(notice.published_on(), datetime.min.time(), clock.TIMEZONE)


def received_at(raw: object, now: datetime | None = None) -> str:
    """A receiving time: empty means now; else ISO (2023-09-10T09:30, 2023-09-10 09:30 …),
    local time unless an offset is given, from the notice's publication to now."""
    value = raw.strip() if isinstance(raw, str) else ""
    now = now or clock.now()
    if not value:
        return now.isoformat(timespec="seconds")
    if not re.fullmatch(r"[0-9T:+\-. Z]+", value, re.ASCII):
        raise IntakeError(RECEIVED_AT_FORMAT_MESSAGE, field=RECEIVED_AT_FIELD)
    parsed = clock.parse(value)
    if parsed is None:
        raise IntakeError(RECEIVED_AT_FORMAT_MESSAGE, field=RECEIVED_AT_FIELD)
    if not earliest_received_at() <= parsed <= now + RECEIVED_AT_MARGIN:
        raise IntakeError(received_at_bounds_message(), field=RECEIVED_AT_FIELD)
    return parsed.isoformat(timespec="seconds")
