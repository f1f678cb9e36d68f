"""Eligibility rules (附件1 高级工程师资格申报条件) of the notices in data/, pure stdlib Python.

The same code runs in CPython 3.11+ (CLI, HR batch) and in Pyodide (the site's self-check page),
and gives byte-identical JSON for the same input. Thresholds, dates, labels and checklists come
from the notice-data layer rules_py.notices (data/<notice id>/, see data/README.md); the rules
of a notice are chosen by the input's `notice` field (default: the current notice).

Library:
    rules_py.check(applicant: dict) -> dict          result object; raises rules_py.InputError
    rules_py.notices.current() / .get(id)            the notice's data (dates, offices, routes …)
    rules_py.check_json(text: str) -> (str, int)     output text and exit code (0 valid, 2 invalid)
    rules_py.photo.check_photo(data, filename)       证件照 rules (附件2 二.1)
    rules_py.self_report.count(text)                 本人述职 length (附件2 二.3)
    rules_py.clauses.anchor(clause_id)               site URL: /attachment-1/#a1-2-1-2
    rules_py.form.describe()                         form fields, enums + Chinese labels, lists
                                                     (import rules_py.form: build time only)
    rules_py.hr.template.csv_template() / .xlsx_template()   HR batch templates (bytes)
                                                     (rules_py.hr, the HR tool, uses openpyxl;
                                                     it is not in the browser wheel)

Output: json.dumps(result, ensure_ascii=False, indent=2) + "\\n"; keys in the contract's order
(notice, eligible, routes, common, checklist), then two extension keys: "advice" (Chinese
sentences: other routes, the year from which a route becomes possible, dates to check) and
"facts" (what each route and common condition found: the path that met or is closest, its rule
ids, the date counted from, years counted and needed, the year it becomes possible, unanswered
fields, what the committee judges, and for 破格 each condition's basis; documented in
rules_py/routes/__init__.py). The advice is written from the facts. Each reason is exactly
{"rule", "ok", "message", "clause"}; its link is rules_py.clauses.anchor(reason["clause"]).
An error is {"error": {"field": "<json path, $ = whole input>", "message": "<中文>"}}; the path
is relative to the input object: "engineer_qualified_on", "education[0].level",
"continuing_education.2021.public". JSON null means "not provided"; NaN/Infinity and duplicate
keys are invalid. The "checklist" lists 附件2 二.5 uploads only when eligible, for the routes
that meet ((10), the 破格 审批表, only when the exceptional route meets).

Reading of the rules where the contract leaves a choice: degrees tied for highest all count as
"the highest"; the 破格 condition 6 needs a counted 大专/中专 degree exactly (a claim of it
counts, unverified, only without engineering_work_since; with the date it is decided by the
dates); a date after the counting date counts no years and the result says so (no projection
to a later year); a 工程博士 is 工程技术类 whatever its flag; a path is reported in the order the
notice lists them.

Contract extension (approved, NOTES.md 2026-11-30): the optional input engineer_post_since
(担任工程师职务起始日期). Absent or null it changes nothing; given, the 破格 window counts years
as engineer from it instead of engineer_qualified_on (正常申报 still counts from the
qualification).

Command line (python -m rules_py ...):
    check FILE.json|-                      contract output on stdout; exit 0 valid, 2 invalid
    check --jsonl FILE|-                   one input per line → {"exit", "output"} per line
    batch STAFF.csv|STAFF.xlsx -o OUT.csv|OUT.xlsx|OUT.db [--progress]
                                           one row per person; exit 0 when every row was valid,
                                           2 when any row is invalid (still written, 错误 column)
                                           or the file cannot be read
    template -o 模板.csv|模板.xlsx          the HR template (the site offers the same bytes)
    photo FILE.jpg                         证件照 check; self-report FILE.txt  述职字数
                                           (both exit 0 ok, 1 fails a rule, 2 unreadable)
Batch sheet: headers as in the template (three 学历 groups: 层次, 工程技术类 是/否, 专业一致或相近
是/否; dates 2018-12-31, 2018/12/31 or Excel dates; several 荣誉 separated by "；"; 破格条件 as
"1、3、5"). Rows whose first cell starts with "#" are notes; up to 10 title rows above the header
are skipped; unknown columns are copied unchanged. CSV in UTF-8 (BOM optional) or GB18030; the
result CSV is UTF-8 with BOM; row numbers are Excel's (header = row 1).
Node: `node scripts/pyodide-check.mjs FILE|-` (and `--jsonl`) runs the same check in Pyodide.

Counting rules: every period is whole years to the notice's counting date (its key date
`years_counted_to`, `notices.current().counted_to`);
"N 年以上" and "满 N 年" include N. 本人述职 counts every non-whitespace character (one per
Unicode code point: Chinese character, letter, digit, punctuation each 1).
"""

from __future__ import annotations

from typing import Any

from . import clauses, notices
from .applicant import InputError
from .json_io import check_json
from .verdict import check


def __getattr__(name: str) -> Any:
    """rules_py.photo and rules_py.self_report load on first use (the batch needs neither)."""
    if name in ("photo", "self_report"):
        import importlib

        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["InputError", "check", "check_json", "clauses", "notices", "photo", "self_report"]
