"""身份证号 (GB 11643-1999): the one definition of the rule, its check, and invented demo numbers.

The rule's numbers and messages live here only. ``schema/checks.py`` renders the same checks as
SQL for the database triggers and sync's bulk check, ``web/rules_js.py`` hands the same data to
the page's live check; ``tests/register/test_rule_definitions.py`` runs the three on the same
cases and requires the same verdicts. The checks, in order (the first that fails speaks):

1. format: exactly 18 characters, 17 ASCII digits then an ASCII digit or X;
2. province: the first two digits are a province-level code of GB/T 2260;
3. birth: digits 7-14 are a date that exists;
4. age: the applicant is MIN_AGE to MAX_AGE years old today (Asia/Shanghai);
5. check character: ``CHECK_CHARS[sum(digit × weight) % 11]``.
"""

from __future__ import annotations

import random
import re
from datetime import date

from . import clock
from .errors import IntakeError

LENGTH = 18
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"
# First two digits: the province-level divisions of GB/T 2260.
PROVINCES = tuple(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65"
    " 71 81 82".split()
)
MIN_AGE = 18
MAX_AGE = 80
# What a clerk may type around the number: spaces are dropped, a lower-case x is read as X.
SPACES = " \u3000"
# Characters a message names by their code (U+0007) rather than showing them: C0, DEL, C1.
SHOWN_AS_CODE = ((0x00, 0x20), (0x7F, 0x9F))

FIELD = "id_number"
EMPTY = "请填写身份证号"
CHECKS: tuple[tuple[str, str], ...] = (
    ("format", "身份证号格式错误：应为18位，前17位为数字，最后一位为数字或X"),
    ("province", "身份证号前两位不是有效的省级行政区划代码"),
    ("birth", "身份证号中的出生日期不存在"),
    ("age", f"身份证号中的出生日期不合理（年龄应在{MIN_AGE}至{MAX_AGE}岁之间）"),
    ("check", "身份证号校验位错误（GB 11643），请核对号码"),
)
MESSAGES = dict(CHECKS)
_FORMAT = re.compile(r"[0-9]{17}[0-9X]", re.ASCII)


def check_char(first17: str) -> str:
    return CHECK_CHARS[sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True)) % 11]


def birth_date(number: str) -> date | None:
    try:
        return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None


def age_on(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def normalize(raw: str) -> str:
    """What is stored for what a clerk typed: spaces dropped, x upper-cased."""
    return "".join(ch for ch in raw if ch not in SPACES).upper()


def problem(number: str, today: date | None = None) -> str | None:
    """The first check (a key of MESSAGES) that a normalized number fails, or None."""
    if not _FORMAT.fullmatch(number):
        return "format"
    if number[:2] not in PROVINCES:
        return "province"
    born = birth_date(number)
    if born is None:
        return "birth"
    if not MIN_AGE <= age_on(born, today or clock.today()) <= MAX_AGE:
        return "age"
    if check_char(number[:17]) != number[17]:
        return "check"
    return None


def _format_detail(number: str) -> str:
    """Which character is wrong, or how long the number is, for the format message."""
    for position, ch in enumerate(number[:LENGTH], start=1):
        allowed = "0123456789X" if position == LENGTH else "0123456789"
        if ch not in allowed:
            kind = "数字或X" if position == LENGTH else "数字"
            hidden = any(lo <= ord(ch) <= hi for lo, hi in SHOWN_AS_CODE)
            shown = f"U+{ord(ch):04X}" if hidden else ch
            return f"第{position}位“{shown}”不是{kind}"
    return f"现为{len(number)}位"


def normalize_id_number(raw: object, today: date | None = None) -> str:
    """A valid 身份证号 (spaces dropped, x → X), or IntakeError saying what is wrong."""
    if not isinstance(raw, str) or not normalize(raw):
        raise IntakeError(EMPTY, field=FIELD)
    number = normalize(raw)
    found = problem(number, today)
    if found is None:
        return number
    message = MESSAGES[found]
    if found == "format":
        message += f"（{_format_detail(number)}）"
    elif found == "age":
        born = birth_date(number)
        message = message.replace(
            "出生日期", f"出生日期 {born.isoformat()}" if born else "出生日期"
        )
    raise IntakeError(message, field=FIELD)


def invent_id_number(rng: random.Random, area: str, born: date, female: bool) -> str:
    """A well-formed number for invented demo people (sequence digits chosen at random)."""
    sequence = rng.randrange(0, 100) * 10 + rng.randrange(0, 10, 2) + (0 if female else 1)
    first17 = f"{area}{born:%Y%m%d}{sequence:03d}"
    return first17 + check_char(first17)
