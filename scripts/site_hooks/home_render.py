"""Blocks of the home page generated from data/: key dates, routes, materials to have ready."""

from __future__ import annotations

from datetime import date
from html import escape

from rules_py.clauses import anchor
from rules_py.notices import Notice, Provision
from rules_py.notices import chinese_date as _chinese_date


def chinese_date(day: date) -> str:
    return _chinese_date(day, weekday=True)


def clause_href(clause: str, root: str) -> str:
    """The link to a clause from a page whose way back to the site root is `root`."""
    return root + anchor(clause).removeprefix("/")


def _clause_link(clause: str, root: str) -> str:
    return f'<a href="{clause_href(clause, root)}">{escape(clause)}</a>'


def timeline_html(notice: Notice, root: str, calendar_href: str) -> str:
    """Key dates as an ordered timeline, each citing the clause that sets it."""
    items = []
    for item in notice.dates:
        day = item.date
        items.append(
            f'<li class="timeline-item" id="date-{escape(item.id)}">'
            f'<time datetime="{day.isoformat()}">{chinese_date(day)}</time>'
            f'<strong class="timeline-title">{escape(item.title)}</strong>'
            f'<span class="timeline-detail">{escape(item.detail)}'
            f"（{_clause_link(item.clause, root)}）</span></li>"
        )
    joined = "\n".join(items)
    return (
        f'<ol class="timeline">\n{joined}\n</ol>\n'
        f'<p><a class="md-button" href="{calendar_href}" download>下载日历文件（.ics）</a> '
        "可导入手机或电脑日历，到期前自己设提醒。</p>"
    )


def _route_text(route: Provision) -> str:
    """One route's thresholds in a sentence, from its data (the 2023 routes; others by label)."""
    if route.kind == "normal":
        doctorate, degree, practice = (route.path(p) for p in PATHS["normal"])
        return (
            "取得工程师资格后实际从事工程技术工作："
            f"工程博士 {doctorate.value('years')} 年以上，"
            f"或工程技术类大学本科以上 {degree.value('years')} 年以上；"
            f"或有执业资格、担任相应中级职务 {practice.value('years')} 年以上。"
        )
    if route.kind == "transfer":
        return (
            "已有其他系列高级职称，因岗位变动实际从事化工、轻纺工程专业技术工作满 "
            f"{route.value('years')} 年。"
        )
    if route.kind == "skilled":
        return (
            f"高级技师（职业技能等级一级）后满 {route.path('senior_technician').value('years')} "
            "年，或获得附件所列技能荣誉之一。"
        )
    if route.kind == "exceptional":
        early = route.value("engineer_years_without_degree") - route.value(
            "engineer_years_with_degree"
        )
        return (
            f"成绩显著、贡献突出，具备 {len(route.items)} 项破格条件中的 "
            f"{route.value('min_conditions')} 项以上（一般提前时间不超过{early}年）。"
        )
    return "；".join(p.label for p in route.paths) + "。" if route.paths else ""


HOURS = ("total", "professional", "public")
PATHS = {"normal": ("engineering_doctorate", "engineering_degree", "practice_qualification")}


def routes_html(notice: Notice, root: str) -> str:
    """Who can apply: the routes with their thresholds, from the notice's data."""
    items = "\n".join(
        f"<li><strong>{escape(route.label)}</strong>：{escape(_route_text(route))}"
        f"（{_clause_link(route.clause, root)}）</li>"
        for route in notice.routes
    )
    a = notice.condition("assessment")
    c = notice.condition("continuing_education")
    years_a = "、".join(str(y) for y in a.value("years"))
    years_c = "、".join(str(y) for y in c.value("years"))
    total, professional, public = (c.item(k).value("hours") for k in HOURS)
    common = (
        f"<p>无论哪种方式，都要：{years_a} 年年度考核均为合格及以上"
        f"（{_clause_link(a.clause, root)}）；{years_c} 年每年继续教育不少于 {total} 学时，"
        f"其中专业科目不少于 {professional} 学时、公需科目不少于 {public} 学时"
        f"（{_clause_link(c.clause, root)}）。</p>"
    )
    return f'<ul class="routes">\n{items}\n</ul>\n{common}'


def materials_html(notice: Notice, root: str) -> str:
    """What to have ready: 附件2 二.5 uploads (1)-(10) and the photo rule."""
    items = []
    for upload in notice.uploads:
        note = "（仅破格申报）" if upload.routes == ("exceptional",) else ""
        href = clause_href(upload.clause, root)
        items.append(
            f'<li><a href="{href}">{escape(upload.id)}</a> {escape(upload.text)}{note}</li>'
        )
    photo = notice.photo
    v = {name: value.value for name, value in photo.values.items()}
    formats = "/".join(f.upper() for f in v["formats"])
    photo_text = (
        f"证件照：{formats} 格式，白底，文件大于 {v['min_bytes_exclusive'] // 1024}K 且小于 "
        f"{v['max_bytes_exclusive'] // 1048576}M，大于 {v['min_width_exclusive']}×"
        f"{v['min_height_exclusive']} 像素，宽高比 {v['min_ratio']}–{v['max_ratio']}"
        f"（{_clause_link(photo.clause, root)}）。"
    )
    report = notice.self_report
    report_text = (
        f"本人述职限 {report.value('max_chars')} 字以内（{_clause_link(report.clause, root)}）。"
    )
    joined = "\n".join(items)
    return (
        f'<ul class="materials">\n{joined}\n</ul>\n'
        f'<p class="materials-notes">{photo_text}{report_text}</p>'
    )
