"""Blocks of the home page generated from data/: key dates, routes, materials to have ready."""

from __future__ import annotations

from datetime import date
from html import escape
from typing import Any

from rules_py.clauses import anchor

WEEKDAYS = "一二三四五六日"


def chinese_date(day: date, with_year: bool = True) -> str:
    text = f"{day.month}月{day.day}日"
    return (f"{day.year}年" if with_year else "") + text + f"（周{WEEKDAYS[day.weekday()]}）"


def clause_href(clause: str, root: str) -> str:
    """The link to a clause from a page whose way back to the site root is `root`."""
    return root + anchor(clause).removeprefix("/")


def _clause_link(clause: str, root: str) -> str:
    return f'<a href="{clause_href(clause, root)}">{escape(clause)}</a>'


def timeline_html(notice: dict[str, Any], root: str, calendar_href: str) -> str:
    """Key dates as an ordered timeline, each citing the clause that sets it."""
    items = []
    for item in notice["dates"]:
        day: date = item["date"]
        items.append(
            f'<li class="timeline-item" id="date-{escape(item["id"])}">'
            f'<time datetime="{day.isoformat()}">{chinese_date(day)}</time>'
            f'<strong class="timeline-title">{escape(item["title"])}</strong>'
            f'<span class="timeline-detail">{escape(item["detail"])}'
            f"（{_clause_link(item['clause'], root)}）</span></li>"
        )
    joined = "\n".join(items)
    return (
        f'<ol class="timeline">\n{joined}\n</ol>\n'
        f'<p><a class="md-button" href="{calendar_href}" download>下载日历文件（.ics）</a> '
        "可导入手机或电脑日历，到期前自己设提醒。</p>"
    )


def routes_html(eligibility: dict[str, Any], root: str) -> str:
    """Who can apply: the four routes with their thresholds, from data/eligibility.toml."""
    n, t, s, e = (eligibility[k] for k in ("normal", "transfer", "skilled", "exceptional"))
    labels = eligibility["labels"]["route"]
    rows = [
        (
            labels["normal"],
            "附件1 二(一)",
            "取得工程师资格后实际从事工程技术工作："
            f"工程博士 {n['engineering_doctorate_years']} 年以上，"
            f"或工程技术类大学本科以上 {n['engineering_degree_years']} 年以上；"
            f"或有执业资格、担任相应中级职务 {n['practice_qualification_years']} 年以上。",
        ),
        (
            labels["transfer"],
            "附件1 二(二)",
            f"已有其他系列高级职称，因岗位变动实际从事化工、轻纺工程专业技术工作满 "
            f"{t['field_work_years']} 年。",
        ),
        (
            labels["skilled"],
            "附件1 二(三)",
            f"高级技师（职业技能等级一级）后满 {s['senior_technician_years']} 年，"
            "或获得附件所列技能荣誉之一。",
        ),
        (
            labels["exceptional"],
            "附件1 二(四)",
            f"成绩显著、贡献突出，具备六项破格条件中的 {e['min_conditions']} 项以上"
            "（一般提前时间不超过1年）。",
        ),
    ]
    items = "\n".join(
        f"<li><strong>{escape(name)}</strong>：{escape(text)}（{_clause_link(clause, root)}）</li>"
        for name, clause, text in rows
    )
    a = eligibility["assessment"]
    c = eligibility["continuing_education"]
    years_a = "、".join(str(y) for y in a["years"])
    years_c = "、".join(str(y) for y in c["years"])
    common = (
        f"<p>无论哪种方式，都要：{years_a} 年年度考核均为合格及以上"
        f"（{_clause_link('附件1 三', root)}）；{years_c} 年每年继续教育不少于 "
        f"{c['total_hours']} 学时，其中专业科目不少于 {c['professional_hours']} 学时、"
        f"公需科目不少于 {c['public_hours']} 学时（{_clause_link('附件1 四', root)}）。</p>"
    )
    return f'<ul class="routes">\n{items}\n</ul>\n{common}'


def materials_html(checklists: dict[str, Any], root: str) -> str:
    """What to have ready: 附件2 二.5 uploads (1)-(10) and the photo rule."""
    items = []
    for upload in checklists["uploads"]:
        note = "（仅破格申报）" if upload["routes"] == ["exceptional"] else ""
        href = clause_href(f"附件2 二.5{upload['item']}", root)
        items.append(
            f'<li><a href="{href}">{escape(upload["item"])}</a> {escape(upload["text"])}{note}</li>'
        )
    photo = checklists["photo"]
    formats = "/".join(f.upper() for f in photo["formats"])
    photo_text = (
        f"证件照：{formats} 格式，白底，文件大于 {photo['min_bytes_exclusive'] // 1024}K 且小于 "
        f"{photo['max_bytes_exclusive'] // 1048576}M，大于 {photo['min_width_exclusive']}×"
        f"{photo['min_height_exclusive']} 像素，宽高比 {photo['min_ratio']}–{photo['max_ratio']}"
        f"（{_clause_link(photo['clause'], root)}）。"
    )
    report = checklists["self_report"]
    report_text = (
        f"本人述职限 {report['max_chars']} 字以内（{_clause_link(report['clause'], root)}）。"
    )
    joined = "\n".join(items)
    return (
        f'<ul class="materials">\n{joined}\n</ul>\n'
        f'<p class="materials-notes">{photo_text}{report_text}</p>'
    )
