"""The words of each clause, read from the notice's own Markdown (data/<notice id>/text/*.md).

The pages mark every clause with an attribute list: a heading `## 二、学历、资历要求 {#a1-2}`, or a
list item followed by an indented `{#a1-2-4-5}` line. A clause's text is its item (or the
paragraphs under its heading before the first numbered item), with the paragraphs indented under
it; nested items are clauses of their own. Markup is reduced to plain text (links to their words
or address, escapes undone); HTML lines and generated-block placeholders are left out.
"""

from __future__ import annotations

import re

_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*\{#([\w-]+)\}\s*$")
_ANCHOR = re.compile(r"^\s*\{#([\w-]+)\}\s*$")
_ITEM = re.compile(r"^(\s*)\d+\.\s+(.*)$")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_AUTOLINK = re.compile(r"<(https?://[^>]+)>")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])")


def plain(text: str) -> str:
    text = _LINK.sub(r"\1", text)
    text = _AUTOLINK.sub(r"\1", text)
    return _ESCAPE.sub(r"\1", text).strip()


def _skipped(line: str) -> bool:
    stripped = line.strip()
    return stripped.startswith("<") and not stripped.startswith("<http")


def _front_matter_end(lines: list[str]) -> int:
    if lines and lines[0].strip() == "---":
        for i, line in enumerate(lines[1:], start=1):
            if line.strip() == "---":
                return i + 1
    return 0


def extract(markdown: str) -> dict[str, tuple[str, str]]:
    """{anchor id: (title, text)}: the title of a heading ("" for an item) and the clause's text."""
    lines = markdown.splitlines()
    entries: dict[str, tuple[str, list[str]]] = {}
    heading: str | None = None
    stack: list[tuple[int, str]] = []  # (indent of the item's marker, its anchor)
    pending: tuple[int, str] | None = None  # an item whose anchor line comes next

    def owner(indent: int) -> str | None:
        for marker, anchor in reversed(stack):
            if marker < indent:
                return anchor
        return heading

    for line in lines[_front_matter_end(lines) :]:
        if not line.strip() or _skipped(line):
            continue
        match = _HEADING.match(line)
        if match:
            heading, stack, pending = match.group(2), [], None
            entries[heading] = (plain(match.group(1)), [])
            continue
        match = _ANCHOR.match(line)
        if match and pending is not None:
            indent, text = pending
            stack = [(m, a) for m, a in stack if m < indent] + [(indent, match.group(1))]
            entries[match.group(1)] = ("", [text])
            pending = None
            continue
        match = _ITEM.match(line)
        if match:
            pending = (len(match.group(1)), plain(match.group(2)))
            continue
        indent = len(line) - len(line.lstrip())
        anchor = owner(indent)
        if anchor is not None:
            entries[anchor][1].append(plain(line))
    return {anchor: (title, "\n".join(text)) for anchor, (title, text) in entries.items()}


def extract_pages(pages: dict[str, str]) -> dict[str, tuple[str, str]]:
    """The clauses of every page of a notice (anchor ids are unique across its pages)."""
    found: dict[str, tuple[str, str]] = {}
    for name in sorted(pages):
        found.update(extract(pages[name]))
    return found
