"""The table of eligibility cases (OpenFisca style): input, then what a user must see.

Each case: `name`, then `input` (a dict, serialised with json.dumps) or `text` (raw JSON text),
then `expect`, any of:
  eligible: bool                      routes: {route: "meets" | "does_not_meet"}
  paths: {route: path}                failed / passed: rule ids with ok false / true
  checklist: list of item numbers     advice: substrings that must appear in the advice
  common: {condition: status}         error_field: JSON path of the invalid field (exit 2)
  facts: {route or condition: {key: value}}   those keys of the result's "facts" entry
  messages: {rule: substrings}        fragments of that reason's message
  no_advice: substrings that must NOT appear in the advice
Every period counts whole years to 2023-12-31; "N 年以上" includes N.
"""

from __future__ import annotations

from typing import Any

NOTICE = "hz-2023-chem-textile"  # the notice these cases were written for
GOOD_ASSESSMENTS = {"2020": "competent", "2021": "excellent", "2022": "competent"}
GOOD_HOURS = {
    "2021": {"professional": 60, "public": 30},
    "2022": {"professional": 70, "public": 20, "total": 95},
    "2023": {"professional": 72, "public": 18},
}
BASE = {"assessments": GOOD_ASSESSMENTS, "continuing_education": GOOD_HOURS}
NORMAL_ITEMS = [f"({i})" for i in range(1, 10)]
ALL_ITEMS = [*NORMAL_ITEMS, "(10)"]

BACHELOR = {"level": "bachelor", "engineering": True, "related": True}
BACHELOR_UNRELATED = {"level": "bachelor", "engineering": True, "related": False}
ENG_DOCTORATE = {"level": "engineering_doctorate", "engineering": True, "related": True}
COLLEGE = {"level": "college", "engineering": True, "related": True}
SECONDARY = {"level": "secondary", "engineering": True, "related": True}
HONOURS = [
    "world_skills_bronze_or_above",
    "national_technical_expert",
    "national_master_studio_leader",
    "qianjiang_skills_award",
    "zhejiang_outstanding_craftsman",
    "provincial_outstanding_skill_talent",
]


def person(**fields: Any) -> dict[str, Any]:
    """An applicant who meets both common conditions, plus the given fields."""
    return {**BASE, **fields}


def hours(year: str, **values: float) -> dict[str, Any]:
    return person(continuing_education={**GOOD_HOURS, year: values})


def graded(year: str, grade: str | None) -> dict[str, Any]:
    grades = {**GOOD_ASSESSMENTS, year: grade}
    if grade is None:
        del grades[year]
    return person(assessments=grades)


def case(name: str, expect: dict[str, Any], input: Any = None, text: str | None = None):
    return {"name": name, "input": input, "text": text, "expect": expect}


NORMAL = [
    case(
        "bachelor, engineer exactly 5 years (2018-12-31)",
        {
            "eligible": True,
            "routes": {"normal": "meets", "exceptional": "does_not_meet"},
            "paths": {"normal": "engineering_degree"},
            "passed": ["engineering_degree", "engineering_degree_years"],
            "failed": ["exceptional_engineer_years"],
            "checklist": NORMAL_ITEMS,
        },
        person(education=[BACHELOR], engineer_qualified_on="2018-12-31"),
    ),
    case(
        "bachelor, engineer 4 years (2019-01-01): 2024 onwards",
        {
            "eligible": False,
            "routes": {"normal": "does_not_meet"},
            "failed": ["engineering_degree_years"],
            "passed": ["engineering_degree"],
            "checklist": [],
            # worded for a closed round too: this notice's conditions, later years (issue 16)
            "advice": ["按2023年度的条件和现有年限，2024年度起可按正常申报"],
        },
        person(education=[BACHELOR], engineer_qualified_on="2019-01-01"),
    ),
    case(
        "engineering doctorate, exactly 2 years",
        {
            "eligible": True,
            "paths": {"normal": "engineering_doctorate"},
            "passed": ["engineering_doctorate_degree", "engineering_doctorate_years"],
            "failed": ["engineering_degree_years"],
        },
        person(education=[ENG_DOCTORATE], engineer_qualified_on="2021-12-31"),
    ),
    case(
        "engineering doctorate, 1 year: 2024 onwards",
        {
            "eligible": False,
            "failed": ["engineering_doctorate_years"],
            "advice": ["2024年度起可按正常申报（工程博士"],
        },
        person(education=[ENG_DOCTORATE], engineer_qualified_on="2022-01-01"),
    ),
    case(
        "engineering doctorate and 6 years: the doctorate path is named first",
        {"eligible": True, "paths": {"normal": "engineering_doctorate"}},
        person(education=[BACHELOR, ENG_DOCTORATE], engineer_qualified_on="2017-06-30"),
    ),
    case(
        "engineering doctorate in an unrelated major does not count",
        {"eligible": False, "failed": ["engineering_doctorate_degree", "engineering_degree"]},
        person(
            education=[{"level": "engineering_doctorate", "related": False}],
            engineer_qualified_on="2020-01-01",
        ),
    ),
    case(
        "engineering master, related, 5 years",
        {"eligible": True, "paths": {"normal": "engineering_degree"}},
        person(
            education=[{"level": "master", "engineering": True, "related": True}],
            engineer_qualified_on="2018-06-01",
        ),
    ),
    case(
        "other doctorate of the engineering kind, 5 years",
        {"eligible": True, "paths": {"normal": "engineering_degree"}},
        person(
            education=[{"level": "doctorate", "engineering": True, "related": True}],
            engineer_qualified_on="2018-06-01",
        ),
    ),
    case(
        "college (大专) is below the required degree",
        {
            "eligible": False,
            "failed": ["engineering_degree"],
            "passed": ["engineering_degree_years"],
        },
        person(education=[COLLEGE], engineer_qualified_on="2010-01-01"),
    ),
    case(
        "bachelor not of the engineering kind",
        {"eligible": False, "failed": ["engineering_degree"]},
        person(
            education=[{"level": "bachelor", "engineering": False, "related": True}],
            engineer_qualified_on="2010-01-01",
        ),
    ),
    case(
        "unrelated major: 不具备规定学历, advice names the two ways out",
        {
            "eligible": False,
            "failed": ["engineering_degree"],
            "advice": ["国家注册类资格证书", "脱产继续教育"],
        },
        person(education=[BACHELOR_UNRELATED], engineer_qualified_on="2010-01-01"),
    ),
    case(
        "unrelated major with a registered qualification counts",
        {"eligible": True, "paths": {"normal": "engineering_degree"}},
        person(
            education=[BACHELOR_UNRELATED],
            registered_qualification=True,
            engineer_qualified_on="2010-01-01",
        ),
    ),
    case(
        "unrelated major with a retraining certificate counts",
        {"eligible": True, "paths": {"normal": "engineering_degree"}},
        person(
            education=[BACHELOR_UNRELATED],
            retraining_certificate=True,
            engineer_qualified_on="2010-01-01",
        ),
    ),
    case(
        "related college + unrelated engineering bachelor: the highest is taken as related",
        {"eligible": True, "paths": {"normal": "engineering_degree"}},
        person(education=[COLLEGE, BACHELOR_UNRELATED], engineer_qualified_on="2010-01-01"),
    ),
    case(
        "unrelated engineering master + related engineering bachelor",
        {"eligible": True, "paths": {"normal": "engineering_degree"}},
        person(
            education=[
                {"level": "master", "engineering": True, "related": False},
                BACHELOR,
            ],
            engineer_qualified_on="2010-01-01",
        ),
    ),
    case(
        "related non-engineering master + unrelated engineering bachelor: no 规定学历",
        {"eligible": False, "failed": ["engineering_degree"]},
        person(
            education=[
                {"level": "master", "engineering": False, "related": True},
                BACHELOR_UNRELATED,
            ],
            engineer_qualified_on="2010-01-01",
        ),
    ),
    case(
        "执业资格 and intermediate post exactly 5 years",
        {
            "eligible": True,
            "paths": {"normal": "practice_qualification"},
            "passed": ["practice_qualification", "practice_qualification_years"],
        },
        person(practice_qualification=True, intermediate_appointed_on="2018-12-31"),
    ),
    case(
        "执业资格 and intermediate post 4 years",
        {
            "eligible": False,
            "failed": ["practice_qualification_years"],
            "advice": ["2024年度起可按正常申报（执业资格"],
        },
        person(practice_qualification=True, intermediate_appointed_on="2019-01-01"),
    ),
    case(
        "no 执业资格",
        {"eligible": False, "failed": ["practice_qualification"]},
        person(practice_qualification=False, intermediate_appointed_on="2010-01-01"),
    ),
]

TRANSFER = [
    case(
        "other senior title, field work exactly 1 year",
        {
            "eligible": True,
            "routes": {"transfer": "meets", "normal": "does_not_meet"},
            "passed": ["other_senior_title", "field_work_years"],
            "checklist": NORMAL_ITEMS,
        },
        person(other_senior_title=True, field_work_since="2022-12-31"),
    ),
    case(
        "other senior title, field work under 1 year: 2024 onwards",
        {
            "eligible": False,
            "failed": ["field_work_years"],
            "advice": ["2024年度起可按转（兼）评申报"],
        },
        person(other_senior_title=True, field_work_since="2023-01-01"),
    ),
    case(
        "no other senior title",
        {"eligible": False, "failed": ["other_senior_title"], "passed": ["field_work_years"]},
        person(other_senior_title=False, field_work_since="2015-01-01"),
    ),
    case(
        "a start date after the cut-off counts no years and says so",
        {
            "eligible": False,
            "failed": ["field_work_years"],
            "messages": {"field_work_years": ["晚于年限计算截止日2023年12月31日", "请核对"]},
            "advice": ["（2024年3月1日）晚于年限计算截止日"],
            "no_advice": ["2025年度起"],
            "facts": {"transfer": {"after_cutoff": True, "years": None, "possible_from": None}},
        },
        person(other_senior_title=True, field_work_since="2024-03-01"),
    ),
]

SKILLED = [
    case(
        "senior technician exactly 4 years",
        {
            "eligible": True,
            "routes": {"skilled": "meets"},
            "paths": {"skilled": "senior_technician"},
            "passed": ["senior_technician_years"],
            "failed": ["skill_honour"],
        },
        person(senior_technician_on="2019-12-31"),
    ),
    case(
        "senior technician 3 years: 2024 onwards",
        {
            "eligible": False,
            "failed": ["senior_technician_years"],
            "advice": ["2024年度起可按高技能人才申报"],
        },
        person(senior_technician_on="2020-01-01"),
    ),
    *[
        case(
            f"honour {honour}: may apply directly",
            {"eligible": True, "paths": {"skilled": "honour"}, "passed": ["skill_honour"]},
            person(skill_honours=[honour]),
        )
        for honour in HONOURS
    ],
    case(
        "senior technician and an honour: the technician path is named first",
        {"eligible": True, "paths": {"skilled": "senior_technician"}},
        person(senior_technician_on="2010-01-01", skill_honours=HONOURS[:2]),
    ),
]

EXCEPTIONAL = [
    case(
        "no required degree, engineer exactly 5 years, 3 conditions",
        {
            "eligible": True,
            "routes": {"exceptional": "meets", "normal": "does_not_meet"},
            "passed": [
                "exceptional_condition_count",
                "exceptional_engineer_years",
                "exceptional_merit_review",
            ],
            "checklist": ALL_ITEMS,
            "advice": ["审批表》一式2份"],
        },
        person(
            education=[COLLEGE],
            engineer_qualified_on="2018-12-31",
            exceptional_conditions=[1, 2, 3],
        ),
    ),
    case(
        "no required degree, engineer 4 years",
        {
            "eligible": False,
            "failed": ["exceptional_engineer_years"],
            "advice": ["2024年度起可按破格申报"],
        },
        person(
            education=[COLLEGE],
            engineer_qualified_on="2019-01-01",
            exceptional_conditions=[1, 2, 3],
        ),
    ),
    case(
        "two conditions only: says how many more",
        {
            "eligible": False,
            "failed": ["exceptional_condition_count", "exceptional_condition_3"],
            "passed": ["exceptional_condition_4", "exceptional_condition_5"],
            "advice": ["还需再符合1项破格条件"],
        },
        person(
            education=[COLLEGE], engineer_qualified_on="2010-01-01", exceptional_conditions=[4, 5]
        ),
    ),
    case(
        "the same condition twice counts once",
        {"eligible": False, "failed": ["exceptional_condition_count"]},
        person(
            education=[COLLEGE],
            engineer_qualified_on="2010-01-01",
            exceptional_conditions=[1, 1, 2],
        ),
    ),
    case(
        "condition 6 claimed",
        {"eligible": True, "passed": ["exceptional_condition_6"]},
        person(
            education=[COLLEGE],
            engineer_qualified_on="2010-01-01",
            exceptional_conditions=[1, 2, 6],
        ),
    ),
    case(
        "condition 6 from a related 大专 and exactly 20 years of engineering work",
        {"eligible": True, "passed": ["exceptional_condition_6", "exceptional_condition_count"]},
        person(
            education=[COLLEGE],
            engineer_qualified_on="2010-01-01",
            engineering_work_since="2003-12-31",
            exceptional_conditions=[1, 2],
        ),
    ),
    case(
        "大专 and 19 years of engineering work: no condition 6",
        {"eligible": False, "failed": ["exceptional_condition_6"]},
        person(
            education=[COLLEGE],
            engineer_qualified_on="2010-01-01",
            engineering_work_since="2004-01-01",
            exceptional_conditions=[1, 2],
        ),
    ),
    case(
        "condition 6 from a related 中专 and exactly 25 years",
        {"eligible": True, "passed": ["exceptional_condition_6"]},
        person(
            education=[SECONDARY],
            engineer_qualified_on="2010-01-01",
            engineering_work_since="1998-12-31",
            exceptional_conditions=[1, 2],
        ),
    ),
    case(
        "中专 and 24 years: no condition 6",
        {"eligible": False, "failed": ["exceptional_condition_6"]},
        person(
            education=[SECONDARY],
            engineer_qualified_on="2010-01-01",
            engineering_work_since="1999-01-01",
            exceptional_conditions=[1, 2],
        ),
    ),
    case(
        "unrelated 大专 and 30 years: no condition 6",
        {"eligible": False, "failed": ["exceptional_condition_6"]},
        person(
            education=[{"level": "college", "engineering": True, "related": False}],
            engineer_qualified_on="2010-01-01",
            engineering_work_since="1990-01-01",
            exceptional_conditions=[1, 2],
        ),
    ),
    case(
        "required degree, engineer exactly 4 years: 1-year advance",
        {
            "eligible": True,
            "routes": {"exceptional": "meets", "normal": "does_not_meet"},
            "passed": ["exceptional_engineer_years"],
            "checklist": ALL_ITEMS,
        },
        person(
            education=[BACHELOR],
            engineer_qualified_on="2019-12-31",
            exceptional_conditions=[1, 2, 3],
        ),
    ),
    case(
        "required degree, engineer 3 years: advance is at most 1 year",
        {
            "eligible": False,
            "failed": ["exceptional_engineer_years"],
            "advice": ["2024年度起可按破格申报", "2025年度起可按正常申报"],
        },
        person(
            education=[BACHELOR],
            engineer_qualified_on="2020-01-01",
            exceptional_conditions=[1, 2, 3],
        ),
    ),
    case(
        "required degree and 5 years: normal, not 破格; no 审批表",
        {
            "eligible": True,
            "routes": {"normal": "meets", "exceptional": "does_not_meet"},
            "failed": ["exceptional_engineer_years"],
            "checklist": NORMAL_ITEMS,
        },
        person(
            education=[BACHELOR],
            engineer_qualified_on="2018-12-31",
            exceptional_conditions=[1, 2, 3],
        ),
    ),
    case(
        "engineering doctorate 4 years and 3 conditions: both routes, 破格 not needed",
        {
            "eligible": True,
            "routes": {"normal": "meets", "exceptional": "meets"},
            "checklist": ALL_ITEMS,
            "advice": ["一般无需破格申报"],
        },
        person(
            education=[ENG_DOCTORATE],
            engineer_qualified_on="2019-06-01",
            exceptional_conditions=[1, 2, 3],
        ),
    ),
    case(
        "破格 without the engineer date",
        {"eligible": False, "failed": ["exceptional_engineer_years"]},
        person(education=[COLLEGE], exceptional_conditions=[1, 2, 3, 4, 5, 6]),
    ),
]

# Issue 11: condition 6 is a fact of the dates (contract, 破格), and dates after the counting date.
CONDITION_6 = [
    case(
        "the false 符合 of issue 11: 大专, 破格 1, 5, 6 claimed, 13 years of engineering work",
        {
            "eligible": False,
            "routes": {"exceptional": "does_not_meet"},
            "failed": ["exceptional_condition_6", "exceptional_condition_count"],
            "passed": ["exceptional_condition_1", "exceptional_condition_5"],
            "messages": {
                "exceptional_condition_6": ["本人申明，但", "满13年", "要求20年以上", "不计入"],
                "exceptional_condition_count": ["符合破格条件2项（第1、5项）"],
            },
            "advice": ["还需再符合1项破格条件"],
            "facts": {
                "exceptional": {
                    "count": {"counted": 2, "needed": 3},
                    "committee": [
                        "exceptional_merit_review",
                        "exceptional_condition_1",
                        "exceptional_condition_5",
                    ],
                }
            },
            "conditions": {1: ("claimed", True), 5: ("claimed", True), 6: ("dates_short", False)},
        },
        person(
            education=[COLLEGE],
            engineer_qualified_on="2016-06-01",
            exceptional_conditions=[1, 5, 6],
            engineering_work_since="2010-07-01",
        ),
    ),
    case(
        "大专, no 执业资格: no path of 正常申报 is closer than another (none named)",
        {
            "eligible": False,
            "facts": {
                "normal": {
                    "path": None,
                    "rules": [
                        "engineering_doctorate_degree",
                        "engineering_degree",
                        "practice_qualification",
                    ],
                    "years": None,
                    "possible_from": None,
                    "missing": [],
                }
            },
        },
        person(
            education=[COLLEGE], engineer_qualified_on="2016-06-01", practice_qualification=False
        ),
    ),
    case(
        "issue 11's case on the page: 6 not ticked (the page judges it from the dates), 13 years",
        {
            "eligible": False,
            "failed": ["exceptional_condition_6", "exceptional_condition_count"],
            "messages": {
                "exceptional_condition_6": ["大专学历自2010年7月1日", "满13年", "要求20年以上"],
            },
            "conditions": {6: ("dates_short", False), 2: ("not_claimed", False)},
        },
        person(
            education=[COLLEGE],
            engineer_qualified_on="2016-06-01",
            exceptional_conditions=[1, 5],
            engineering_work_since="2010-07-01",
        ),
    ),
    case(
        "condition 6 claimed without the date: counts as self-declared, unverified",
        {
            "eligible": True,
            "passed": ["exceptional_condition_6"],
            "messages": {"exceptional_condition_6": ["本人申明", "年限未经核对"]},
            "conditions": {6: ("unverified", True)},
            "facts": {"exceptional": {"missing": ["engineering_work_since"]}},
        },
        person(
            education=[COLLEGE],
            engineer_qualified_on="2016-06-01",
            exceptional_conditions=[1, 5, 6],
        ),
    ),
    case(
        "condition 6 claimed and borne out by the dates (大专, exactly 20 years)",
        {
            "eligible": True,
            "passed": ["exceptional_condition_6"],
            "conditions": {6: ("dates", True)},
            "facts": {
                "exceptional": {
                    "committee": [
                        "exceptional_merit_review",
                        "exceptional_condition_1",
                        "exceptional_condition_2",
                    ]
                }
            },
        },
        person(
            education=[COLLEGE],
            engineer_qualified_on="2016-06-01",
            exceptional_conditions=[1, 2, 6],
            engineering_work_since="2003-12-31",
        ),
    ),
    case(
        "condition 6 claimed with a bachelor's degree: no 大专 or 中专, does not count",
        {
            "eligible": False,
            "failed": ["exceptional_condition_6"],
            "messages": {"exceptional_condition_6": ["未具有本专业大专或中专学历", "不计入"]},
            "conditions": {6: ("dates_short", False)},
        },
        person(
            education=[{"level": "bachelor", "engineering": False, "related": True}],
            engineer_qualified_on="2016-06-01",
            exceptional_conditions=[1, 2, 6],
            engineering_work_since="1990-01-01",
        ),
    ),
    case(
        "condition 6 claimed, 中专 with 24 years: does not count",
        {
            "eligible": False,
            "failed": ["exceptional_condition_6", "exceptional_condition_count"],
            "messages": {"exceptional_condition_6": ["中专", "满24年", "要求25年以上"]},
            "conditions": {6: ("dates_short", False)},
        },
        person(
            education=[SECONDARY],
            engineer_qualified_on="2016-06-01",
            exceptional_conditions=[1, 2, 6],
            engineering_work_since="1999-01-01",
        ),
    ),
    case(
        "condition 6 not claimed, 大专 with 13 years: the dates say why it does not count",
        {
            "failed": ["exceptional_condition_6"],
            "messages": {"exceptional_condition_6": ["大专", "满13年", "要求20年以上"]},
            "conditions": {6: ("dates_short", False)},
        },
        person(
            education=[COLLEGE],
            engineer_qualified_on="2016-06-01",
            exceptional_conditions=[1, 5],
            engineering_work_since="2010-07-01",
        ),
    ),
    case(
        "condition 6 not claimed with a bachelor's degree and a work start: not a condition here",
        {
            "messages": {"exceptional_condition_6": ["未申明"]},
            "conditions": {6: ("not_claimed", False)},
        },
        person(
            education=[BACHELOR],
            engineer_qualified_on="2016-06-01",
            exceptional_conditions=[1, 5],
            engineering_work_since="1990-01-01",
        ),
    ),
    case(
        "condition 6 claimed with a work start after the counting date: does not count",
        {
            "eligible": False,
            "failed": ["exceptional_condition_6"],
            "messages": {"exceptional_condition_6": ["晚于年限计算截止日", "不计入"]},
            "conditions": {6: ("dates_short", False)},
        },
        person(
            education=[COLLEGE],
            engineer_qualified_on="2016-06-01",
            exceptional_conditions=[1, 2, 6],
            engineering_work_since="2024-01-01",
        ),
    ),
    case(
        "condition 6 not claimed but shown by the dates (中专, 30 years)",
        {
            "eligible": True,
            "passed": ["exceptional_condition_6", "exceptional_condition_count"],
            "conditions": {6: ("dates", True), 3: ("not_claimed", False)},
        },
        person(
            education=[SECONDARY],
            engineer_qualified_on="2016-06-01",
            exceptional_conditions=[1, 2],
            engineering_work_since="1993-07-01",
        ),
    ),
]

LATE_DATES = [
    case(
        "工程师 from 2024-03-01: after the counting date, no 满0年 and no 2029年度起",
        {
            "eligible": False,
            "failed": ["engineering_degree_years"],
            "passed": ["engineering_degree"],
            "messages": {
                "engineering_degree_years": ["取得工程师资格日期2024年3月1日晚于年限计算截止日"]
            },
            "advice": ["所填取得工程师资格日期（2024年3月1日）晚于年限计算截止日2023年12月31日"],
            "no_advice": ["2029年度起", "满0年"],
            "facts": {"normal": {"after_cutoff": True, "since": "2024-03-01", "years": None}},
        },
        person(education=[BACHELOR], engineer_qualified_on="2024-03-01"),
    ),
    case(
        "a date far in the future is treated the same",
        {
            "eligible": False,
            "messages": {"senior_technician_years": ["2031年1月1日晚于年限计算截止日"]},
            "advice": ["晚于年限计算截止日"],
            "no_advice": ["2035年度起"],
        },
        person(senior_technician_on="2031-01-01"),
    ),
    case(
        "the counting date itself counts (a qualification on 2023-12-31 is 0 years, not late)",
        {
            "eligible": False,
            "messages": {"engineering_doctorate_years": ["满0年"]},
            "advice": ["2025年度起可按正常申报"],
            "facts": {"normal": {"path": "engineering_doctorate", "possible_from": 2025}},
        },
        person(education=[ENG_DOCTORATE], engineer_qualified_on="2023-12-31"),
    ),
    case(
        "破格 window: a post as engineer after the counting date",
        {
            "eligible": False,
            "failed": ["exceptional_engineer_years"],
            "messages": {"exceptional_engineer_years": ["晚于年限计算截止日"]},
        },
        person(
            education=[COLLEGE],
            engineer_qualified_on="2024-02-01",
            exceptional_conditions=[1, 2, 3],
        ),
    ),
]

# The approved extension engineer_post_since (担任工程师职务起始日期): 破格 counts from it.
POST_SINCE = [
    case(
        "破格 counts years as engineer from the post, not the qualification",
        {
            "eligible": False,
            "failed": ["exceptional_engineer_years"],
            "messages": {"exceptional_engineer_years": ["担任工程师职务满4年"]},
            "facts": {"exceptional": {"since_field": "engineer_post_since", "years": 4}},
        },
        person(
            education=[COLLEGE],
            engineer_qualified_on="2017-06-01",
            engineer_post_since="2019-06-01",
            exceptional_conditions=[1, 2, 3],
        ),
    ),
    case(
        "the post date does not move the normal route, which counts from the qualification",
        {
            "eligible": True,
            "paths": {"normal": "engineering_degree"},
            "facts": {"normal": {"since_field": "engineer_qualified_on", "years": 6}},
        },
        person(
            education=[BACHELOR],
            engineer_qualified_on="2017-06-01",
            engineer_post_since="2020-06-01",
        ),
    ),
]

COMMON = [
    case(
        "basic (基本合格) in 2021: not eligible, no checklist",
        {
            "eligible": False,
            "routes": {"skilled": "meets"},
            "common": {"assessment": "does_not_meet", "continuing_education": "meets"},
            "failed": ["assessment_2021"],
            "passed": ["assessment_2020", "assessment_2022"],
            "checklist": [],
            "advice": ["合格（含）以上"],
        },
        {**graded("2021", "basic"), "senior_technician_on": "2010-01-01"},
    ),
    case(
        "incompetent in 2020",
        {"eligible": False, "failed": ["assessment_2020"]},
        {**graded("2020", "incompetent"), "senior_technician_on": "2010-01-01"},
    ),
    case(
        "2022 assessment missing",
        {"eligible": False, "failed": ["assessment_2022"]},
        {**graded("2022", None), "senior_technician_on": "2010-01-01"},
    ),
    case(
        "an extra earlier year is ignored",
        {"eligible": True},
        {
            **person(assessments={**GOOD_ASSESSMENTS, "2019": "incompetent"}),
            "senior_technician_on": "2010-01-01",
        },
    ),
    case(
        "hours exactly 90 / 60 / 18",
        {"eligible": True, "passed": ["continuing_education_2021_total"]},
        {
            **hours("2021", professional=60, public=18, total=90),
            "senior_technician_on": "2010-01-01",
        },
    ),
    case(
        "total 89",
        {
            "eligible": False,
            "common": {"continuing_education": "does_not_meet"},
            "failed": ["continuing_education_2021_total"],
            "passed": ["continuing_education_2021_professional"],
            "advice": ["继续教育"],
        },
        {
            **hours("2021", professional=60, public=18, total=89),
            "senior_technician_on": "2010-01-01",
        },
    ),
    case(
        "professional 59.5",
        {"eligible": False, "failed": ["continuing_education_2022_professional"]},
        {
            **hours("2022", professional=59.5, public=40, total=99.5),
            "senior_technician_on": "2010-01-01",
        },
    ),
    case(
        "public 17",
        {"eligible": False, "failed": ["continuing_education_2023_public"]},
        {
            **hours("2023", professional=80, public=17),
            "senior_technician_on": "2010-01-01",
        },
    ),
    case(
        "total defaults to professional + public (60.5 + 29.5)",
        {"eligible": True, "passed": ["continuing_education_2023_total"]},
        {**hours("2023", professional=60.5, public=29.5), "senior_technician_on": "2010-01-01"},
    ),
    case(
        "2023 hours missing",
        {"eligible": False, "failed": ["continuing_education_2023_total"]},
        {
            "assessments": GOOD_ASSESSMENTS,
            "continuing_education": {k: v for k, v in GOOD_HOURS.items() if k != "2023"},
            "senior_technician_on": "2010-01-01",
        },
    ),
    case(
        "only a total given: the categories are missing",
        {"eligible": False, "failed": ["continuing_education_2021_professional"]},
        {**hours("2021", total=120), "senior_technician_on": "2010-01-01"},
    ),
]

MISSING = [
    case(
        "empty object: valid, nothing met, says what is missing",
        {
            "eligible": False,
            "routes": {
                "normal": "does_not_meet",
                "transfer": "does_not_meet",
                "skilled": "does_not_meet",
                "exceptional": "does_not_meet",
            },
            "failed": ["engineering_degree", "assessment_2020", "continuing_education_2021_total"],
            "checklist": [],
            "advice": ["暂无符合的申报途径"],
        },
        {},
    ),
    case(
        "null means not provided",
        {"eligible": False, "failed": ["engineering_degree_years"]},
        person(education=[BACHELOR], engineer_qualified_on=None, skill_honours=None),
    ),
    case(
        "explicit notice id",
        {"eligible": True},
        person(notice="hz-2023-chem-textile", skill_honours=[HONOURS[0]]),
    ),
]

INVALID = [
    case("unknown field", {"error_field": "name"}, person(name="张三")),
    case(
        "unknown degree level",
        {"error_field": "education[0].level"},
        {"education": [{"level": "phd"}]},
    ),
    case(
        "degree without level",
        {"error_field": "education[0].level"},
        {"education": [{"related": True}]},
    ),
    case(
        "unknown key in a degree",
        {"error_field": "education[1].major"},
        {"education": [BACHELOR, {"level": "master", "major": "化工"}]},
    ),
    case("education not a list", {"error_field": "education"}, {"education": BACHELOR}),
    case("degree not an object", {"error_field": "education[0]"}, {"education": ["bachelor"]}),
    case(
        "related as a string",
        {"error_field": "education[0].related"},
        {"education": [{"level": "bachelor", "related": "yes"}]},
    ),
    case("unknown honour", {"error_field": "skill_honours[0]"}, {"skill_honours": ["gold_medal"]}),
    case("honours not a list", {"error_field": "skill_honours"}, {"skill_honours": HONOURS[0]}),
    case(
        "unknown assessment grade",
        {"error_field": "assessments.2020"},
        {"assessments": {"2020": "good"}},
    ),
    case(
        "assessment year not a year",
        {"error_field": "assessments.2020年"},
        {"assessments": {"2020年": "competent"}},
    ),
    case(
        "malformed date 2023-02-30",
        {"error_field": "engineer_qualified_on"},
        {"engineer_qualified_on": "2023-02-30"},
    ),
    case(
        "date with slashes", {"error_field": "field_work_since"}, {"field_work_since": "2018/12/31"}
    ),
    case(
        "date as a number",
        {"error_field": "senior_technician_on"},
        {"senior_technician_on": 20181231},
    ),
    case(
        "date without zero padding",
        {"error_field": "intermediate_appointed_on"},
        {"intermediate_appointed_on": "2018-1-5"},
    ),
    case(
        "negative hours",
        {"error_field": "continuing_education.2021.public"},
        {"continuing_education": {"2021": {"public": -1}}},
    ),
    case(
        "hours as text",
        {"error_field": "continuing_education.2022.professional"},
        {"continuing_education": {"2022": {"professional": "60"}}},
    ),
    case(
        "hours as a boolean",
        {"error_field": "continuing_education.2023.total"},
        {"continuing_education": {"2023": {"total": True}}},
    ),
    case(
        "unknown hours key",
        {"error_field": "continuing_education.2021.extra"},
        {"continuing_education": {"2021": {"extra": 1}}},
    ),
    case(
        "hours year not an object",
        {"error_field": "continuing_education.2021"},
        {"continuing_education": {"2021": 90}},
    ),
    case(
        "破格 condition 7",
        {"error_field": "exceptional_conditions[0]"},
        {"exceptional_conditions": [7]},
    ),
    case(
        "破格 condition 0",
        {"error_field": "exceptional_conditions[1]"},
        {"exceptional_conditions": [1, 0]},
    ),
    case(
        "破格 condition as text",
        {"error_field": "exceptional_conditions[0]"},
        {"exceptional_conditions": ["1"]},
    ),
    case(
        "破格 condition as boolean",
        {"error_field": "exceptional_conditions[0]"},
        {"exceptional_conditions": [True]},
    ),
    case(
        "破格 condition 1.5",
        {"error_field": "exceptional_conditions[0]"},
        {"exceptional_conditions": [1.5]},
    ),
    case("boolean as 1", {"error_field": "other_senior_title"}, {"other_senior_title": 1}),
    case("another notice", {"error_field": "notice"}, {"notice": "hz-2024-chem-textile"}),
    case("top level is a list", {"error_field": "$"}, [BASE]),
    case("not JSON", {"error_field": "$"}, text="{engineer_qualified_on: 2018-12-31}"),
    case("empty input", {"error_field": "$"}, text=""),
    case(
        "NaN hours", {"error_field": "$"}, text='{"continuing_education": {"2021": {"total": NaN}}}'
    ),
    case(
        "duplicate key",
        {"error_field": "engineer_qualified_on"},
        text='{"engineer_qualified_on": "2018-12-31", "engineer_qualified_on": "2019-01-01"}',
    ),
]

CASES: list[dict[str, Any]] = [
    *NORMAL,
    *TRANSFER,
    *SKILLED,
    *EXCEPTIONAL,
    *CONDITION_6,
    *LATE_DATES,
    *POST_SINCE,
    *COMMON,
    *MISSING,
    *INVALID,
]


def case_text(c: dict[str, Any]) -> str:
    """The JSON text a user would submit for the case."""
    import json

    return c["text"] if c["text"] is not None else json.dumps(c["input"], ensure_ascii=False)
