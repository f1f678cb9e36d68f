"""The office directory of 附件4 一, rendered from data/offices.toml: HTML, CSV and JSON."""

from __future__ import annotations

import csv
import io
import json
from html import escape
from typing import Any

from notice_data import display_phone, tel_uri

CSV_HEADER = ["区划代码", "区、县（市）", "受理部门", "电话", "地址"]
CITY_LABEL = "市直部门所属企事业单位"


def _tel_link(phone: str, area_code: str) -> str:
    return (
        f'<a href="{tel_uri(phone, area_code)}" '
        f'aria-label="拨打 {display_phone(phone, area_code)}">{escape(phone)}</a>'
    )


def notice_table_html(data: dict[str, Any]) -> str:
    """附件4 一 as the notice prints it: 单位, 电话, 地址 (phones are tel: links)."""
    area = data["area_code"]
    rows = "\n".join(
        f'<tr><th scope="row" data-label="单位">{escape(o["name"])}</th>'
        f'<td data-label="电话" class="nowrap">{_tel_link(o["phone"], area)}</td>'
        f'<td data-label="地址">{escape(o["address"])}</td></tr>'
        for o in data["offices"]
    )
    return (
        '<div class="table-scroll" tabindex="0" role="region" aria-label="纸质材料受理部门表">\n'
        '<table class="notice-table stack-on-phone">\n<thead><tr><th scope="col">单　位</th>'
        '<th scope="col">电　话</th><th scope="col">地　址</th></tr></thead>\n'
        f"<tbody>\n{rows}\n</tbody>\n</table>\n</div>"
    )


def city_route_html(data: dict[str, Any]) -> str:
    return f'<p class="city-route">{escape(data["city_departments"]["route"])}</p>'


def _office_row(office: dict[str, Any], area: str) -> str:
    code = escape(office["code"])
    return (
        f'<tr id="office-{code}" data-district="{code}">'
        f'<th scope="row" data-label="区、县（市）">{escape(office["district"])}</th>'
        f'<td data-label="受理部门">{escape(office["name"])}</td>'
        f'<td data-label="电话" class="nowrap">{_tel_link(office["phone"], area)}</td>'
        f'<td data-label="地址">{escape(office["address"])}</td></tr>'
    )


def finder_html(data: dict[str, Any]) -> str:
    """Which office takes my papers: links to every office card; with JS, a select too."""
    links = "\n".join(
        f'<li><a href="#office-{escape(o["code"])}">{escape(o["district"])}</a></li>'
        for o in data["offices"]
    )
    options = "\n".join(
        f'<option value="office-{escape(o["code"])}">{escape(o["district"])}</option>'
        for o in data["offices"]
    )
    return f"""<section class="finder" aria-labelledby="finder-title">
<h2 id="finder-title">我的纸质材料交到哪里？</h2>
<p>按单位所在的区、县（市）找受理部门；市直部门所属企事业单位，先报市直部门审核盖章。</p>
<div class="finder-select js-only">
<label for="finder-district">单位所在地</label>
<select id="finder-district">
<option value="">请选择区、县（市）或市直部门</option>
{options}
<option value="committee">{CITY_LABEL}</option>
</select>
<div class="finder-result" aria-live="polite"></div>
</div>
<ul class="finder-links no-js-only">
{links}
<li><a href="#committee">{CITY_LABEL}</a></li>
</ul>
</section>"""


def directory_table_html(data: dict[str, Any]) -> str:
    area = data["area_code"]
    rows = "\n".join(_office_row(o, area) for o in data["offices"])
    total = len(data["offices"])
    return f"""<section class="directory" aria-labelledby="directory-title">
<h2 id="directory-title">13个区、县（市）受理部门</h2>
<div class="directory-filter js-only">
<label for="directory-search">搜索名称、电话或地址</label>
<input id="directory-search" type="search" autocomplete="off"
placeholder="例如：萧山、8953、文一西路">
<p class="directory-count" aria-live="polite">共 {total} 个受理部门</p>
</div>
<div class="table-scroll">
<table class="office-table stack-on-phone" data-total="{total}">
<thead><tr><th scope="col">区、县（市）</th><th scope="col">受理部门</th>
<th scope="col">电话（0571）</th><th scope="col">地址</th></tr></thead>
<tbody>
{rows}
</tbody>
</table>
</div>
<p class="directory-empty" hidden>没有找到匹配的受理部门，请换个关键词。</p>
</section>"""


def committee_html(data: dict[str, Any]) -> str:
    committee = data["committee"]
    city = data["city_departments"]
    area = data["area_code"]
    return f"""<section id="committee" class="office-card committee"
aria-labelledby="committee-title">
<h2 id="committee-title">{CITY_LABEL}和高评委办公室</h2>
<p>{escape(city["route"])}</p>
<dl>
<dt>高评委办公室</dt><dd>{escape(committee["name"])}</dd>
<dt>联系人</dt><dd>{escape(committee["contact"])}</dd>
<dt>电话</dt><dd>{_tel_link(committee["phone"], area)}</dd>
<dt>地址</dt><dd>{escape(committee["address"])}</dd>
</dl>
</section>"""


def offices_csv(data: dict[str, Any]) -> bytes:
    """UTF-8 with BOM so Excel shows the Chinese right; CRLF rows as Excel writes them."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    area = data["area_code"]
    for office in data["offices"]:
        phone = display_phone(office["phone"], area)
        writer.writerow(
            [office["code"], office["district"], office["name"], phone, office["address"]]
        )
    committee = data["committee"]
    writer.writerow(
        [
            committee["code"],
            CITY_LABEL,
            committee["name"],
            display_phone(committee["phone"], area),
            committee["address"],
        ]
    )
    return "\ufeff".encode() + out.getvalue().encode("utf-8")


def offices_json(data: dict[str, Any], notice_id: str) -> str:
    area = data["area_code"]

    def entry(office: dict[str, Any]) -> dict[str, Any]:
        return {
            **office,
            "phone_full": display_phone(office["phone"], area),
            "tel": tel_uri(office["phone"], area),
        }

    document = {
        "notice": notice_id,
        "area_code": area,
        "offices": [entry(o) for o in data["offices"]],
        "committee": entry(data["committee"]),
        "city_departments": data["city_departments"],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
