"""Reading the source text of the notice (the OCR seed) independently of the site's markdown.

The seed has blank lines that split sentences where the scanned pages broke (e.g. "工程技术\\n\\n
管理工作"). A line is a broken one when it is prose (at least 20 characters, with Chinese
punctuation inside), is not a heading, and does not end a sentence.
"""

from __future__ import annotations

import re
from pathlib import Path

SEED = Path(__file__).with_name("fixtures") / "hz-2023-63-notice.txt"
NUMERALS = "一二三四五六七八九十"
ENDS = set("。；：！？）)」”")
HEADING = re.compile(rf"^([{NUMERALS}]、|（[{NUMERALS}]）)")
ITEM = re.compile(r"^(\d+)[.、]\s*")
SUB_ITEM = re.compile(r"^[（(](\d+)[)）]\s*")
ATTACHMENT = re.compile(r"^附件\s*(\d)$")
WHITESPACE = re.compile(r"[\s\u200b]+")


def _broken(line: str) -> bool:
    return (
        len(line) >= 20
        and "\t" not in line
        and not HEADING.match(line)
        and line[-1] not in ENDS
        and any(mark in line for mark in "，、。（")
    )


def mended_lines(text: str | None = None) -> tuple[list[str], int]:
    """The seed's non-empty lines with page breaks inside sentences joined; and how many."""
    lines = [line.strip() for line in (text or SEED.read_text(encoding="utf-8")).splitlines()]
    lines = [line for line in lines if line]
    out: list[str] = []
    joins = 0
    for line in lines:
        if out and _broken(out[-1]):
            out[-1] += line
            joins += 1
        else:
            out.append(line)
    return out, joins


def normalise(text: str) -> str:
    return WHITESPACE.sub("", text)


def sentences() -> list[str]:
    """Every sentence and table cell of the seed, whitespace removed, list numbering dropped."""
    result = []
    for line in mended_lines()[0]:
        line = re.sub(r"<(https?://[^>]+)>", r"\1", line).removeprefix("- ")
        for cell in line.split("\t"):
            for piece in re.split(r"[。；！？]", cell):
                piece = SUB_ITEM.sub("", ITEM.sub("", piece.strip()))
                if normalise(piece):
                    result.append(normalise(piece))
    return result


def clause_ids() -> dict[str, str]:
    """Element id -> the seed line of every numbered clause, per the site's anchor scheme."""
    ids: dict[str, str] = {}
    prefix, h2, h3, item = "n", None, None, None
    for line in mended_lines()[0]:
        if line.startswith("- 附件："):  # the notice's list of attachments, not clauses
            h2 = h3 = item = None
            continue
        if match := ATTACHMENT.match(line):
            prefix, h2, h3, item = f"a{match.group(1)}", None, None, None
            continue
        if match := re.match(rf"^([{NUMERALS}])、", line):
            h2, h3, item = NUMERALS.index(match.group(1)) + 1, None, None
            ids[f"{prefix}-{h2}"] = line
        elif match := re.match(rf"^（([{NUMERALS}])）", line):
            h3, item = NUMERALS.index(match.group(1)) + 1, None
            ids[f"{prefix}-{h2}-{h3}"] = line
        elif h2 and (match := ITEM.match(line)):
            item = int(match.group(1))
            ids["-".join(str(p) for p in (prefix, h2, h3, item) if p is not None)] = line
        elif item and (match := SUB_ITEM.match(line)):
            parts = (prefix, h2, h3, item, int(match.group(1)))
            ids["-".join(str(p) for p in parts if p is not None)] = line
    return ids
