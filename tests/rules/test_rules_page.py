"""The page 规则与条文对照: each clause of 附件1 beside its rules, its values from data and the
cases that test it (rules_py.concordance; built by scripts/site_hooks/rules_page.py)."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest
from cases import CASES, case_text

from rules_py import check_json, notices
from rules_py.concordance import clause_rows

NOTICE = notices.current()
TABLE = [(c["name"], case_text(c)) for c in CASES]


@pytest.fixture(scope="module")
def rows():
    return {row.id: row for row in clause_rows(NOTICE, TABLE)}


@pytest.fixture(scope="module")
def page(built_site: Path) -> str:
    return unescape((built_site / "rules" / "index.html").read_text(encoding="utf-8"))


def test_every_clause_of_attachment_1_in_order_with_its_words(rows) -> None:
    fragments = [f for f in NOTICE.clauses if f.startswith("a1-")]
    assert [row.fragment for row in rows.values()] == fragments
    assert "主持大中型企业" in rows["附件1 二(四)5"].text  # condition 5 in full
    assert rows["附件1 二(四)5"].text.endswith("技术决策并实施者）。")


def test_each_rule_sits_under_the_clause_its_reasons_cite(rows) -> None:
    placed = {use.rule: cid for cid, row in rows.items() for use in row.rules}
    for _, text in TABLE:
        output, code = check_json(text)
        if code:
            continue
        result = json.loads(output)
        for group in (*result["routes"].values(), *result["common"].values()):
            for reason in group["reasons"]:
                assert placed[reason["rule"]] == reason["clause"], reason["rule"]
    use = next(u for u in rows["附件1 二(一)2"].rules if u.rule == "engineering_degree_years")
    assert use.module == "rules_py/routes/normal.py" and use.held and use.failed


def test_values_are_the_notices_data(rows) -> None:
    path = NOTICE.route("normal").path("engineering_degree")
    shown = {(name, value) for _, name, value in rows["附件1 二(一)2"].values}
    assert ("years", path.values["years"]) in shown
    condition_6 = NOTICE.route("exceptional").item(6)
    assert {name for _, name, _ in rows["附件1 二(四)6"].values} == set(condition_6.values)


def test_the_built_page(page: str) -> None:
    assert "<h1" in page and "规则与条文对照" in page
    for row in clause_rows(NOTICE, TABLE):
        assert f'id="r-{row.fragment}"' in page
        assert f'href="../attachment-1/#{row.fragment}"' in page, row.id
    block = page[page.index('id="r-a1-2-1-2"') : page.index('id="r-a1-2-1-3"')]
    assert "engineering_degree_years" in block and "rules_py/routes/normal.py" in block
    years = NOTICE.route("normal").path("engineering_degree").value("years")
    assert f"years = {years}" in block
    assert re.search(r"\d+ 个案例检验，成立 \d+ 个、不成立 \d+ 个", block)
    assert "成立" in block and "不成立" in block
    professional = page[page.index('id="r-a1-1"') : page.index('id="r-a1-2"')]
    assert "由评审委员会评审认定" in professional
