"""The office directory of 附件4 一 as downloads: CSV (for Excel) and JSON.

Its HTML blocks are templates (templates/site/: offices_table, finder, directory_table,
committee, city_route), rendered by data_pages.py.
"""

from __future__ import annotations

import csv
import io
import json

from rules_py.notices import Notice, Office, Offices

CSV_HEADER = ["区划代码", "区、县（市）", "受理部门", "电话", "地址"]


def city_label(data: Offices) -> str:
    """How 附件4 names the units that go through a 市直 department: 市直部门所属企事业单位."""
    return f"{data.city_departments_name}所属企事业单位"


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
        [committee.code, city_label(data), committee.name, committee.phone_full, committee.address]
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
