"""The HR batch template (.csv and .xlsx), built from the column list so the site can offer the
same bytes for download (`csv_template()`, `xlsx_template()`: the same bytes every time).

CSV: row 1 the headers, row 2 a "#填写说明" row with a hint per column, row 3 a "#示例" row; rows
whose 姓名 cell starts with "#" are skipped by the batch check. XLSX (openpyxl): sheet 人员
(headers, list validations for 是/否, 学历 and 考核, date columns formatted as text) and sheet
填写说明; every timestamp in it is the notice's publication date.
"""

from __future__ import annotations

from datetime import datetime

from .. import notices
from ..notices import Notice
from .columns import OUTPUT_HEADERS, columns
from .tables import Sheet, csv_bytes, xlsx_bytes

INSTRUCTIONS = (
    "每行填写一名申报人；第1行表头请勿修改，可删除不需要的列（缺少的信息按未提供处理）。",
    "“#”开头的行（如本模板的说明行、示例行）不参与检查。",
    "学历可填三个（学历1—学历3），各填层次、是否工程技术类、所学专业与从事专业是否一致或相近。",
    "日期填写如 2018-12-31；是/否列填“是”或“否”；多个荣誉用“；”分隔；破格条件填序号，如 1、3、5。",
    "年限一律计算到年限计算截止日（整年），“N年以上”“满N年”含N年。",
    "检查结果另存一个文件：每人一行，增加“是否符合、符合的申报类型、未满足的条件、建议、错误”列。",
)


def template_rows(n: Notice | None = None) -> list[list[str]]:
    cols = columns(n)
    return [
        [c.header for c in cols],
        ["#填写说明（本行不参与检查）"] + [c.hint for c in cols[1:]],
        ["#示例：" + cols[0].example] + [c.example for c in cols[1:]],
    ]


def csv_template(n: Notice | None = None) -> bytes:
    return csv_bytes(template_rows(n))


def xlsx_template(n: Notice | None = None) -> bytes:
    n = n or notices.current()
    cols = columns(n)
    headers = [c.header for c in cols]
    lists: dict[int, list[str]] = {}
    for i, c in enumerate(cols):
        if c.kind == "bool":
            lists[i] = ["是", "否"]
        elif c.kind == "level":
            lists[i] = [n.education.labels[lv] for lv in n.education.levels]
        elif c.kind == "assessment":
            lists[i] = [g.label for g in n.condition("assessment").items]
    people = Sheet(
        "人员",
        [headers, ["#示例：" + cols[0].example] + [c.example for c in cols[1:]]],
        widths={i: max(10.0, len(h) * 2.2) for i, h in enumerate(headers)},
        text_columns={i for i, c in enumerate(cols) if c.kind in ("date", "conditions", "honours")},
        lists=lists,
    )
    notes_rows: list[list[str]] = [["列名", "填写说明"]]
    notes_rows += [[c.header, c.hint] for c in cols]
    notes_rows += [[h, "检查结果列（由程序填写）"] for h in OUTPUT_HEADERS]
    notes_rows += [["说明", line] for line in INSTRUCTIONS]
    notes = Sheet("填写说明", notes_rows, widths={0: 26.0, 1: 90.0}, list_rows=0)
    day = n.published_on
    return xlsx_bytes([people, notes], datetime(day.year, day.month, day.day))
