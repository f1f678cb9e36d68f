"""`python -m rules_py batch STAFF.csv|.xlsx -o RESULTS.csv|.xlsx|.db`: check a whole staff list.

One output row per person: the input columns as read, then 是否符合, 符合的申报类型, 未满足的条件,
建议, 错误 (a .db result is one SQLite table, 检查结果, written with sqlite-utils). A row that
cannot be read is reported by its Excel row number on stderr and in the 错误 column, and the
other rows are still checked. Exit code: 0 when every row was valid, 2 when any row was invalid
(the results file is still written) or the file could not be read.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from .. import notices
from ..applicant import InputError
from ..notices import Notice
from ..verdict import check
from .columns import NAME, OUTPUT_HEADERS, CellError, RowReader, columns
from .progress import Progress
from .tables import (
    HEADER_SEARCH_ROWS,
    Cell,
    Row,
    TableError,
    clean,
    file_problem,
    find_header,
    read_rows,
    write_table,
)

EXIT_OK = 0
EXIT_INVALID = 2


class BatchResult:
    def __init__(self, headers: list[str]) -> None:
        self.headers = headers
        self.rows: list[list[Cell]] = []
        self.errors: list[tuple[int, str]] = []  # (row number, message)
        self.unknown_headers: list[str] = []

    @property
    def people(self) -> int:
        return len(self.rows)


def _is_header(known: set[str]) -> Callable[[list[str]], bool]:
    """A header row has at least two known headers besides 姓名."""
    return lambda cells: sum(1 for c in cells if c in known and c != NAME) >= 2


def _detail(rule: str) -> bool:
    """One of the six 破格 conditions: summarised by exceptional_condition_count instead."""
    return rule.startswith("exceptional_condition_") and rule != "exceptional_condition_count"


def summarize(result: dict[str, Any], n: Notice) -> list[str]:
    """是否符合, 符合的申报类型, 未满足的条件, 建议 for one check() result."""
    routes = result["routes"]
    meeting = []
    for name, r in routes.items():
        if r["status"] == "meets":
            path = r.get("path")
            detail = f"（{n.route(name).path(path).label}）" if path else ""
            meeting.append(n.route(name).label + detail)
    missing = []
    for key in ("assessment", "continuing_education"):
        missing += [r["message"] for r in result["common"][key]["reasons"] if not r["ok"]]
    if not meeting:
        for route in n.routes:
            reasons = routes[route.id]["reasons"]
            failed = [x["message"] for x in reasons if not x["ok"] and not _detail(x["rule"])]
            missing.append(f"{route.label}：" + "；".join(failed))
    return [
        "是" if result["eligible"] else "否",
        "；".join(meeting),
        "\n".join(missing),
        "\n".join(result.get("advice", [])),
    ]


def run(rows: list[Row], progress: TextIO | None = None, n: Notice | None = None) -> BatchResult:
    """Check every data row; rows whose first cell starts with "#" are comments (template notes).

    With `progress` (a text stream), a progress bar is drawn on it.
    """
    n = n or notices.current()
    if not rows:
        raise TableError("文件是空的：第1行应为表头（可从模板复制）")
    known = {c.header: c for c in columns(n)}
    start = find_header(rows, _is_header(set(known)))
    if start is None:
        raise TableError(
            f"前{HEADER_SEARCH_ROWS}行中没有可识别的表头，请使用模板（python -m rules_py template）"
        )
    header_number, raw_headers = rows[start]
    rows = rows[start:]
    headers = [clean(h) for h in raw_headers]
    seen: set[str] = set()
    for h in headers:
        if h and h in seen:
            raise TableError(f"表头中“{h}”重复出现")
        seen.add(h)
    keep = [i for i, h in enumerate(headers) if h not in OUTPUT_HEADERS]
    result = BatchResult(headers=[headers[i] for i in keep] + list(OUTPUT_HEADERS))
    result.unknown_headers = [
        h for h in headers if h and h not in known and h not in OUTPUT_HEADERS
    ]
    reader = RowReader(headers, n)
    data_rows = [
        (n, cells)
        for n, cells in rows[1:]
        if not str(cells[0] if cells else "").lstrip().startswith("#")
    ]
    bar = Progress(len(data_rows), progress or sys.stderr, progress is not None)
    width = len(headers)
    for done, (number, cells) in enumerate(data_rows, start=1):
        if len(cells) < width:
            cells = [*cells, *[""] * (width - len(cells))]
        out = list(map(cells.__getitem__, keep))
        try:
            verdict = check(reader.read(cells), n)
            out += summarize(verdict, n) + [""]
        except CellError as exc:
            message = f"“{exc.header}”列：{exc.message}"
            result.errors.append((number, message))
            out += ["输入有误", "", "", "", message]
        except InputError as exc:
            result.errors.append((number, exc.message))
            out += ["输入有误", "", "", "", exc.message]
        result.rows.append(out)
        bar.update(done)
    bar.close()
    return result


def _stamp() -> datetime:
    """The results file's date: when it was made."""
    return datetime.now().replace(microsecond=0)


def run_file(source: Path, target: Path, stderr: TextIO, show_progress: bool) -> int:
    try:
        rows = read_rows(source)
        result = run(rows, stderr if show_progress else None)
        write_table(target, [result.headers, *result.rows], _stamp(), "检查结果")
    except TableError as exc:
        stderr.write(f"错误：{exc}\n")
        return EXIT_INVALID
    except OSError as exc:
        stderr.write(f"错误：{file_problem(target, exc)}\n")
        return EXIT_INVALID
    for header in result.unknown_headers:
        stderr.write(f"提示：未识别的列“{header}”已原样保留，不参与判断\n")
    for number, message in result.errors:
        stderr.write(f"第{number}行：{message}\n")
    eligible = sum(1 for r in result.rows if r[len(result.headers) - 5] == "是")
    stderr.write(
        f"已检查{result.people}人：符合{eligible}人，输入有误{len(result.errors)}行；"
        f"结果已写入 {target}\n"
    )
    return EXIT_INVALID if result.errors else EXIT_OK
