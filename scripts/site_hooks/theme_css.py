"""MkDocs hook: Material's style sheet trimmed to what this site can use.

Material's main.css (137 kB, 23 kB gzip) styles every feature of the theme; a page cannot be
shown before it has arrived, and on a phone's first visit 23 kB take two round trips where 14 kB
take one. After the build, every rule whose selectors name only classes, ids or attributes that
occur nowhere in the built site (its pages and every script that could add them: Material's
bundle and workers, the site's own scripts) is left out, and so is every custom property (`--md-…`)
that nothing uses. What stays is written under a name with its own content hash and the pages
link that file instead.

Conservative by design: a selector is kept unless a class, id or attribute it requires is
missing from the site's text; what sits inside a functional pseudo-class (`:not(.x)`, `:is(…)`,
`:where(…)`, `:has(…)`) is never used to drop a selector; a class built in a script from a
prefix (`md-source__fact--${type}`) keeps every class with that prefix. Must run before
service_worker.py, which precaches what the build wrote.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

STYLESHEETS = "assets/stylesheets"
MATERIAL_CSS = re.compile(r"main\.[0-9a-f]{8}\.min\.css")
# What the site's text is searched in: pages and scripts (not the Python runtime's files).
CONTENT_SUFFIXES = (".html", ".js", ".mjs", ".json")
SKIPPED_FOLDERS = ("pyodide",)
# Material's lunr language files (word cutters, stemmers) put nothing on a page.
SKIPPED_MATERIAL = ("lunr",)

WORD = re.compile(r"[A-Za-z0-9_-]+")
DYNAMIC_PREFIX = re.compile(r"([A-Za-z][A-Za-z0-9_-]*(?:--|__|-))$")
FUNCTIONAL = re.compile(r":(?:not|is|where|has|matches|-webkit-any|-moz-any)\(")
# What Material's scripts put on elements: class:"…" / class:`…`, classList.add("…") and the
# like, className="…", and every template string (classes built from parts).
MATERIAL_GIVES = re.compile(
    r"""class:(?:"[^"]*"|`[^`]*`)|classList\.\w+\(\s*"[^"]*"|className\s*=\s*"[^"]*"|`[^`]*`"""
)
STRING = re.compile(r'"([^"\\\n]{1,200})"')
ATTRIBUTE = re.compile(r"\[\s*([A-Za-z_][A-Za-z0-9_:-]*)")
CUSTOM_PROPERTY = re.compile(r"(--[A-Za-z0-9_-]+)\s*:")
VAR_USE = re.compile(r"var\(\s*(--[A-Za-z0-9_-]+)")


# ---- reading minified CSS -------------------------------------------------------------------


SPECIAL = re.compile(r"""["'/()\[\]{};,]""")
STRING_AT = {q: re.compile(q + r"(?:[^" + q + r"\\]|\\.)*" + q, re.S) for q in "\"'"}


def _skip_string(css: str, i: int) -> int:
    match = STRING_AT[css[i]].match(css, i)
    return match.end() if match else len(css)


def _scan(css: str, i: int) -> Iterator[tuple[int, str]]:
    """The structural characters from i on (index, character), strings and comments skipped."""
    while (match := SPECIAL.search(css, i)) is not None:
        j, c = match.start(), match.group()
        if c in "\"'":
            i = _skip_string(css, j)
        elif c == "/":
            i = css.index("*/", j) + 2 if css.startswith("/*", j) else j + 1
        else:
            i = j + 1
            yield j, c


def _until(css: str, i: int, stops: str) -> int:
    """Index of the first of `stops` at depth 0 from i (strings, comments and parens skipped)."""
    depth = 0
    for j, c in _scan(css, i):
        if c in "([":
            depth += 1
        elif c in ")]":
            depth -= 1
        elif depth == 0 and c in stops:
            return j
    return len(css)


def _closing(text: str, i: int, opening: str, closing: str) -> int | None:
    """Given text[i] == opening, the index just after its matching closing (None: unbalanced)."""
    depth = 0
    for j, c in _scan(text, i):
        if c == opening:
            depth += 1
        elif c == closing:
            depth -= 1
            if depth == 0:
                return j + 1
    return None


def _block_end(css: str, i: int) -> int:
    """Given css[i] == "{", the index just after its matching "}"."""
    end = _closing(css, i, "{", "}")
    if end is None:
        raise ValueError("unbalanced braces in the style sheet")
    return end


def rules(css: str) -> Iterator[tuple[str, str | None]]:
    """Top-level items: (prelude, body) for blocks, (statement, None) for `@charset …;`."""
    i = 0
    while i < len(css):
        if css[i].isspace():
            i += 1
            continue
        if css.startswith("/*", i):
            i = css.index("*/", i) + 2
            continue
        stop = _until(css, i, "{;")
        if stop >= len(css) or css[stop] == ";":
            yield css[i : stop + 1].strip(), None
            i = stop + 1
            continue
        end = _block_end(css, stop)
        yield css[i:stop].strip(), css[stop + 1 : end - 1]
        i = end


def split_selectors(prelude: str) -> list[str]:
    parts, i = [], 0
    while i <= len(prelude):
        stop = _until(prelude, i, ",")
        parts.append(prelude[i:stop].strip())
        i = stop + 1
    return [p for p in parts if p]


# ---- deciding -------------------------------------------------------------------------------


def _outside_functions(selector: str) -> str:
    """The selector without the arguments of functional pseudo-classes."""
    out, i = [], 0
    for match in FUNCTIONAL.finditer(selector):
        if match.start() < i:
            continue
        out.append(selector[i : match.start()])
        i = _matching_paren(selector, match.end() - 1)
    out.append(selector[i:])
    return "".join(out)


def _matching_paren(text: str, i: int) -> int:
    """Given text[i] == "(", the index just after its matching ")" (the end when unbalanced)."""
    end = _closing(text, i, "(", ")")
    return len(text) if end is None else end


class Usage:
    """The names the site's pages and scripts use.

    Classes count when a page has them, a script of the site's own names them, or Material's
    scripts put them on an element (`class:"…"`, `classList.…("…")`, `className=…`, template
    strings, names of its own `md-…` / BEM form): Material's bundle also names the classes of
    every content extension it looks for (admonitions, tabs, code blocks …), which this site's
    Markdown does not write. Ids and attributes count when any text of the site names them.
    """

    def __init__(self, pages: list[str], scripts: list[str], material: list[str]) -> None:
        everything = pages + scripts + material
        self.words = {w for text in everything for w in WORD.findall(text)}
        given = [m for text in material for m in MATERIAL_GIVES.findall(text)]
        self.classes = {w for text in pages + scripts + given for w in WORD.findall(text)}
        self.classes |= {
            w
            for text in material
            for literal in STRING.findall(text)
            for w in WORD.findall(literal)
            if w.startswith("md-") or "__" in w or "--" in w
        }
        self.prefixes = {p for text in everything for p in dynamic_prefixes(text)}

    def _known(self, name: str, names: set[str]) -> bool:
        return name in names or any(name.startswith(p) for p in self.prefixes)

    def selector_used(self, selector: str) -> bool:
        plain = _outside_functions(selector)
        plain = re.sub(r"\\.", "", plain)  # escaped characters are no class names of ours
        attributes = ATTRIBUTE.findall(plain)
        plain = re.sub(r"\[[^\]]*\]", "", plain)  # a value's dots are no classes
        classes = re.findall(r"\.(-?[A-Za-z_][A-Za-z0-9_-]*)", plain)
        others = re.findall(r"#(-?[A-Za-z_][A-Za-z0-9_-]*)", plain) + attributes
        return all(self._known(c, self.classes) for c in classes) and all(
            self._known(o, self.words) for o in others
        )


def dynamic_prefixes(text: str) -> set[str]:
    """Names a script completes at run time: `md-tag--${type}` gives "md-tag--"."""
    found, i = set(), text.find("${")
    while i != -1:
        match = DYNAMIC_PREFIX.search(text, max(0, i - 80), i)
        if match:
            found.add(match.group(1))
        i = text.find("${", i + 2)
    return found


def _rewrite(css: str, style_rule: Callable[[str, str], str]) -> str:
    """The sheet with each style rule (prelude, body) replaced by `style_rule`'s text ("" drops
    it), inside @media/@supports too (emptied ones dropped); other at-rules as they are."""
    out = []
    for prelude, body in rules(css):
        if body is None:
            out.append(prelude)
        elif prelude.startswith(("@media", "@supports")):
            inner = _rewrite(body, style_rule)
            if inner:
                out.append(f"{prelude}{{{inner}}}")
        elif prelude.startswith("@"):
            out.append(f"{prelude}{{{body}}}")  # @keyframes, @page, @font-face: as they are
        else:
            out.append(style_rule(prelude, body))
    return "".join(out)


def trim_rules(css: str, usage: Usage) -> str:
    def style_rule(prelude: str, body: str) -> str:
        kept = [s for s in split_selectors(prelude) if usage.selector_used(s)]
        return f"{','.join(kept)}{{{body}}}" if kept else ""

    return _rewrite(css, style_rule)


def _declarations(body: str) -> list[str]:
    parts, i = [], 0
    while i < len(body):
        stop = _until(body, i, ";")
        parts.append(body[i:stop])
        i = stop + 1
    return [p for p in parts if p.strip()]


def drop_unused_properties(css: str, usage: Usage) -> str:
    """Leave out `--name: …` declarations that no `var(--name)` of the sheet or the site uses
    (repeated until nothing changes: a property may be used only by one that goes)."""
    while True:
        used = set(VAR_USE.findall(css)) | {w for w in usage.words if w.startswith("--")}
        trimmed = _drop_properties(css, used)
        if trimmed == css:
            return css
        css = trimmed


def _drop_properties(css: str, used: set[str]) -> str:
    def style_rule(prelude: str, body: str) -> str:
        kept = [
            d
            for d in _declarations(body)
            if not (m := CUSTOM_PROPERTY.match(d.strip())) or m.group(1) in used
        ]
        return f"{prelude}{{{';'.join(kept)}}}" if kept else ""

    return _rewrite(css, style_rule)


def site_texts(site_dir: Path, skip: Path) -> tuple[list[str], list[str], list[str]]:
    """The site's pages, its own scripts, and Material's scripts (assets/javascripts/)."""
    pages: list[str] = []
    scripts: list[str] = []
    material: list[str] = []
    for path in sorted(site_dir.rglob("*")):
        relative = path.relative_to(site_dir).parts
        if path == skip or not path.is_file() or relative[0] in SKIPPED_FOLDERS:
            continue
        if path.suffix not in CONTENT_SUFFIXES:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix == ".html":
            pages.append(text)
        elif relative[:2] == ("assets", "javascripts"):
            if not set(relative[2:-1]) & set(SKIPPED_MATERIAL):
                material.append(text)
        else:
            scripts.append(text)
    return pages, scripts, material


def trim(css: str, usage: Usage) -> str:
    return drop_unused_properties(trim_rules(css, usage), usage)


def on_post_build(config: MkDocsConfig) -> None:
    site_dir = Path(config.site_dir)
    folder = site_dir / STYLESHEETS
    (material,) = [p for p in folder.iterdir() if MATERIAL_CSS.fullmatch(p.name)]
    usage = Usage(*site_texts(site_dir, skip=material))
    trimmed = trim(material.read_text(encoding="utf-8"), usage)
    digest = hashlib.sha256(trimmed.encode()).hexdigest()[:8]
    name = f"site-theme.{digest}.min.css"
    (folder / name).write_text(trimmed, encoding="utf-8")
    for page in site_dir.rglob("*.html"):
        if page.relative_to(site_dir).parts[0] in SKIPPED_FOLDERS:
            continue
        html = page.read_text(encoding="utf-8")
        relinked = re.sub(
            r'(<link rel="stylesheet" href="[^"]*assets/stylesheets/)main\.[0-9a-f]{8}\.min\.css"',
            rf'\g<1>{name}"',
            html,
        )
        if relinked != html:
            page.write_text(relinked, encoding="utf-8")
    material.unlink()  # and its source map, which names it
    source_map = folder / (material.name + ".map")
    if source_map.exists():
        source_map.unlink()
