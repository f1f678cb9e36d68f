"""The receiving offices of 附件4 一 (the notice's offices), keyed by GB/T 2260 code."""

from __future__ import annotations

from dataclasses import dataclass

from .datafiles import notice

COMMITTEE_CODE = "330100"


@dataclass(frozen=True)
class Office:
    code: str
    name: str
    short_name: str  # the district (上城区 …) or 高评委办公室
    phone: str
    address: str
    is_committee: bool


def load_offices() -> dict[str, Office]:
    """Every office that may keep a register: the 13 districts plus the 高评委办公室 (330100)."""
    return {
        o.code: Office(o.code, o.name, o.short_name, o.phone, o.address, o.is_committee)
        for o in notice().offices.all()
    }


def office_or_error(code: str) -> Office:
    """The office with this code, or ValueError with a Chinese message."""
    offices = load_offices()
    if code not in offices:
        known = "、".join(sorted(offices))
        raise ValueError(f"未知的受理部门代码“{code}”，应为以下之一：{known}")
    return offices[code]
