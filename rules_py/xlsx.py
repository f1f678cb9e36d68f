"""A minimal .xlsx reader and writer with zipfile and xml.etree (no third-party packages).

Reader: the first worksheet as rows of cells; text cells as str, numeric cells as int/float
(dates typed into Excel arrive as serial numbers, which batch_columns turns into dates).
Writer: inline-string sheets with a bold header row, frozen first row, column widths, text
columns and list validations; deterministic bytes (fixed zip timestamps).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from xml.etree import ElementTree as ET
from xml.sax.saxutils import escape

Cell = str | int | float

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_REF = re.compile(r"^([A-Z]+)(\d+)$")
_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_FIXED_TIME = (2023, 8, 7, 0, 0, 0)


class XlsxError(ValueError):
    """The file is not a readable .xlsx workbook."""


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def column_index(letters: str) -> int:
    """A → 0, Z → 25, AA → 26."""
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def column_letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _texts(elem: ET.Element) -> str:
    """The text of an <si> or <is>: its <t> parts, skipping phonetic runs (<rPh>)."""
    parts = []
    for child in elem:
        name = _local(child.tag)
        if name == "t":
            parts.append(child.text or "")
        elif name == "r":
            parts += [t.text or "" for t in child if _local(t.tag) == "t"]
    return "".join(parts)


def _shared_strings(zf: zipfile.ZipFile) -> list[str]:
    if "xl/sharedStrings.xml" not in zf.namelist():
        return []
    root = ET.fromstring(zf.read("xl/sharedStrings.xml"))
    return [_texts(si) for si in root if _local(si.tag) == "si"]


def _first_sheet(zf: zipfile.ZipFile) -> str:
    names = zf.namelist()
    try:
        workbook = ET.fromstring(zf.read("xl/workbook.xml"))
        rels = ET.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
        targets = {r.get("Id"): r.get("Target", "") for r in rels}
        sheet = next(e for e in workbook.iter() if _local(e.tag) == "sheet")
        target = targets[sheet.get(f"{{{_REL}}}id")]
        path = target.lstrip("/") if target.startswith("/") else "xl/" + target
        if path in names:
            return path
    except (KeyError, StopIteration, ET.ParseError):
        pass
    sheets = sorted(n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml"))
    if not sheets:
        raise XlsxError("文件中没有工作表")
    return sheets[0]


def _number(text: str) -> int | float:
    value = float(text)
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


def _cell_value(c: ET.Element, shared: list[str]) -> Cell:
    kind = c.get("t", "n")
    v = next((e for e in c if _local(e.tag) == "v"), None)
    if kind == "inlineStr":
        inline = next((e for e in c if _local(e.tag) == "is"), None)
        return _texts(inline) if inline is not None else ""
    if v is None or v.text is None:
        return ""
    if kind == "s":
        return shared[int(v.text)]
    if kind == "b":
        return "是" if v.text.strip() == "1" else "否"
    if kind in ("str", "e", "d"):
        return v.text
    try:
        return _number(v.text)
    except ValueError:
        return v.text


def read_xlsx(data: bytes) -> Iterator[tuple[int, list[Cell]]]:
    """(row number as Excel shows it, cells) for each non-empty row of the first sheet."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        shared = _shared_strings(zf)
        sheet = zf.open(_first_sheet(zf))
        last = 0
        for _, elem in ET.iterparse(sheet):
            if _local(elem.tag) != "row":
                continue
            number = int(elem.get("r") or last + 1)
            last = number
            cells: dict[int, Cell] = {}
            position = 0
            for c in elem:
                if _local(c.tag) != "c":
                    continue
                ref = _REF.match(c.get("r") or "")
                position = column_index(ref.group(1)) if ref else position
                cells[position] = _cell_value(c, shared)
                position += 1
            elem.clear()
            if cells:
                row = [""] * (max(cells) + 1)
                for i, value in cells.items():
                    row[i] = value
                yield number, row
    except (zipfile.BadZipFile, ET.ParseError, KeyError, IndexError, ValueError, OSError) as exc:
        if isinstance(exc, XlsxError):
            raise
        raise XlsxError(f"不是有效的 xlsx 文件（{type(exc).__name__}）") from None


@dataclass
class Sheet:
    name: str
    rows: Sequence[Sequence[Cell]]
    widths: dict[int, float] = field(default_factory=dict)
    text_columns: set[int] = field(default_factory=set)  # typed input stays text (dates)
    lists: dict[int, list[str]] = field(default_factory=dict)  # column → allowed values
    list_rows: int = 1000
    header: bool = True


_STYLES = (
    f'<styleSheet xmlns="{_MAIN}">'
    '<fonts count="2"><font><sz val="11"/><name val="等线"/></font>'
    '<font><b/><sz val="11"/><name val="等线"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
_BOLD, _TEXT = 1, 2


def _cell_xml(ref: str, value: Cell, style: int) -> str:
    s = f' s="{style}"' if style else ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f'<c r="{ref}"{s}><v>{value}</v></c>'
    text = escape(_BAD_XML.sub("", str(value)))
    return f'<c r="{ref}"{s} t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


def _sheet_xml(sheet: Sheet) -> str:
    parts = [f'<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}">']
    if sheet.header:
        parts.append(
            '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
            'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
        )
    ncols = max((len(r) for r in sheet.rows), default=0)
    cols = []
    for i in range(ncols):
        width = sheet.widths.get(i)
        style = f' style="{_TEXT}"' if i in sheet.text_columns else ""
        if width or style:
            w = f' width="{width or 12}" customWidth="1"'
            cols.append(f'<col min="{i + 1}" max="{i + 1}"{w}{style}/>')
    if cols:
        parts.append("<cols>" + "".join(cols) + "</cols>")
    parts.append("<sheetData>")
    for r, row in enumerate(sheet.rows, start=1):
        cells = []
        for i, value in enumerate(row):
            if value == "" or value is None:
                continue
            style = _BOLD if sheet.header and r == 1 else (_TEXT if i in sheet.text_columns else 0)
            cells.append(_cell_xml(f"{column_letters(i)}{r}", value, style))
        parts.append(f'<row r="{r}">' + "".join(cells) + "</row>")
    parts.append("</sheetData>")
    if sheet.lists:
        parts.append(f'<dataValidations count="{len(sheet.lists)}">')
        for i, values in sorted(sheet.lists.items()):
            col = column_letters(i)
            formula = escape('"' + ",".join(values) + '"')
            parts.append(
                f'<dataValidation type="list" allowBlank="1" showErrorMessage="1" '
                f'sqref="{col}2:{col}{sheet.list_rows}"><formula1>{formula}</formula1>'
                "</dataValidation>"
            )
        parts.append("</dataValidations>")
    parts.append("</worksheet>")
    return "".join(parts)


def write_xlsx(sheets: Sequence[Sheet]) -> bytes:
    """A workbook with the given sheets, as bytes (same input → same bytes)."""
    n = len(sheets)
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        + "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for i in range(1, n + 1)
        )
        + '<Override PartName="/xl/styles.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        "</Types>"
    )
    root_rels = (
        f'<Relationships xmlns="{_PKG_REL}"><Relationship Id="rId1" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )
    workbook = (
        f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>'
        + "".join(
            f'<sheet name="{escape(s.name)}" sheetId="{i}" r:id="rId{i}"/>'
            for i, s in enumerate(sheets, start=1)
        )
        + "</sheets></workbook>"
    )
    rel_type = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    workbook_rels = (
        f'<Relationships xmlns="{_PKG_REL}">'
        + "".join(
            f'<Relationship Id="rId{i}" Type="{rel_type}worksheet" '
            f'Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, n + 1)
        )
        + f'<Relationship Id="rId{n + 1}" Type="{rel_type}styles" Target="styles.xml"/>'
        "</Relationships>"
    )
    members = [
        ("[Content_Types].xml", content_types),
        ("_rels/.rels", root_rels),
        ("xl/workbook.xml", workbook),
        ("xl/_rels/workbook.xml.rels", workbook_rels),
        ("xl/styles.xml", _STYLES),
        *((f"xl/worksheets/sheet{i}.xml", _sheet_xml(s)) for i, s in enumerate(sheets, start=1)),
    ]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in members:
            info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()
