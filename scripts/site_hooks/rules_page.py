"""MkDocs hook: the page "规则与条文对照" (rules.md), generated at build time.

Each clause of 附件1 in the notice's own words, beside the rules of rules_py that implement it,
the values the notice's data gives it, and the cases of the test suite's case table that test
it (rules_py.concordance does the work; templates/rules/concordance.md words the page).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from notice_data import notice
from site_templates import ENV

from rules_py.concordance import clause_rows
from rules_py.notices import Notice, Value

PAGE = "rules.md"
CASES = Path(__file__).resolve().parents[2] / "tests" / "rules" / "cases.py"


def case_table(n: Notice) -> list[tuple[str, str]]:
    """(name, input JSON text) of every case of the rules' case table (tests/rules/cases.py),
    when that table was written for this notice (its NOTICE); none otherwise."""
    spec = importlib.util.spec_from_file_location("rules_case_table", CASES)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    if module.NOTICE != n.id:
        return []
    return [(case["name"], module.case_text(case)) for case in module.CASES]


def shown(value: Value, n: Notice) -> str:
    """A value as the page shows it: lists joined, 是/否, degree levels by their names."""
    raw = value.value
    if isinstance(raw, bool):
        return "是" if raw else "否"
    if isinstance(raw, tuple):
        return "、".join(str(v) for v in raw)
    if isinstance(raw, str) and raw in n.education.labels:
        return f"{raw}（{n.education.labels[raw]}）"
    return str(raw)


def page_context(n: Notice) -> dict[str, Any]:
    cases = case_table(n)
    return {
        "notice": n,
        "rows": clause_rows(n, cases),
        "cases": len(cases),
        "shown": lambda value: shown(value, n),
        "root": "../",
    }


def page_markdown(n: Notice) -> str:
    return ENV.get_template("rules/concordance.md").render(**page_context(n))


def on_files(files: Files, config: MkDocsConfig) -> Files:
    files.append(File.generated(config, PAGE, content=page_markdown(notice())))
    return files
