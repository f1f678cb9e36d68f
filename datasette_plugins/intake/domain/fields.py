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
from .copies import APPLICANT_COLUMN, ROUTE_FORM_COLUMN, paper
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


_PAPER = paper()
MANDATE = Count("batches", "mandate_copies", _PAPER.mandate.label, "mandate_copies")
ROSTER = Count("batches", "roster_copies", _PAPER.roster.label, "roster_copies")
REVIEW_FORM = Count("applicants", APPLICANT_COLUMN, _PAPER.review_form.label, "review_form_copies")
# The copies of the applicant's route form (破格审批表 in 2023); None for a notice without one.
ROUTE_FORM: Count | None = (
    Count(
        "applicants",
        ROUTE_FORM_COLUMN,
        _PAPER.route_form_label,
        ROUTE_FORM_COLUMN,
    )
    if _PAPER.route_forms
    else None
)
COUNTS = tuple(c for c in (MANDATE, ROSTER, REVIEW_FORM, ROUTE_FORM) if c is not None)
NO_ROUTE_FORM_MESSAGE = (
    f"本次评审的纸质材料清单（{_PAPER.clause}）没有按申报类型另交的表格，{ROUTE_FORM_COLUMN} 应为0"
)


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


def route_form_copies(raw: object) -> int:
    """Copies of the applicant's route form; a notice without route forms takes none."""
    if ROUTE_FORM is not None:
        return copies(raw, ROUTE_FORM)
    if raw is None or raw == 0 or (isinstance(raw, str) and raw.strip(TRIM) in ("", "0")):
        return 0
    raise IntakeError(NO_ROUTE_FORM_MESSAGE, field=ROUTE_FORM_COLUMN)


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
# The stored column `exceptional` (0/1) marks the applicants of this route: the rules' 破格 route
# of 2023. A notice without that route takes 0 only (the column stays for sync and migrations).
FLAG_ROUTE = "exceptional"
ROUTE_MESSAGE = "申报类型应为" + "、".join(ROUTES.values()) + "之一"


def _flag_message() -> str:
    label = ROUTES.get(FLAG_ROUTE)
    if label is None:
        return "本次评审没有需要标记的申报类型，exceptional 应为0"
    word = label.removesuffix("申报")
    return f"{word}标记应与申报类型一致：只有{label}的人员标记为{word}"


FLAG_MESSAGE = _flag_message()


def route_flag(route_id: str) -> int:
    """The stored `exceptional` value of an applicant of ``route_id``."""
    return int(route_id == FLAG_ROUTE)


def _route_hints() -> tuple[tuple[str, str], ...]:
    """Shortened words a 花名册 may use for a route, first match wins: each label without its
    "申报" (破格, 积分 …), then 转/兼 (转评, 兼评) and 技能 (技能人才)."""
    cores = tuple((label.removesuffix("申报"), r) for r, label in ROUTES.items())
    common = (("转", "transfer"), ("兼", "transfer"), ("技能", "skilled"))
    return (*cores, *((w, r) for w, r in common if r in ROUTES))


_ROUTE_HINTS = _route_hints()


def route(raw: object) -> str:
    """A route id from an id (normal …) or a label of the 花名册 (its label, the platform's
    option, or a shortened word)."""
    text_value = raw.strip(TRIM) if isinstance(raw, str) else ""
    if not text_value:
        return "normal"
    if text_value in ROUTES:
        return text_value
    exact = _route_words().get(text_value)
    if exact:
        return exact
    for word, route_id in _ROUTE_HINTS:
        if word and word in text_value:
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
RECEIVED_AT_FORMAT_MESSAGE = (
    f"收件时间格式错误，应按“年-月-日 时:分”填写，如 {notice.published_on().isoformat()} 09:30"
)
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
    """A receiving time: empty means now; else ISO (2024-09-10T09:30, 2024-09-10 09:30 …),
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
