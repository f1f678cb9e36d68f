"""本人述职 counter: the count shown as one types is rules_py.self_report.count's count, and the
page says how characters are counted and when the 1000-character limit is passed."""

from __future__ import annotations

import pytest

import rules_py

SAMPLES = [
    ("letters and digits", "abc 123"),
    ("Chinese with punctuation", "本人自2015年起从事化工工艺设计，主持完成3项技改。"),
    ("line breaks, tabs, full-width spaces", "第一段\n\n第二段\t结束　。\r\n"),
    ("emoji and combining marks", "良好👍🏽 café"),
    ("exactly the limit", "字" * 1000),
    ("one over the limit", "字" * 999 + "ab"),
    ("spaces only", "   \n  "),
]


@pytest.mark.parametrize("text", [s[1] for s in SAMPLES], ids=[s[0] for s in SAMPLES])
def test_count_matches_the_python_rule(sc_page, text) -> None:
    expected = rules_py.self_report.count(text)
    sc_page.fill("#sc-report", text)
    output = sc_page.locator("#sc-report-count")
    sc_page.wait_for_function(
        "n => document.querySelector('#sc-report-count').dataset.count === String(n)",
        arg=expected["count"],
    )
    shown = output.inner_text()
    assert f"已输入 {expected['count']} 字" in shown
    assert output.get_attribute("data-state") == ("ok" if expected["ok"] else "over")
    if not expected["ok"]:
        assert f"超出 {-expected['remaining']} 字" in shown
    assert expected["explanation"] in sc_page.inner_text("#sc-report-how")


def test_counting_live_as_one_types(sc_page) -> None:
    sc_page.locator("#sc-report").press_sequentially("述职 报告")
    sc_page.wait_for_function("document.querySelector('#sc-report-count').dataset.count === '4'")
    assert "还可输入 996 字" in sc_page.inner_text("#sc-report-count")
