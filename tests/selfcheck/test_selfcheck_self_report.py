"""本人述职 counter: the page counts as one types, before the Python runtime is up, exactly as
`rules_py self-report` counts (parity over a varied corpus), and says how and when the limit is
passed."""

from __future__ import annotations

import pytest

import rules_py

SAMPLES = [
    ("letters and digits", "abc 123"),
    ("Chinese with punctuation", "本人自2015年起从事化工工艺设计，主持完成3项技改。"),
    ("full-width punctuation and digits", "（一）１２３！？；：“引号”《书名》……——"),
    ("Latin with accents and combining marks", "café naïve e\u0301"),
    ("line breaks, tabs, full-width spaces", "第一段\n\n第二段\t结束　。\r\n"),
    (
        "every whitespace Python knows",
        "a\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u200a\u2028\u2029\u202f\u205f\u3000b",
    ),
    ("zero-width and BOM count (not whitespace to Python)", "a\u200bb\ufeffc\u200d"),
    ("emoji with skin tone and ZWJ families", "良好👍🏽 👨‍👩‍👧 🇨🇳"),
    ("rare CJK outside the BMP", "𠀀𪚥𰻝"),
    ("exactly the limit", "字" * 1000),
    ("one over the limit", "字" * 999 + "ab"),
    ("spaces only", "   \n  "),
]


@pytest.mark.parametrize("text", [s[1] for s in SAMPLES], ids=[s[0] for s in SAMPLES])
def test_count_matches_the_python_rule(sc_page, text) -> None:
    expected = rules_py.self_report.count(text)
    sc_page.fill("#sc-report", text)
    output = sc_page.locator("#sc-report-count")
    if not text:
        return
    assert output.get_attribute("data-count") == str(expected["count"])
    shown = output.inner_text()
    assert f"已输入 {expected['count']} 字" in shown
    assert output.get_attribute("data-state") == ("ok" if expected["ok"] else "over")
    if not expected["ok"]:
        assert f"超出 {-expected['remaining']} 字" in shown
    assert expected["explanation"] in sc_page.inner_text("#sc-report-how")


def test_counts_before_the_runtime_is_up(context, selfcheck_url) -> None:
    """No "计算中…": the count is there at once, the runtime not needed (here it cannot load)."""
    context.route("**/pyodide/**", lambda route: route.abort())
    page = context.new_page()
    page.goto(selfcheck_url)
    page.wait_for_selector("#sc-form[data-wired]", state="attached")
    page.locator("#sc-report").press_sequentially("述职 报告")
    assert page.get_attribute("#sc-report-count", "data-count") == "4"
    assert "还可输入 996 字" in page.inner_text("#sc-report-count")
