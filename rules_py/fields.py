"""The input fields of the eligibility contract: names, kinds and Chinese labels.

Shared by input validation (applicant.py), the form description for the self-check page
(form.py) and the HR spreadsheet columns (hr/columns.py). `route` names the kind of route
that reads a field (""  = every notice): a notice without that kind of route does not accept it.
A route module may add fields of its own (rules_py/routes/__init__.py).

One deliberate extension of the contract's input (approved, NOTES.md 2026-11-30):
`engineer_post_since` (担任工程师职务起始日期), absent = `engineer_qualified_on`; 破格 counts its
years as engineer from it.
"""

from __future__ import annotations

from typing import NamedTuple


class Field(NamedTuple):
    name: str
    kind: str  # notice | education | bool | date | honours | conditions | assessments | hours
    label: str
    help: str
    clause: str
    route: str = ""  # the kind of route that reads it; "" for every notice


FIELDS: tuple[Field, ...] = (
    Field("notice", "notice", "评审通知", "本次通知的规则，目前只有 hz-2023-chem-textile", "通知"),
    Field(
        "education",
        "education",
        "学历（学位）",
        "填写取得的每一个学历（学位）：层次、是否工程技术类、所学专业与从事专业是否一致或相近",
        "附件1 二",
    ),
    Field(
        "registered_qualification",
        "bool",
        "已取得所从事专业国家注册类资格证书",
        "有此证书的，最高学历视为本专业或相近专业",
        "附件1 二",
    ),
    Field(
        "retraining_certificate",
        "bool",
        "连续一年以上本专业脱产继续教育并取得证书或证明",
        "有此证书的，最高学历（学位）认定为本专业或相近专业",
        "附件1 二",
    ),
    Field(
        "engineer_qualified_on",
        "date",
        "取得工程师资格日期",
        "也作为担任工程师职务的起始日期",
        "附件1 二(一)2",
    ),
    Field(
        "practice_qualification",
        "bool",
        "已取得国家工程技术类相应执业资格",
        "并按规定聘任工程技术相应中级专业技术职务",
        "附件1 二(一)3",
        "normal",
    ),
    Field(
        "intermediate_appointed_on",
        "date",
        "聘任相应中级职务日期",
        "执业资格途径：担任相应中级职务的起始日期",
        "附件1 二(一)3",
        "normal",
    ),
    Field(
        "other_senior_title",
        "bool",
        "已取得其他系列高级职称",
        "转（兼）评申报",
        "附件1 二(二)",
        "transfer",
    ),
    Field(
        "field_work_since",
        "date",
        "因岗位变动从事化工、轻纺工程专业技术工作起始日期",
        "转（兼）评申报：实际从事化工、轻纺工程专业技术工作的起始日期",
        "附件1 二(二)",
        "transfer",
    ),
    Field(
        "senior_technician_on",
        "date",
        "取得高级技师职业资格或职业技能等级（一级）日期",
        "高技能人才申报",
        "附件1 二(三)1",
        "skilled",
    ),
    Field(
        "skill_honours",
        "honours",
        "高技能人才荣誉",
        "获得的荣誉（可多选），可直接申报",
        "附件1 二(三)2",
        "skilled",
    ),
    Field(
        "exceptional_conditions",
        "conditions",
        "符合的破格条件",
        "附件1 二(四) 六项条件中符合的各项（填序号 1–6）",
        "附件1 二(四)",
        "exceptional",
    ),
    Field(
        "engineer_post_since",
        "date",
        "担任工程师职务起始日期",
        "被聘任（担任）工程师职务的日期；与取得工程师资格日期相同时可不填。破格申报按此计算担任工程师职务年限",
        "附件1 二(四)",
        "exceptional",
    ),
    Field(
        "engineering_work_since",
        "date",
        "从事工程技术工作起始日期",
        "破格条件6：按大专、中专学历从事工程技术工作的年限计算",
        "附件1 二(四)6",
        "exceptional",
    ),
    Field(
        "assessments",
        "assessments",
        "近三年年度考核结果",
        "逐年填写：优秀、合格、基本合格或不合格",
        "附件1 三",
    ),
    Field(
        "continuing_education",
        "hours",
        "近三年继续教育学时",
        "逐年填写专业科目、公需科目（行业公需和一般公需）学时及合计",
        "附件1 四",
    ),
)

BY_NAME: dict[str, Field] = {f.name: f for f in FIELDS}

EDUCATION_KEYS: dict[str, str] = {
    "level": "学历层次",
    "engineering": "是否工程技术类",
    "related": "所学专业与从事专业是否一致或相近",
}

HOURS_KEYS: dict[str, str] = {
    "professional": "专业科目学时",
    "public": "公需科目学时",
    "total": "合计学时",
}
