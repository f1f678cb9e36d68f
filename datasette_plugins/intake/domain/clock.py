"""The register's time: Asia/Shanghai, written the way a clerk reads it.

China has kept UTC+8 all year since 1991, so a fixed offset is exact; SQL uses the same offset
(``SQL_LOCAL``) and the page's JavaScript too (``web/rules_js.py``). Stored times are ISO 8601
with their offset (``2023-09-05T14:05:00+08:00``); people see ``2023年9月5日 14:05``.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

UTC_OFFSET_HOURS = 8
TIMEZONE = timezone(timedelta(hours=UTC_OFFSET_HOURS), "Asia/Shanghai")
# SQLite date/time modifier giving local (Asia/Shanghai) time from 'now'.
SQL_LOCAL = f"'+{UTC_OFFSET_HOURS} hours'"


def now() -> datetime:
    return datetime.now(TIMEZONE)


def today() -> date:
    return now().date()


def now_text() -> str:
    """Now as stored: ISO 8601 with the +08:00 offset, to the second."""
    return now().isoformat(timespec="seconds")


def parse(value: object) -> datetime | None:
    """A stored time (ISO 8601; without an offset it is taken as local time), in local time."""
    if isinstance(value, datetime):
        parsed = value
    else:
        text = str(value or "").strip()
        if not text:
            return None
        try:
            parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=TIMEZONE)
    return parsed.astimezone(TIMEZONE)


def local_text(value: object, *, year: bool = True) -> str:
    """``2023年9月5日 14:05`` (or ``9月5日 14:05`` without the year); "" for no time."""
    when = parse(value)
    if when is None:
        return str(value or "")
    day = f"{when.month}月{when.day}日 {when:%H:%M}"
    return f"{when.year}年{day}" if year else day


def human_text(value: object, reference: datetime | None = None) -> str:
    """Short local time for lists: ``今天 14:05``, ``9月21日 17:15``, or with the year if not
    this year's."""
    when = parse(value)
    if when is None:
        return str(value or "")
    reference = reference or now()
    if when.date() == reference.date():
        return f"今天 {when:%H:%M}"
    return local_text(when, year=when.year != reference.year)


def machine_text(value: object) -> str:
    """The ISO text for a <time datetime="…"> attribute."""
    when = parse(value)
    return when.isoformat(timespec="minutes") if when else ""
