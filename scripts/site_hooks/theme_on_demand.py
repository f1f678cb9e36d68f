"""MkDocs hook: Material's script loads on the visitor's first interaction, not with the page.

The theme's `scripts` block (theme/main.html) goes through the filter `site_theme_on_demand`: the
bundle's `<script src>` becomes the small inline loader theme_on_demand.js (what it does and why
is written there). The site's own scripts (mkdocs.yml `extra_javascript`) are deferred: none of
them is needed before the page is shown.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

LOADER = Path(__file__).with_name("theme_on_demand.js")
BUNDLE_TAG = re.compile(
    r'<script src="([^"]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js)"></script>'
)
LEADING_COMMENT = re.compile(r"\A/\*.*?\*/\s*", re.S)


def loader(bundle_url: str) -> str:
    """The inline loader for the bundle at `bundle_url` (as the page links it)."""
    source = LEADING_COMMENT.sub("", LOADER.read_text(encoding="utf-8"))
    return "<script>" + source.replace("__BUNDLE__", json.dumps(bundle_url)).strip() + "</script>"


def bundle_on_demand(scripts: str) -> str:
    """Filter for the theme's `scripts` block: the bundle's tag becomes the loader."""
    tags = BUNDLE_TAG.findall(scripts)
    if len(tags) != 1:  # a Material upgrade changed the block: fail the build, not the pages
        raise ValueError(f"expected one bundle <script> in the theme's scripts block: {tags}")
    return BUNDLE_TAG.sub(lambda match: loader(match.group(1)), scripts)


def on_env(env, config: MkDocsConfig, files):  # noqa: ANN001, ANN201 (jinja2 Environment)
    env.filters["site_theme_on_demand"] = bundle_on_demand
    return env
