"""The office directory of 附件4 一, rendered from the notice's offices: HTML, CSV and JSON."""

from __future__ import annotations

import csv
import io
import json
from html import escape

from rules_py.notices import Notice, Office, Offices

CSV_HEADER = ["区划代码", "区、县（市）", "受理部门", "电话", "地址"]
CITY_LABEL = "市直部门所属企事业单位"


def _tel_link(office: Office) -> str:
    return (
        f'<a href="{office.tel}" aria-label="拨打 {office.phone_full}">{escape(office.phone)}</a>'
    )


def notice_table_html(data: Offices) -> str:
    """附件4 一 as the notice prints it: 单位, 电话, 地址 (phones are tel: links)."""
    rows = "\n".join(
        f'<tr><th scope="row" data-label="单位">{escape(o.name)}</th>'
        f'<td data-label="电话" class="nowrap">{_tel_link(o)}</td>'
        f'<td data-label="地址">{escape(o.address)}</td></tr>'
        for o in data.districts
    )
    return (
        '<div class="table-scroll" tabindex="0" role="region" aria-label="纸质材料受理部门表">\n'
        '<table class="notice-table stack-on-phone">\n<thead><tr><th scope="col">单　位</th>'
        '<th scope="col">电　话</th><th scope="col">地　址</th></tr></thead>\n'
        f"<tbody>\n{rows}\n</tbody>\n</table>\n</div>"
    )


def city_route_html(data: Offices) -> str:
    return f'<p class="city-route">{escape(data.city_departments_route)}</p>'


def _office_row(office: Office) -> str:
    code = escape(office.code)
    return (
        f'<tr id="office-{code}" data-district="{code}">'
        f'<th scope="row" data-label="区、县（市）">{escape(office.district)}</th>'
        f'<td data-label="受理部门">{escape(office.name)}</td>'
        f'<td data-label="电话" class="nowrap">{_tel_link(office)}</td>'
        f'<td data-label="地址">{escape(office.address)}</td></tr>'
    )


def finder_html(data: Offices) -> str:
    """Which office takes my papers: links to every office card; with JS, a select too."""
    links = "\n".join(
        f'<li><a href="#office-{escape(o.code)}">{escape(o.district)}</a></li>'
        for o in data.districts
    )
    options = "\n".join(
        f'<option value="office-{escape(o.code)}">{escape(o.district)}</option>'
        for o in data.districts
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


def directory_table_html(data: Offices) -> str:
    rows = "\n".join(_office_row(o) for o in data.districts)
    total = len(data.districts)
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


def committee_html(data: Offices) -> str:
    committee = data.committee
    return f"""<section id="committee" class="office-card committee"
aria-labelledby="committee-title">
<h2 id="committee-title">{CITY_LABEL}和高评委办公室</h2>
<p>{escape(data.city_departments_route)}</p>
<dl>
<dt>{escape(committee.short_name)}</dt><dd>{escape(committee.name)}</dd>
<dt>联系人</dt><dd>{escape(committee.contact)}</dd>
<dt>电话</dt><dd>{_tel_link(committee)}</dd>
<dt>地址</dt><dd>{escape(committee.address)}</dd>
</dl>
</section>"""


def offices_csv(data: Offices) -> bytes:
    """UTF-8 with BOM so Excel shows the Chinese right; CRLF rows as Excel writes them."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for office in data.districts:
        writer.writerow(
            [office.code, office.district, office.name, office.phone_full, office.address]
        )
    committee = data.committee
    writer.writerow(
        [committee.code, CITY_LABEL, committee.name, committee.phone_full, committee.address]
    )
    return "\ufeff".encode() + out.getvalue().encode("utf-8")


def _office_entry(office: Office) -> dict[str, object]:
    entry: dict[str, object] = {"code": office.code}
    if office.is_committee:
        entry |= {"name": office.name, "short_name": office.short_name, "contact": office.contact}
    else:
        entry |= {"district": office.district, "name": office.name}
    entry |= {"phone": office.phone, "address": office.address}
    if office.is_committee:
        entry["clause"] = office.clause
    return entry | {"phone_full": office.phone_full, "tel": office.tel}


def offices_json(notice: Notice) -> str:
    data = notice.offices
    document = {
        "notice": notice.id,
        "area_code": data.area_code,
        "offices": [_office_entry(o) for o in data.districts],
        "committee": _office_entry(data.committee),
        "city_departments": {
            "name": data.city_departments_name,
            "route": data.city_departments_route,
            "office": data.committee.code,
            "clause": data.city_departments_clause,
        },
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
