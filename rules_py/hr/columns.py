"""The HR spreadsheet: one column per input (Chinese headers) and how a cell becomes input.

Degrees are three column groups (学历1 … 学历3): 层次, 是否工程技术类 (是/否), 专业是否一致或
相近 (是/否), so each cell holds one value Excel can offer from a list. Multi-valued cells
(高技能人才荣誉, 破格条件) take values separated by "；" ";" "、" or ",". Dates are 2018-06-30,
2018/6/30, 2018.6.30 or 2018年6月30日 (or an Excel date cell). Booleans are 是/否.
Columns the sheet has but this list does not are copied to the result unchanged.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from functools import partial
from typing import Any, NamedTuple

from .. import notices
from ..applicant import fields_for
from ..notices import Notice
from ..reasons import fmt_number
from .tables import Cell

DEGREES = 3
NAME = "姓名"
OUTPUT_HEADERS = ("是否符合", "符合的申报类型", "未满足的条件", "建议", "错误")

_TRUE = {"是", "有", "y", "yes", "true", "1", "√", "✓"}
_FALSE = {"否", "无", "没有", "n", "no", "false", "0", "×", "✗"}
_LEVEL_ALIASES = {
    "本科": "bachelor",
    "专科": "college",
    "研究生": "master",
    "工学博士": "doctorate",
}
_DATE = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]0{1,2}:00(?::00)?)?$"
)
_SPLIT = re.compile(r"[；;、,，\n]+")
_EXCEL_EPOCH = date(1899, 12, 30)


class CellError(ValueError):
    """A cell that cannot be read: which column, and a Chinese message."""

    def __init__(self, header: str, message: str) -> None:
        super().__init__(f"{header}: {message}")
        self.header = header
        self.message = message


class Column(NamedTuple):
    header: str
    kind: str  # name | level | bool | date | honours | conditions | assessment | hours
    target: tuple[str | int, ...]  # where the value goes in the contract's input
    hint: str
    example: str = ""


def _degree_columns(n: Notice) -> list[Column]:
    levels = "/".join(n.education.labels[lv] for lv in n.education.levels)
    cols = []
    for i in range(1, DEGREES + 1):
        example = ("大学本科", "是", "是") if i == 1 else ("", "", "")
        cols += [
            Column(
                f"学历{i}",
                "level",
                ("education", i, "level"),
                f"学历（学位）层次：{levels}",
                example[0],
            ),
            Column(
                f"学历{i}工程技术类", "bool", ("education", i, "engineering"), "是/否", example[1]
            ),
            Column(
                f"学历{i}专业一致或相近",
                "bool",
                ("education", i, "related"),
                "是/否：所学专业与从事专业一致或相近",
                example[2],
            ),
        ]
    return cols


def _route_columns(n: Notice) -> list[Column]:
    """Columns of the fields the notice's routes read (no 破格 route, no 破格 columns)."""
    honours = "；".join(i.label for r in n.routes if r.kind == "skilled" for i in r.all_items())
    work = [
        i for r in n.routes if r.kind == "exceptional" for i in r.items if i.kind == "work_years"
    ]
    cols = [
        Column(
            "国家注册类资格证书",
            "bool",
            ("registered_qualification",),
            "是/否：已取得所从事专业国家注册类资格证书",
        ),
        Column(
            "本专业脱产继续教育证书",
            "bool",
            ("retraining_certificate",),
            "是/否：连续一年以上本专业脱产继续教育并取得证书",
        ),
        Column(
            "取得工程师资格日期", "date", ("engineer_qualified_on",), "如 2018-12-31", "2018-07-01"
        ),
        Column("国家工程技术类执业资格", "bool", ("practice_qualification",), "是/否"),
        Column(
            "聘任中级职务日期",
            "date",
            ("intermediate_appointed_on",),
            "执业资格途径：聘任相应中级职务的日期",
        ),
        Column("其他系列高级职称", "bool", ("other_senior_title",), "是/否：转（兼）评"),
        Column(
            "转岗从事化工轻纺工作日期",
            "date",
            ("field_work_since",),
            "转（兼）评：因岗位变动从事化工、轻纺工程专业技术工作的起始日期",
        ),
        Column(
            "取得高级技师日期",
            "date",
            ("senior_technician_on",),
            "高级技师或职业技能等级（一级）取得日期",
        ),
        Column("高技能人才荣誉", "honours", ("skill_honours",), "多项用“；”分隔：" + honours),
        Column(
            "破格条件", "conditions", ("exceptional_conditions",), "符合的破格条件序号，如 1、3、5"
        ),
        Column(
            "担任工程师职务日期",
            "date",
            ("engineer_post_since",),
            "破格：被聘任（担任）工程师职务的日期，与取得工程师资格日期相同可不填",
        ),
        Column(
            "从事工程技术工作起始日期",
            "date",
            ("engineering_work_since",),
            "破格"
            + (f"条件{work[0].id}：{work[0].label}" if work else "：从事工程技术工作的起始日期"),
        ),
    ]
    accepted = fields_for(n)
    return [c for c in cols if c.target[0] in accepted]


def columns(n: Notice | None = None) -> tuple[Column, ...]:
    """The staff list's columns for a notice (default: the current one), in the template's order."""
    n = n or notices.current()
    cols = [Column(NAME, "name", (), "申报人姓名（不参与判断）", "张三")]
    cols += _degree_columns(n) + _route_columns(n)
    assessment = n.condition("assessment")
    grades = "/".join(g.label for g in assessment.items)
    for year in assessment.value("years"):
        cols.append(
            Column(f"{year}年度考核", "assessment", ("assessments", str(year)), grades, "合格")
        )
    ce = n.condition("continuing_education")
    least = {item.id: fmt_number(item.value("hours")) for item in ce.items}
    for year in ce.value("years"):
        cols += [
            Column(
                f"{year}年专业科目学时",
                "hours",
                ("continuing_education", str(year), "professional"),
                f"不少于{least['professional']}",
                "60",
            ),
            Column(
                f"{year}年公需科目学时",
                "hours",
                ("continuing_education", str(year), "public"),
                f"行业公需和一般公需，不少于{least['public']}",
                "30",
            ),
            Column(
                f"{year}年总学时",
                "hours",
                ("continuing_education", str(year), "total"),
                f"不少于{least['total']}；不填则为专业与公需之和",
                "",
            ),
        ]
    return tuple(cols)


def _text(value: Cell) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def parse_bool(col: Column, value: Cell) -> bool | None:
    text = _text(value).lower()
    if not text:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise CellError(col.header, f"应填写“是”或“否”，实际为“{_text(value)}”")


def parse_date(col: Column, value: Cell) -> str | None:
    if isinstance(value, datetime):  # an Excel date cell
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value < 2958466:  # an Excel date cell: days since 1899-12-30
            return (_EXCEL_EPOCH + timedelta(days=int(value))).isoformat()
        raise CellError(col.header, f"不是有效日期：{value}")
    text = _text(value)
    if not text:
        return None
    match = _DATE.match(text)
    if match:
        try:
            return date(*(int(g) for g in match.groups())).isoformat()
        except ValueError:
            pass
    raise CellError(col.header, f"不是有效日期：“{text}”，请填写如 2018-12-31")


def choice_table(labels: dict[str, str], aliases: dict[str, str]) -> dict[str, str]:
    """Cell text → enum value: the Chinese label, an alias or the value itself."""
    return {**{k: k for k in labels}, **aliases, **{label: key for key, label in labels.items()}}


def parse_choice(
    col: Column, value: Cell, table: dict[str, str], labels: dict[str, str]
) -> str | None:
    text = _text(value)
    if not text:
        return None
    if text in table:
        return table[text]
    raise CellError(col.header, f"“{text}”无效，可填：{'、'.join(labels.values())}")


def parse_honours(col: Column, value: Cell, labels: dict[str, str]) -> list[str]:
    result = []
    for part in _SPLIT.split(_text(value)):
        part = part.strip()
        if not part:
            continue
        if part in labels:
            result.append(part)
            continue
        found = [h for h, label in labels.items() if part == label]
        if not found and len(part) >= 4:
            found = [h for h, label in labels.items() if part in label]
        if len(found) != 1:
            choices = "；".join(labels.values())
            raise CellError(col.header, f"“{part}”不是可识别的荣誉，可填：{choices}")
        result.append(found[0])
    return result


def parse_conditions(col: Column, value: Cell, count: int) -> list[int]:
    text = _text(value)
    if not text:
        return []
    numbers = []
    for part in re.split(r"[^0-9]+", text):
        if not part:
            continue
        n = int(part)
        if not 1 <= n <= count:
            raise CellError(col.header, f"破格条件序号应为 1–{count}，实际为 {n}")
        numbers.append(n)
    if not numbers:
        raise CellError(col.header, f"应填写破格条件序号，如 1、3、5，实际为“{text}”")
    return numbers


def parse_hours(col: Column, value: Cell) -> float | int | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number: float | int = value
    else:
        text = _text(value)
        if not text:
            return None
        try:
            number = float(text)
        except ValueError:
            raise CellError(col.header, f"学时应为数字，实际为“{text}”") from None
        if number.is_integer():
            number = int(number)
    if not math.isfinite(number) or number < 0:
        raise CellError(col.header, f"学时不能为负数：{_text(value)}")
    return number


def _set(target: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for key in path[:-1]:
        target = target.setdefault(key, {})
    target[path[-1]] = value


_SAME_TEXT_SAME_VALUE = ("bool", "date", "level", "assessment", "hours")  # immutable results


class RowReader:
    """Turns rows of one sheet into the contract's input; the parsers and where each column's
    cell sits in a row are set up once per sheet. A column whose cells repeat (是/否, 合格, 60 …)
    parses each distinct text once per sheet."""

    def __init__(self, headers: Sequence[str], n: Notice | None = None) -> None:
        n = n or notices.current()
        where = {h: i for i, h in enumerate(headers) if h}
        self.columns = tuple(c for c in columns(n) if c.header in where and c.kind != "name")
        self._steps = [
            (where[c.header], self._parser(c, n), tuple(map(str, c.target)))
            for c in self.columns
            if c.target[0] != "education"
        ]
        self._degrees = [
            (where[c.header], self._parser(c, n), int(c.target[1]), str(c.target[2]))
            for c in self.columns
            if c.target[0] == "education"
        ]

    @classmethod
    def _parser(cls, col: Column, n: Notice) -> Callable[[Cell], Any]:
        parse = cls._cell_parser(col, n)
        if col.kind not in _SAME_TEXT_SAME_VALUE:
            return parse
        seen: dict[str, Any] = {}

        def parse_once(value: Cell) -> Any:
            if type(value) is not str:  # an Excel number or date: 1 and True must not meet
                return parse(value)
            if value not in seen:
                seen[value] = parse(value)  # a cell that raises CellError is not kept
            return seen[value]

        return parse_once

    @staticmethod
    def _cell_parser(col: Column, n: Notice) -> Callable[[Cell], Any]:
        if col.kind == "bool":
            return partial(parse_bool, col)
        if col.kind == "date":
            return partial(parse_date, col)
        if col.kind == "level":
            levels = {lv: n.education.labels[lv] for lv in n.education.levels}
            return partial(
                parse_choice, col, table=choice_table(levels, _LEVEL_ALIASES), labels=levels
            )
        if col.kind == "assessment":
            grades = {g.id: g.label for g in n.condition("assessment").items}
            return partial(parse_choice, col, table=choice_table(grades, {}), labels=grades)
        if col.kind == "honours":
            honours = {
                i.id: i.label for r in n.routes if r.kind == "skilled" for i in r.all_items()
            }
            return lambda value: parse_honours(col, value, honours) or None
        if col.kind == "conditions":
            count = sum(len(r.items) for r in n.routes if r.kind == "exceptional")
            return lambda value: parse_conditions(col, value, count) or None
        return partial(parse_hours, col)

    def read(self, cells: Sequence[Cell]) -> dict[str, Any]:
        """The input object for one row (its cells in the header's order, a short row padded
        with empty cells); raises CellError naming the first bad column in the sheet's order."""
        data: dict[str, Any] = {}
        degrees: dict[int, dict[str, Any]] = {}
        width = len(cells)
        for index, parse, number, key in self._degrees:
            value = cells[index] if index < width else ""
            if value == "" or value is None:
                continue
            parsed = parse(value)
            if parsed is not None:
                degrees.setdefault(number, {})[key] = parsed
        for index, parse, target in self._steps:
            value = cells[index] if index < width else ""
            if value == "" or value is None:
                continue
            parsed = parse(value)
            if parsed is not None:
                _set(data, target, parsed)
        education = []
        for number in sorted(degrees):
            degree = degrees[number]
            if "level" not in degree:
                message = f"填写了学历{number}的其他信息，但未填写学历{number}的层次"
                raise CellError(f"学历{number}", message)
            education.append(degree)
        if education:
            data["education"] = education
        return data
