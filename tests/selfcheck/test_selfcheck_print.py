"""The printed answer: the headline, the reasons and next steps, the person's answers, the date,
the notice and rules version, and every link's address written out; no form, no menus."""

from __future__ import annotations

import datetime

from form_driver import FORM, submit, walk
from test_selfcheck_personas import EXCEPTIONAL


def test_printed_answer_carries_what_a_paper_needs(sc_page) -> None:
    walk(sc_page, EXCEPTIONAL)
    submit(sc_page)
    sc_page.emulate_media(media="print")
    try:
        for hidden in (".md-header", ".md-sidebar--primary", "#sc-form", ".sc-files", "#sc-print"):
            assert sc_page.locator(hidden).first.is_hidden(), hidden
        for shown in ("#sc-headline", "#sc-answer .sc-next", "#sc-result-summary", ".sc-printed"):
            assert sc_page.locator(shown).first.is_visible(), shown
        printed = sc_page.inner_text(".sc-printed")
        today = datetime.date.today()
        assert f"{today.year}年{today.month}月{today.day}日" in printed
        assert FORM["notice"]["rules_version"] in printed and FORM["notice"]["number"] in printed
        answers = sc_page.inner_text("#sc-result-summary")
        assert "2016年6月1日" in answers and "大专" in answers
        # a printed link shows its address (CSS ::after with attr(href))
        after = sc_page.evaluate(
            """() => [...document.querySelectorAll('#sc-answer .sc-next a')].map(
                 (a) => getComputedStyle(a, '::after').content)"""
        )
        assert after and all("http" in content for content in after)
        platform = FORM["result"]["next_steps"][0]["links"][0]["href"]
        assert any(platform in content for content in after)
    finally:
        sc_page.emulate_media(media="screen")
