"""身份证号 (GB 11643-1999): check character, birth date, validation, invented numbers for demos."""

from __future__ import annotations

import random
from datetime import date

from .errors import IntakeError

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"
# First two digits: the province-level divisions of GB/T 2260.
PROVINCES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65"
    " 71 81 82".split()
)
MIN_AGE = 18
MAX_AGE = 80


def check_char(first17: str) -> str:
    return CHECK_CHARS[sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True)) % 11]


def birth_date(number: str) -> date | None:
    try:
        return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None


def normalize_id_number(raw: object, today: date | None = None) -> str:
    """A valid 18-character 身份证号 (trimmed, x → X), or IntakeError saying what is wrong."""
    if not isinstance(raw, str) or not raw.strip():
        raise IntakeError("请填写身份证号", field="id_number")
    number = raw.strip().upper().replace(" ", "")
    if len(number) != 18 or not number[:17].isdigit() or number[17] not in "0123456789X":
        raise IntakeError(
            "身份证号格式错误：应为18位，前17位为数字，最后一位为数字或X", field="id_number"
        )
    if number[:2] not in PROVINCES:
        raise IntakeError("身份证号前两位不是有效的省级行政区划代码", field="id_number")
    born = birth_date(number)
    today = today or date.today()
    if born is None:
        raise IntakeError("身份证号中的出生日期不存在", field="id_number")
    age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    if not MIN_AGE <= age <= MAX_AGE:
        raise IntakeError(
            f"身份证号中的出生日期 {born.isoformat()} 不合理（年龄应在{MIN_AGE}至{MAX_AGE}岁之间）",
            field="id_number",
        )
    if check_char(number[:17]) != number[17]:
        raise IntakeError("身份证号校验位错误（GB 11643），请核对号码", field="id_number")
    return number


def invent_id_number(rng: random.Random, area: str, born: date, female: bool) -> str:
    """A well-formed number for invented demo people (sequence digits chosen at random)."""
    sequence = rng.randrange(0, 100) * 10 + rng.randrange(0, 10, 2) + (0 if female else 1)
    first17 = f"{area}{born:%Y%m%d}{sequence:03d}"
    return first17 + check_char(first17)
