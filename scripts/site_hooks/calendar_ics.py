"""The notice's key dates as an RFC 5545 calendar (all-day events, reproducible bytes)."""

from __future__ import annotations

from datetime import timedelta

from rules_py.notices import Notice


def escape_text(value: str) -> str:
    """TEXT value escaping of RFC 5545 3.3.11."""
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold a content line at 75 octets without splitting a UTF-8 character (RFC 5545 3.1)."""
    parts: list[str] = []
    current = ""
    size = 0
    limit = 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size, limit = char, width, 74  # continuation lines start with a space
        else:
            current += char
            size += width
    parts.append(current)
    return "\r\n ".join(parts)


def build_calendar(notice: Notice) -> str:
    """VCALENDAR text with CRLF line ends; DTSTAMP is the notice's publication date."""
    stamp = notice.published_on.strftime("%Y%m%dT000000Z")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//hzjxj//{notice.id} site//ZH",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(notice.evaluation + '关键日期')}",
        "X-WR-TIMEZONE:Asia/Shanghai",
    ]
    for item in notice.dates:
        day = item.date
        description = f"{item.detail}（{notice.number}，{item.clause}）"
        lines += [
            "BEGIN:VEVENT",
            f"UID:{item.id}@{notice.id}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{day.strftime('%Y%m%d')}",
            f"DTEND;VALUE=DATE:{(day + timedelta(days=1)).strftime('%Y%m%d')}",
            f"SUMMARY:{escape_text(item.title)}",
            f"DESCRIPTION:{escape_text(description)}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
