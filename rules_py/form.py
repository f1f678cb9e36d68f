"""The self-check page's questions, made from the notice's data: what the page asks, in which
order, when each question matters, and how each answer maps onto the eligibility contract.

describe() is plain data (JSON-serialisable). The site's build renders it into the page (the
questions work before the Python runtime has booted) and hands the page's script the same data;
the script evaluates the `when` conditions, checks that every relevant question is answered and
turns the answers into the contract's input object, which rules_py.check() judges. Every number,
date, label and clause text comes from the notice-data layer (rules_py.notices); a route the
notice does not have is not asked about.

A question:
    id        the answer's name on the page (also its control's name)
    kind      choice (radios) | select | multi (checkboxes, with a "none" option) | date |
              degrees (a repeating group) | grades (one select per year) | hours (a table) |
              scores (one number per item of a published scale, 0 to the item's `max`, into one
              object {item id: score}; `items` [{id, label, max, text, clause, anchor}],
              `pass_mark` and `total_label` for the running total the page shows)
    label, hint, terms (ids of explained terms), clause, anchor
    options   [{value, label, stop?: {reason, clause, anchor}, note?, page_only?}]; `stop` ends
              the check with "本次评审不适用于您" and the reason; `note` is said when chosen
    when      the condition under which the question is asked (absent: always)
    field     the contract input field it fills (absent: a page-only answer)
    derive    for a page-only answer: [{field, value}], the answer implied by a loaded file
              that has `field` (the first that matches)
    judged    values of a multi field the contract accepts but the page judges from other
              answers (破格 condition 6, from the dates): a loaded file may hold them
Every question asked must be answered ("请回答…"), except parts marked `optional`.
A condition: {"q": id, "is": [values]} | {"q": id, "includes_any": [values]} |
    {"degree_any": {key: [values]}} | {"degree_all": {key: [values]}} | {"all": [...]} |
    {"any": [...]} | {"not": condition} | {"route_meets": [route ids]}. `route_meets` is the one
    the rules decide: it holds when rules_py.check() of the answers so far finds one of those
    routes met (the page asks its worker; until it can, the condition does not hold, so the
    question is asked). A condition looks only at questions before it. Only the answers of
    questions asked reach the contract input.
"""

from __future__ import annotations

import json
from typing import Any

from . import notices, photo, routes, scope, self_report
from .clauses import anchor
from .notices import Notice, chinese_date
from .parameters import for_notice

YES_NO = (("yes", "是"), ("no", "否"))
# The kinds of question the page renders and checks (the site's form template, questions.js).
KINDS = ("choice", "select", "multi", "date", "degrees", "grades", "hours", "scores")
PAGE_ONLY_LEVEL = "high_school"  # 高中、技校或以下: asked, never a contract degree
EARLIEST_DATE = "1940-01-01"  # a bound against mistyped years, not a value of the notice
ENGINEERING_DOCTORATE = "engineering_doctorate"
# The hours table's column names (the page's words for the notice's kinds of hours).
HOURS_COLUMNS = {"professional": "专业科目", "public": "公需科目", "total": "合计"}


def cite(entry: dict[str, Any], clause: str) -> dict[str, Any]:
    entry["clause"] = clause
    entry["anchor"] = anchor(clause)
    return entry


def yes_no() -> list[dict[str, Any]]:
    return [{"value": v, "label": label} for v, label in YES_NO]


def question(qid: str, kind: str, label: str, clause: str, **extra: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {"id": qid, "kind": kind, "label": label}
    entry.update({k: v for k, v in extra.items() if v is not None})
    return cite(entry, clause)


def is_(qid: str, *values: str) -> dict[str, Any]:
    return {"q": qid, "is": list(values)}


def step(sid: str, title: str, questions: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {"id": sid, "title": title, **extra, "questions": questions}


def number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _path(n: Notice, route: str, path: str) -> notices.Provision | None:
    if not n.has_route(route):
        return None
    return next((p for p in n.route(route).paths if p.id == path), None)


# ---- the steps ----


def engineer_step(n: Notice) -> dict[str, Any] | None:
    questions: list[dict[str, Any]] = []
    degree = _path(n, "normal", "engineering_degree")
    if degree or n.has_route("exceptional"):
        clause = degree.clause if degree else n.route("exceptional").clause
        questions += [
            question(
                "has_engineer",
                "choice",
                "您是否已取得工程师资格？",
                clause,
                terms=["engineer_qualification"],
                options=yes_no(),
                derive=[{"field": "engineer_qualified_on", "value": "yes"}],
            ),
            question(
                "engineer_qualified_on",
                "date",
                "取得工程师资格的日期",
                clause,
                hint="以资格证书上的日期为准。",
                when=is_("has_engineer", "yes"),
                field="engineer_qualified_on",
            ),
        ]
    practice = _path(n, "normal", "practice_qualification")
    if practice:
        questions += [
            question(
                "practice_qualification",
                "choice",
                "您是否已取得国家工程技术类相应执业资格，并按规定受聘担任工程技术相应的中级职务？",
                practice.clause,
                terms=["practice_qualification"],
                options=yes_no(),
                field="practice_qualification",
            ),
            question(
                "intermediate_appointed_on",
                "date",
                "受聘担任相应中级职务的日期",
                practice.clause,
                when=is_("practice_qualification", "yes"),
                field="intermediate_appointed_on",
            ),
        ]
    return step("engineer", "工程师资格和执业资格", questions) if questions else None


def titles_step(n: Notice) -> dict[str, Any] | None:
    questions: list[dict[str, Any]] = []
    if n.has_route("transfer"):
        transfer = n.route("transfer")
        questions += [
            question(
                "other_senior_title",
                "choice",
                "您是否已取得其他系列的高级职称（如高级经济师、高级会计师）？",
                transfer.clause,
                terms=["transfer"],
                options=yes_no(),
                field="other_senior_title",
            ),
            question(
                "field_work_since",
                "date",
                f"因岗位变动，您从何时起实际从事{'、'.join(n.scope.fields)}工程专业技术工作？",
                transfer.clause,
                when=is_("other_senior_title", "yes"),
                field="field_work_since",
            ),
        ]
    technician = _path(n, "skilled", "senior_technician")
    honour = _path(n, "skilled", "honour")
    if technician or honour:
        top = n.term("senior_technician").term
        skilled = n.route("skilled").label
        levels = [
            {"value": "senior_technician", "label": top},
            {
                "value": "technician",
                "label": "技师（职业技能等级二级）",
                "note": f"技师（职业技能等级二级）不能按{skilled}，须取得{top}。",
            },
            {"value": "lower", "label": "高级工（三级）及以下"},
            {"value": "none", "label": "没有职业资格或职业技能等级"},
        ]
        questions.append(
            question(
                "skill_level",
                "choice",
                "您取得的最高一级职业资格或职业技能等级是？",
                n.route("skilled").clause,
                terms=["senior_technician"],
                options=levels,
                derive=[{"field": "senior_technician_on", "value": "senior_technician"}],
            )
        )
        if technician:
            questions.append(
                question(
                    "senior_technician_on",
                    "date",
                    f"取得{top}的日期",
                    technician.clause,
                    when=is_("skill_level", "senior_technician"),
                    field="senior_technician_on",
                )
            )
        if honour:
            questions.append(
                question(
                    "skill_honours",
                    "multi",
                    "您是否获得下列荣誉？（可多选）",
                    honour.clause,
                    hint=f"获得其中之一的，可直接申报（{honour.clause}）。",
                    options=[{"value": h.id, "label": h.label} for h in honour.items],
                    none={"value": "none", "label": "以上都没有"},
                    when=is_("skill_level", "senior_technician", "technician", "lower"),
                    field="skill_honours",
                )
            )
    return step("titles", "其他系列高级职称和技能等级", questions) if questions else None


def education_step(n: Notice) -> dict[str, Any] | None:
    if not (n.has_route("normal") or n.has_route("exceptional")):
        return None
    clause = n.education.clause
    none_related = {"degree_all": {"related": ["no"]}}
    levels = [{"value": v, "label": n.education.labels[v]} for v in n.education.levels]
    levels.append({"value": PAGE_ONLY_LEVEL, "label": "高中、技校或以下", "page_only": True})
    engineering: dict[str, Any] = {
        "label": "是否属于工程技术类？",
        "terms": ["engineering_kind"],
        "when": {"not": {"level": [ENGINEERING_DOCTORATE, PAGE_ONLY_LEVEL]}},
    }
    if ENGINEERING_DOCTORATE in n.education.levels:
        engineering["implied"] = {ENGINEERING_DOCTORATE: "yes"}  # a 工程博士 is 工程技术类
    return step(
        "education",
        "学历（学位）",
        [
            question(
                "education",
                "degrees",
                "您取得的学历（学位）",
                clause,
                hint="逐个填写您取得的每一个学历（学位）。",
                terms=["required_degree"],
                options=levels,
                parts={
                    "engineering": engineering,
                    "related": {
                        "label": "所学专业与现在从事的专业是否一致或相近？",
                        "terms": ["related_major"],
                        "when": {"not": {"level": [PAGE_ONLY_LEVEL]}},
                    },
                },
                field="education",
            ),
            question(
                "registered_qualification",
                "choice",
                "您是否已取得所从事专业的国家注册类资格证书？",
                clause,
                terms=["registered_qualification"],
                hint="所学专业都与从事专业不一致也不相近的，有此证书可将最高学历视为本专业。",
                options=yes_no(),
                when=none_related,
                field="registered_qualification",
            ),
            question(
                "retraining_certificate",
                "choice",
                "您是否经连续一年以上本专业脱产继续教育，并取得证书或证明？",
                clause,
                terms=["retraining"],
                options=yes_no(),
                when={"all": [none_related, is_("registered_qualification", "no")]},
                field="retraining_certificate",
            ),
        ],
        when=is_("has_engineer", "yes"),
    )


def common_step(n: Notice, when: dict[str, Any]) -> dict[str, Any]:
    grades = n.condition("assessment")
    years = list(grades.value("years"))
    passing = [g.label for g in grades.items if g.value("passing")]
    hours = n.condition("continuing_education")
    least = {item.id: item.value("hours") for item in hours.items}
    parts = [
        {
            "id": item.id,
            "label": HOURS_COLUMNS.get(item.id, item.label),
            "minimum": item.value("hours"),
            **({"optional": True} if item.id == "total" else {}),
        }
        for item in sorted(hours.items, key=lambda i: i.id == "total")
    ]
    return step(
        "common",
        "年度考核和继续教育",
        [
            question(
                "assessments",
                "grades",
                f"近三年（{years[0]}–{years[-1]}年度）的年度考核结果",
                grades.clause,
                hint=f"每年都须为{'或'.join(passing)}（{grades.clause}）。",
                terms=["assessment"],
                years=years,
                options=[{"value": g.id, "label": g.label} for g in grades.items],
                field="assessments",
            ),
            question(
                "continuing_education",
                "hours",
                f"{'、'.join(map(str, hours.value('years')))}年的继续教育学时",
                hours.clause,
                hint=(
                    f"每年不少于{number(least['total'])}学时，"
                    f"其中{hours.item('professional').label}不少于{number(least['professional'])}，"
                    f"{hours.item('public').label}不少于{number(least['public'])}"
                    f"（{hours.clause}）。合计留空时按两项之和计算。"
                ),
                note=hours_note(n),
                terms=["continuing_education"],
                years=list(hours.value("years")),
                parts=parts,
                links=[{"name": s.name, "url": s.url} for s in n.ce_systems],
                field="continuing_education",
            ),
        ],
        when=when,
    )


def hours_note(n: Notice) -> str:
    """What the notice means for the current year's hours: they are checked when applying."""
    years = n.condition("continuing_education").value("years")
    deadline = n.date("apply_deadline")
    return (
        f"申报时核验{'、'.join(map(str, years))}年的学时证明：{years[-1]}年的学时也须在申报时"
        f"已达到要求并完成登记（{deadline.title}：{deadline.chinese}）。"
    )


def post_questions(clause: str) -> list[dict[str, Any]]:
    """担任工程师职务 is what 破格 counts; 取得工程师资格 is what 正常申报 counts. Asked apart,
    never merged silently: the post's date reaches the contract only when it is a later one."""
    return [
        question(
            "engineer_post",
            "choice",
            "您从何时起受聘担任工程师职务？",
            clause,
            hint="破格申报按担任工程师职务的年限计算，以聘书为准；正常申报按取得工程师资格后的年限计算。",
            options=[
                {"value": "same", "label": "取得工程师资格时即受聘"},
                {"value": "later", "label": "取得工程师资格之后才受聘"},
            ],
            derive=[
                {"field": "engineer_post_since", "value": "later"},
                {"field": "engineer_qualified_on", "value": "same"},
            ],
        ),
        question(
            "engineer_post_since",
            "date",
            "受聘担任工程师职务的日期",
            clause,
            when=is_("engineer_post", "later"),
            field="engineer_post_since",
        ),
    ]


def dated_levels(n: Notice, condition: notices.Provision) -> list[str]:
    """The degree levels whose years of engineering work make a condition hold (破格 condition 6:
    its values are "<level>_years"); empty for a condition that is claimed, not dated."""
    levels = [name.removesuffix("_years") for name in condition.values]
    return [level for level in levels if level in n.education.levels]


def exceptional_step(n: Notice) -> dict[str, Any] | None:
    """Last before the check of answers, and asked only when the rules do not already find
    another route that meets (`route_meets`: the page asks the rules with the answers so far)."""
    if not n.has_route("exceptional"):
        return None
    route = n.route("exceptional")
    claimed = [c for c in route.items if not dated_levels(n, c)]
    dated = [c for c in route.items if dated_levels(n, c)]
    questions = post_questions(route.clause)
    hint = "须附证明材料；是否成绩显著、贡献突出由评审委员会认定。"
    patents = next((u for u in n.uploads if "专利" in u.text), None)
    if patents:  # an applicant's first question: where do my patents go?
        hint += (
            "专利没有单列为破格条件：获奖的按下列相应奖项判断；"
            f"专利本身作为业绩材料在申报时上传（{patents.clause}）。"
        )
    questions.append(
        question(
            "exceptional_conditions",
            "multi",
            "您符合下列哪几项破格条件？（可多选）",
            route.clause,
            hint=hint,
            options=[
                cite(
                    {
                        "value": c.id,
                        "label": f"条件{c.id}：{n.clause(c.clause).text}",
                        "title": c.label,
                    },
                    c.clause,
                )
                for c in claimed
            ],
            none={"value": "none", "label": "以上都没有"},
            judged=[c.id for c in dated],
            field="exceptional_conditions",
        )
    )
    for c in dated:
        questions.append(
            question(
                "engineering_work_since",
                "date",
                "您从何时起从事工程技术工作？",
                c.clause,
                hint=f"条件{c.id}：{n.clause(c.clause).text}按您的学历和这一日期判断，无需勾选。",
                terms=["engineering_work_since"],
                when={"degree_any": {"level": dated_levels(n, c)}},
                field="engineering_work_since",
            )
        )
    others = [r.id for r in n.routes if r.id != route.id]
    when: dict[str, Any] = is_("has_engineer", "yes")
    if others:
        when = {"all": [when, {"not": {"route_meets": others}}]}
    intro = n.clause(route.clause).text
    return step("exceptional", route.label, questions, intro=intro, when=when)


def route_entries(steps: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """For each route, the answers that open it: a route none of them holds for does not apply
    to the person and is folded away in the answer (the rules still judge every route). A route
    with a step of its own (route_steps) is open to everyone who reaches that step."""
    asked = {q["id"]: q for s in steps for q in s["questions"]}
    entries: dict[str, list[dict[str, Any]]] = {}
    openers = (
        ("has_engineer", ("normal", "exceptional"), ["yes"]),
        ("practice_qualification", ("normal",), ["yes"]),
        ("other_senior_title", ("transfer",), ["yes"]),
        ("skill_level", ("skilled",), ["senior_technician"]),
    )
    for qid, opened, values in openers:
        if qid in asked:
            for route in opened:
                entries.setdefault(route, []).append(is_(qid, *values))
    if "skill_honours" in asked:
        values = [o["value"] for o in asked["skill_honours"]["options"]]
        entries.setdefault("skilled", []).append({"q": "skill_honours", "includes_any": values})
    found = {route: {"any": conditions} for route, conditions in entries.items()}
    for s in steps:
        if "route" in s:
            found[s["route"]] = {"all": []}  # always holds
    return found


def route_steps(n: Notice) -> list[dict[str, Any]]:
    """A step for each route whose module asks questions of its own (a new kind of route, e.g.
    a points route: `questions(notice, route) -> [question]` in this module's format). Like
    破格, it is asked only when the rules do not already find another route that meets; its
    intro is the clause that opens the route."""
    found = []
    for route in n.routes:
        ask = getattr(routes.module(route.kind), "questions", None)
        if ask is not None:
            asked = ask(n, route)
            for q in asked:  # a kind the page does not know would be a silent gap in the form
                if q.get("kind") not in KINDS:
                    raise ValueError(
                        f"{route.clause}: question {q.get('id')!r} of kind {q.get('kind')!r}; "
                        f"the self-check page renders {', '.join(KINDS)}"
                    )
            others = [r.id for r in n.routes if r.id != route.id]
            extra: dict[str, Any] = {"route": route.id, "intro": n.clause(route.clause).text}
            if others:
                extra["when"] = {"not": {"route_meets": others}}
            found.append(step(f"route-{route.id}", route.label, asked, **extra))
    return found


def steps(n: Notice) -> list[dict[str, Any]]:
    found = [scope.step(n), engineer_step(n), titles_step(n), education_step(n)]
    present = [s for s in found if s is not None] + route_steps(n)
    exceptional = exceptional_step(n)
    entries = route_entries([*present, *([exceptional] if exceptional else [])])
    present.append(common_step(n, {"any": list(entries.values())}))
    if exceptional:
        present.append(exceptional)
    return present


# ---- what the answer needs ----


def key_date(n: Notice, date_id: str) -> dict[str, Any]:
    d = n.date(date_id)
    return cite(
        {"id": d.id, "date": d.date.isoformat(), "text": d.chinese, "title": d.title}, d.clause
    )


def offices(n: Notice) -> dict[str, Any]:
    """The office an applicant's papers go to, by the scope question's answer (`unit`)."""
    found: dict[str, Any] = {
        o.code: {
            "name": o.name,
            "phone": o.phone_full,
            "address": o.address,
            "href": f"/directory/#office-{o.code}",
        }
        for o in n.offices.districts
    }
    found[scope.CITY] = {
        "name": f"所属{n.offices.city_departments_name}",
        "note": n.offices.city_departments_route,
        "href": "/directory/#committee",
    }
    return found


def attachment_of(n: Notice, paper: notices.PaperItem) -> str | None:
    """The attachment that is this paper form ("附件5"): the one whose title names it."""
    name = paper.name.strip("《》")
    for key, (title, _text) in n.clauses.items():
        if key[:1] == "a" and key[1:].isdigit() and name in title:
            return f"附件{key[1:]}"
    return None


def next_steps(n: Notice) -> list[dict[str, Any]]:
    """What to do after a positive answer, in order. In a text, {route} is the route's label as
    the platform offers it and {office} the applicant's office; `office` adds its contact."""
    platform = n.platform
    apply = n.date("apply_deadline")
    employer = n.date("employer_review_deadline")
    authority = n.date("authority_review_deadline")
    applicant_form = next(p for p in n.paper if p.per == "applicant")
    steps_ = [
        {
            "routes": ["all"],
            "text": (
                f"登录{platform.short_name}（{platform.name}），完善个人信息和业绩档案；"
                "业绩档案须经所在单位审核通过后才能在申报时提取。"
            ),
            "links": [{"text": platform.short_name, "href": platform.url}],
            "clause": platform.clause,
        },
        {
            "routes": ["all"],
            "text": (
                f"在{platform.short_name}选择“{n.plan}”，申报途径选“{{route}}”，"
                f"在{apply.chinese}前提交网上申报，逾期不再受理。"
            ),
            "links": [{"text": "申报流程（附件2）", "href": anchor("附件2 二")}],
            "clause": apply.clause,
        },
    ]
    for paper in (p for p in n.paper if p.route and n.has_route(p.route)):
        upload = next((u for u in n.uploads if paper.route in u.routes), None)
        form_page = attachment_of(n, paper)
        steps_.append(
            {
                "routes": [paper.route],
                "text": (
                    f"填写{paper.name}"
                    + (f"：{upload.text.removeprefix(paper.name).lstrip('，')}" if upload else "")
                    + f"；上传到{platform.short_name}，"
                    + f"资格审核通过后纸质一式{paper.copies}份随评审表报送。"
                ),
                "links": [
                    {
                        "text": f"{paper.short_name or paper.name}（{form_page}）",
                        "href": anchor(form_page),
                    }
                ]
                if form_page
                else [],
                "clause": upload.clause if upload else paper.clause,
            }
        )
    steps_ += [
        {
            "routes": ["all"],
            "text": "上传下面列出的材料。证件照是否合格、本人述职的字数，可以在本页下方检查。",
            "links": [
                {"text": "证件照检查", "href": "#sc-photo-section"},
                {"text": "本人述职字数", "href": "#sc-report-section"},
            ],
            "clause": n.uploads_clause,
        },
        {
            "routes": ["all"],
            "text": (
                f"所在单位在{employer.chinese}前完成网上审核推荐，"
                f"之后由{{office}}在{authority.chinese}前审核。"
            ),
            "office": True,
            "clause": authority.clause,
        },
        {
            "routes": ["all"],
            "text": (
                f"资格审核通过后，导出带{platform.short_name}水印的{applicant_form.name}"
                f"一式{applicant_form.copies}份，经单位盖章后报送{{office}}。"
            ),
            "office": True,
            "clause": applicant_form.clause,
        },
    ]
    for entry in steps_:
        cite(entry, entry["clause"])
    return steps_


def result_texts(n: Notice, found: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "routes": [
            {"id": r.id, "label": r.label, "platform_label": r.platform_label} for r in n.routes
        ],
        "paths": n.path_labels,
        "common_labels": {c.id: c.label for c in n.common},
        "route_entries": route_entries(found),
        "next_steps": next_steps(n),
        "offices": offices(n),
        "apply_deadline": key_date(n, "apply_deadline"),
        "closes": key_date(n, n.closes.id),
        "dates": [
            key_date(n, d)
            for d in ("apply_deadline", "employer_review_deadline", "authority_review_deadline")
        ],
        "uploads": cite({}, n.uploads_clause),
        "hours_note": hours_note(n),
        "future_caveat": "以后年度的申报条件、年限计算截止日期以当年的评审通知为准",
    }


def identity(n: Notice) -> dict[str, Any]:
    counted_to = n.counted_to.value
    return {
        "id": n.id,
        "number": n.number,
        "title": n.title,
        "evaluation": n.evaluation,
        "edition": f"{n.year}年度",
        "counted_to": counted_to.isoformat(),
        "counted_to_text": chinese_date(counted_to),
        "rules_version": n.edition,
    }


def describe(n: Notice | None = None) -> dict[str, Any]:
    n = n or notices.current()
    found = steps(n)
    return {
        "notice": identity(n),
        "earliest_date": EARLIEST_DATE,
        "steps": found,
        "terms": {t.id: cite({"term": t.term, "text": t.text}, t.clause) for t in n.terms},
        "result": result_texts(n, found),
        "photo": photo.requirements(for_notice(n.id)),
        "self_report": cite(self_report.rule(for_notice(n.id)), n.self_report.clause),
    }


def describe_json(n: Notice | None = None) -> str:
    return json.dumps(describe(n), ensure_ascii=False)
