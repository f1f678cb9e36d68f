"""Checking single values a clerk types: names, copy counts, routes, times."""

from __future__ import annotations

import re
from datetime import datetime

from .errors import IntakeError

MAX_COPIES = 20
ROUTES: dict[str, str] = {
    "normal": "正常申报",
    "transfer": "转（兼）评",
    "skilled": "高技能人才申报",
    "exceptional": "破格申报",
}
_FORBIDDEN = re.compile(r"[<>&\"'`\x00-\x1f\x7f]")


def clean_name(raw: object, label: str, field: str, max_len: int = 60) -> str:
    """A trimmed name without markup characters, or IntakeError."""
    text = raw.strip() if isinstance(raw, str) else ""
    if not text:
        raise IntakeError(f"请填写{label}", field=field)
    if _FORBIDDEN.search(text):
        raise IntakeError(
            f"{label}含有不允许的字符（< > & 引号等），请只填写{label}本身", field=field
        )
    if len(text) > max_len:
        raise IntakeError(f"{label}不超过{max_len}个字", field=field)
    return text


def optional_text(raw: object, label: str, field: str, max_len: int = 200) -> str | None:
    text = raw.strip() if isinstance(raw, str) else ""
    if not text:
        return None
    return clean_name(text, label, field, max_len)


def copies(raw: object, label: str, field: str) -> int:
    """A copy count: a whole number from 0 to MAX_COPIES (empty means 0)."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return 0
    if isinstance(raw, bool):
        raise IntakeError(f"{label}份数应为整数", field=field)
    if isinstance(raw, int):
        value = raw
    else:
        text = str(raw).strip()
        if not re.fullmatch(r"-?\d+", text):
            raise IntakeError(f"{label}份数应为整数，收到“{text[:20]}”", field=field)
        value = int(text)
    if value < 0:
        raise IntakeError(f"{label}份数不能为负数", field=field)
    if value > MAX_COPIES:
        raise IntakeError(f"{label}份数 {value} 不合理（最多{MAX_COPIES}份），请核对", field=field)
    return value


def route(raw: object) -> str:
    """A route key from a key (normal …) or the Chinese label of the 花名册 (破格申报 …)."""
    text = raw.strip() if isinstance(raw, str) else ""
    if not text:
        return "normal"
    if text in ROUTES:
        return text
    if "破格" in text:
        return "exceptional"
    if "转" in text or "兼" in text:
        return "transfer"
    if "技能" in text:
        return "skilled"
    if "正常" in text:
        return "normal"
    raise IntakeError(
        f"申报类型“{text[:20]}”无法识别，应为正常申报、转（兼）评、高技能人才申报或破格申报",
        field="route",
    )


def position(raw: object, field: str = "roster_position") -> int:
    text = str(raw).strip() if raw is not None else ""
    if not re.fullmatch(r"\d{1,5}", text) or int(text) < 1:
        raise IntakeError("花名册序号应为正整数", field=field)
    return int(text)


def received_at(raw: object) -> str:
    """A receiving time: empty means now; otherwise ISO (2023-09-10T09:30 or with seconds)."""
    text = raw.strip() if isinstance(raw, str) else ""
    if not text:
        return datetime.now().astimezone().isoformat(timespec="seconds")
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError as error:
        raise IntakeError("收件时间格式错误，应为 2023-09-10T09:30", field="received_at") from error
    if parsed.tzinfo is None:
        parsed = parsed.astimezone()
    return parsed.isoformat(timespec="seconds")
