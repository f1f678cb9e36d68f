"""The parsed data files of one notice -> a Notice (model.py). See data/README.md for the format.

Texts may name values in braces, so that a number or date is written once: a provision's
`label` names its own values ("取得工程师资格后{years}年以上"); the notice's texts name
{year}, {number}, {issuer} and {evaluation}; a key date's `detail` also names {date} (written
the Chinese way: 2024年3月5日).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from .model import (
    Education,
    KeyDate,
    Link,
    Notice,
    Office,
    Offices,
    PaperItem,
    Period,
    Provision,
    Scope,
    Term,
    Upload,
    Value,
    chinese_date,
)
from .source import DataError

_PROVISION_KEYS = ("id", "label", "clause", "kind", "platform_label", "paths", "items", "period")


def fill(text: str, context: dict[str, Any], where: str) -> str:
    """`text` with {name} replaced from `context`; DataError for a name it does not have."""
    if "{" not in text:
        return text
    try:
        return text.format_map(context)
    except (KeyError, IndexError, ValueError) as exc:
        raise DataError(f"{where}: {text!r} names {exc} which is not defined there") from None


def _plain(value: Any) -> Any:
    return tuple(_plain(v) for v in value) if isinstance(value, list) else value


def _period(table: dict[str, Any]) -> Period | None:
    """A dated provision: an explicit {start, end}, or the whole years it lists (`years`)."""
    explicit = table.get("period")
    if explicit:
        return Period(explicit["start"], explicit["end"])
    years = table.get("years")
    if isinstance(years, list) and years and all(isinstance(y, int) for y in years):
        return Period(date(min(years), 1, 1), date(max(years), 12, 31))
    return None


def provision(
    table: dict[str, Any], where: str, clause: str = "", period: Period | None = None
) -> Provision:
    """A provision from its table; a value takes the clause and the period of the nearest table
    that has one (the hours of each 继续教育 item apply to every year of the condition)."""
    clause = table.get("clause", clause)
    if not clause:
        raise DataError(f"{where}: no clause (set `clause` here or on the table around it)")
    period = _period(table) or period
    values = {
        name: Value(_plain(v), clause, period)
        for name, v in table.items()
        if name not in _PROVISION_KEYS and not isinstance(v, dict)
    }
    context = {name: v.value for name, v in values.items()}
    here = f"{where} {table.get('id', '')}".strip()
    return Provision(
        id=table.get("id", ""),
        label=fill(table.get("label", ""), context, here),
        clause=clause,
        kind=table.get("kind", ""),
        platform_label=table.get("platform_label", ""),
        values=values,
        paths=tuple(provision(p, f"{here} path", clause, period) for p in table.get("paths", [])),
        items=tuple(provision(i, f"{here} item", clause, period) for i in table.get("items", [])),
        period=period,
    )


def _offices(data: dict[str, Any]) -> Offices:
    area = data["area_code"]
    committee = data["committee"]
    city = data["city_departments"]
    return Offices(
        clause=data["clause"],
        area_code=area,
        committee=Office(
            code=committee["code"],
            name=committee["name"],
            short_name=committee["short_name"],
            district="",
            phone=committee["phone"],
            area_code=area,
            address=committee["address"],
            clause=committee["clause"],
            is_committee=True,
            contact=committee.get("contact", ""),
        ),
        districts=tuple(
            Office(
                code=o["code"],
                name=o["name"],
                short_name=o["district"],
                district=o["district"],
                phone=o["phone"],
                area_code=area,
                address=o["address"],
                clause=o.get("clause", data["clause"]),
            )
            for o in data["offices"]
        ),
        city_departments_name=city["name"],
        city_departments_route=city["route"],
        city_departments_clause=city["clause"],
    )


def notice(notice_id: str, files: dict[str, Any], is_current: bool) -> Notice:
    """The Notice of one notice folder's parsed files."""
    head = files["notice"]
    rules = files["eligibility"]
    lists = files["checklists"]
    where = f"data/{notice_id}"
    context: dict[str, Any] = {
        "year": head["year"],
        "number": head["number"],
        "issuer": head["issuer"]["name"],
    }
    context["evaluation"] = fill(head["evaluation"], context, f"{where}/notice.toml evaluation")
    platform = head["platform"]
    scope = head["scope"]
    uploads = lists["uploads"]
    paper = lists["paper"]
    return Notice(
        id=notice_id,
        number=head["number"],
        title=fill(head["title"], context, f"{where}/notice.toml title"),
        evaluation=context["evaluation"],
        year=head["year"],
        issuer=head["issuer"]["name"],
        issuer_url=head["issuer"]["url"],
        is_current=is_current,
        scope=Scope(
            clause=scope["clause"],
            region=scope["region"],
            excluded=scope["excluded"],
            fields=tuple(scope["fields"]),
            work=tuple(scope["work"]),
            title=scope["title"],
        ),
        platform=Link(
            platform["name"], platform["url"], platform["clause"], platform["short_name"]
        ),
        plan=fill(platform["plan"], context, f"{where}/notice.toml platform.plan"),
        ce_systems=tuple(Link(s["name"], s["url"], s["clause"]) for s in head["ce_systems"]),
        dates=tuple(
            KeyDate(
                id=d["id"],
                date=d["date"],
                title=d["title"],
                detail=fill(
                    d["detail"], {**context, "date": chinese_date(d["date"])}, f"{where} {d['id']}"
                ),
                clause=d["clause"],
                kind=d.get("kind", ""),
            )
            for d in head["dates"]
        ),
        education=Education(
            clause=rules["education"]["clause"],
            levels=tuple(rules["education"]["levels"]),
            labels=dict(rules["education"]["labels"]),
        ),
        routes=tuple(provision(r, f"{where}/eligibility.toml route") for r in rules["routes"]),
        common=tuple(provision(c, f"{where}/eligibility.toml common") for c in rules["common"]),
        uploads=tuple(
            Upload(u["id"], u["text"], tuple(u["routes"]), u.get("clause", uploads["clause"]))
            for u in uploads["items"]
        ),
        uploads_clause=uploads["clause"],
        paper=tuple(
            PaperItem(
                id=i["id"],
                number=i["number"],
                name=i["name"],
                copies=i["copies"],
                per=i["per"],
                clause=i.get("clause", paper["clause"]),
                note=i.get("note", ""),
                short_name=i.get("short_name", ""),
            )
            for i in paper["items"]
        ),
        paper_clause=paper["clause"],
        photo=provision({"id": "photo", **lists["photo"]}, f"{where}/checklists.toml photo"),
        self_report=provision(
            {"id": "self_report", **lists["self_report"]}, f"{where}/checklists.toml self_report"
        ),
        offices=_offices(files["offices"]),
        terms=tuple(
            Term(t["id"], t["term"], t["text"], t["clause"]) for t in files["terms"]["terms"]
        ),
        clauses={k: (v[0], v[1]) for k, v in files.get("clauses", {}).items()},
        closes_with=head["round"]["closes"],
        search_words=tuple(files["terms"].get("search_words", ())),
        search_examples=tuple(files["terms"].get("search_examples", ())),
    )
