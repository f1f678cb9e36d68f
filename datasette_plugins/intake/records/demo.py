"""Invented, realistic-looking demo data: units and people that do not exist.

身份证号 are well-formed (GB 11643 check character, plausible birth dates and area codes) but
generated at random; names are drawn from common surname/given-name characters.
"""

from __future__ import annotations

import random
import sqlite3
from datetime import date, datetime, timedelta

from ..domain import fields
from ..domain.copies import ApplicantCopies, check_copies, paper
from ..domain.datafiles import notice
from ..domain.idcards import invent_id_number
from ..domain.ids import KIND_APPLICANT, KIND_BATCH, KIND_UNIT, new_id
from ..domain.offices import load_offices
from ..schema.actor import acting_as
from ..schema.connection import transaction
from ..schema.registers import register_office
from .store import set_batch_status

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹"
    "彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁沈任姚卢傅钟姜崔谭廖范汪陆"
    "金石戴贾韦夏邱方侯邹熊孟秦白江阎薛尹段雷黎史龙陶贺顾毛郝龚邵"
    "万钱严覃武洪"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红建文辉"
    "力鹏飞斌宇浩凯健俊帆帅旭宁颖晨琳婷雪慧佳欣怡悦蕾瑶晶莉倩燕云"
    "峰鑫波亮坤锋海彬志毅诚"
)
PLACES = (
    "华信 恒远 新锦 钱江 之江 运河 天目 西溪 湖畔 "
    "远东 宏达 永盛 卓越 金桥 清源 瑞丰 安泰 富春 "
    "新安 千岛 东方 明珠 汇通 益民"
).split()
TRADES = "化纤 纺织 丝绸 印染 化工 新材料 轻工机械 日化 涂料 服饰 染整 包装材料".split()
FORMS = "有限公司 股份有限公司 科技有限公司 集团有限公司".split()
SPECIALTIES = (
    "化学工程 高分子材料 纺织工程 丝绸工程 染整工程 轻化工程 化工工艺 服装工程 造纸工程 日用化学"
).split()
HANGZHOU_AREAS = [code for code in load_offices() if code != "330100"]
OTHER_AREAS = ["330203", "330302", "330402", "330502", "330602", "330702", "331002", "340102"]
# How often each route is drawn (a route of the notice not named here: 10).
ROUTE_WEIGHTS = {"normal": 75, "transfer": 7, "skilled": 8}


def _routes() -> tuple[list[str], list[int]]:
    routes = list(fields.ROUTES)
    return routes, [ROUTE_WEIGHTS.get(r, 10) for r in routes]


def _first_day() -> datetime:
    """Paper comes in from the day after the online applications close (8:30)."""
    deadline = notice().date("apply_deadline").date
    return datetime.combine(deadline + timedelta(days=1), datetime.min.time()).replace(
        hour=8, minute=30
    )


def _unit_names(rng: random.Random, count: int) -> list[str]:
    names: set[str] = set()
    while len(names) < count:
        names.add(f"杭州{rng.choice(PLACES)}{rng.choice(TRADES)}{rng.choice(FORMS)}")
        if len(names) >= len(PLACES) * len(TRADES) * len(FORMS):
            break
    return sorted(names)


def _person(rng: random.Random, office: str) -> tuple[str, str]:
    name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
    area = office if office in HANGZHOU_AREAS and rng.random() < 0.6 else None
    area = area or rng.choice(HANGZHOU_AREAS if rng.random() < 0.8 else OTHER_AREAS)
    born = date(1963, 1, 1) + timedelta(days=rng.randrange(0, 365 * 30))
    return name, invent_id_number(rng, area, born, female=rng.random() < 0.4)


def fill_demo(
    conn: sqlite3.Connection, applicants: int, seed: int = 2023, actor: str = "demo"
) -> int:
    """Add `applicants` invented people in batches of their units; return the number of batches."""
    office = register_office(conn)
    if office is None:
        raise ValueError("这不是一个已初始化的受理登记簿（请先运行 datasette intake init）")
    rng = random.Random(seed)
    items = {item.id: item.copies for item in paper().items}
    unit_count = max(3, min(applicants // 15, len(PLACES) * len(TRADES) * len(FORMS)))
    existing = {row[0] for row in conn.execute("SELECT name FROM units")}
    units = [n for n in _unit_names(rng, unit_count) if n not in existing]
    batches = 0
    with acting_as(actor), transaction(conn):
        unit_ids = []
        for name in units:
            unit_id = new_id(office, KIND_UNIT)
            conn.execute(
                "INSERT INTO units (id, office, name) VALUES (?, ?, ?)", (unit_id, office, name)
            )
            unit_ids.append(unit_id)
        if not unit_ids:
            unit_ids = [row[0] for row in conn.execute("SELECT id FROM units")]
        left = applicants
        while left > 0:
            size = min(left, rng.choice((1, 2, 3, 4, 5, 6, 8, 10, 12, 15)))
            left -= size
            batches += 1
            _demo_batch(conn, rng, office, rng.choice(unit_ids), size, items, actor)
    return batches


def _demo_batch(
    conn: sqlite3.Connection,
    rng: random.Random,
    office: str,
    unit_id: str,
    size: int,
    items: dict[str, int],
    actor: str,
) -> None:
    batch_id = new_id(office, KIND_BATCH)
    first_day = _first_day()
    received = first_day + timedelta(minutes=rng.randrange(0, 25 * 24 * 60))
    sloppy = rng.random() < 0.2
    mandate = items["mandate"] if not sloppy or rng.random() < 0.5 else 0
    roster = items["roster"]
    people = []
    seen: set[str] = set()
    for position in range(1, size + 1):
        name, number = _person(rng, office)
        while number in seen:
            name, number = _person(rng, office)
        seen.add(number)
        route = rng.choices(*_routes())[0]
        review = items["review_form"] - (1 if sloppy and rng.random() < 0.3 else 0)
        extra = paper().route_copies(route)
        if rng.random() < 0.03:
            review += 1
        people.append((position, name, number, route, review, extra))
    check = check_copies(
        mandate, roster, [ApplicantCopies(p[0], p[1], p[3], p[4], p[5]) for p in people]
    )
    stamp = received.isoformat(timespec="seconds") + "+08:00"
    # As a clerk would: the batch is received, its paper counted, then forwarded or returned
    # (each step through the register's rules and audit).
    conn.execute(
        "INSERT INTO batches (id, office, unit_id, received_at, clerk, mandate_copies,"
        " roster_copies) VALUES (?,?,?,?,?,?,?)",
        (batch_id, office, unit_id, stamp, actor, mandate, roster),
    )
    rows = []
    for position, name, number, route, review, extra in people:
        rows.append(
            (new_id(office, KIND_APPLICANT), office, batch_id, unit_id, name, number,
             rng.choice(SPECIALTIES), route, fields.route_flag(route), position, review, extra,
             "complete" if check.applicant_complete(position) else "incomplete")
        )  # fmt: skip
    conn.executemany(
        "INSERT INTO applicants (id, office, batch_id, unit_id, name, id_number, specialty, route,"
        " exceptional, roster_position, review_form_copies, exceptional_form_copies)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        [row[:-1] for row in rows],
    )
    conn.executemany(
        "UPDATE applicants SET status = ? WHERE id = ?", [(row[-1], row[0]) for row in rows]
    )
    status = "complete" if check.complete else "incomplete"
    conn.execute(
        "UPDATE batches SET status = ?, status_by = ?, status_at = ? WHERE id = ?",
        (status, actor, stamp, batch_id),
    )
    if status == "complete" and received < first_day + timedelta(days=15) and rng.random() < 0.7:
        set_batch_status(conn, actor, batch_id, "forwarded")
    elif status == "incomplete" and rng.random() < 0.3:
        set_batch_status(conn, actor, batch_id, "returned", "材料不齐，请补齐后重新报送")
