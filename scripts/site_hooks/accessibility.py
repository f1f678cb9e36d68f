"""MkDocs hook: accessibility fixes to Material's own markup on every page.

- The search overlay is `role="dialog"` without a name (axe `aria-dialog-name`): name it.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
NAMED_DIALOG = (
    '<div class="md-search" data-md-component="search" role="dialog" aria-label="搜索本站">'
)


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return output.replace(SEARCH_DIALOG, NAMED_DIALOG)
