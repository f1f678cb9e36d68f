"""MkDocs hook: the site's style sheets inlined into every page's <head>.

A page then paints as soon as its HTML arrives: no render-blocking request for Material's style
sheet or the site's own (on a slow mobile line each costs round trips before anything shows).
Each page carries about 25 KB more when compressed; the service worker keeps the pages anyway.
Only style sheets of this build are inlined (a link to another origin would stay a link; the
privacy plugin allows none).
"""

from __future__ import annotations

import re
from posixpath import dirname, join, normpath

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

STYLESHEET = re.compile(r'<link rel="stylesheet" href="([^":?#]+\.css)">')
_files: Files | None = None


def on_files(files: Files, config: MkDocsConfig) -> Files:
    global _files
    _files = files
    return files


def inline(html: str, page_url: str) -> str:
    """Replace each <link rel=stylesheet> to a file of the build by a <style> with its text
    (`page_url`: the page's URL from the site root, for relative links)."""
    assert _files is not None

    def replace(match: re.Match[str]) -> str:
        href = match.group(1)
        path = normpath(href.lstrip("/") if href.startswith("/") else join(dirname(page_url), href))
        file = _files.get_file_from_path(path)
        if file is None:
            return match.group(0)
        css = file.content_string.replace("</", "<\\/")
        return f"<style>{css}</style>"

    return STYLESHEET.sub(replace, html)


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return inline(output, page.url)


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    return inline(output, "") if template_name == "404.html" else output
