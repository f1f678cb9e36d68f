"""The notice's own terms, which the search index keeps as whole words (from the data)."""

from __future__ import annotations

from notice_data import load


def notice_terms() -> list[str]:
    return list(load("notice").get("search_words", []))
