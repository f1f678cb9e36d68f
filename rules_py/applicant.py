"""Input validation: a JSON-like dict in, a typed Applicant out, or an InputError in Chinese.

Every field is optional and `null` means "not provided". Invalid input is an unknown field, an
unknown enum value, a malformed date (e.g. 2023-02-30), a negative or non-numeric hour count, or a
value of the wrong JSON type. `InputError.field` is a JSON path relative to the input object
("engineer_qualified_on", "education[0].level", "continuing_education.2021.public"); "$" is the
whole document.
"""

from __future__ import annotations

import math
import re
from datetime import date
from typing import Any, NamedTuple

from . import notices
from .derived import derived
from .fields import BY_NAME, EDUCATION_KEYS, FIELDS, HOURS_KEYS, Field
from .notices import Notice, UnknownNotice

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_YEAR = re.compile(r"^\d{4}$")


class InputError(ValueError):
    """Invalid input: which field (JSON path) and a Chinese message for the user."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message

    def to_dict(self) -> dict[str, Any]:
        return {"error": {"field": self.field, "message": self.message}}


class Degree(NamedTuple):
    level: str
    engineering: bool
    related: bool


class Hours(NamedTuple):
    professional: float | None
    public: float | None
    total: float | None


class Applicant(NamedTuple):
    notice: str
    education: tuple[Degree, ...] = ()
    registered_qualification: bool | None = None
    retraining_certificate: bool | None = None
    engineer_qualified_on: date | None = None
    engineer_post_since: date | None = None  # extension: 担任工程师职务 (absent = qualified on)
    practice_qualification: bool | None = None
    intermediate_appointed_on: date | None = None
    other_senior_title: bool | None = None
    field_work_since: date | None = None
    senior_technician_on: date | None = None
    skill_honours: frozenset[str] = frozenset()
    exceptional_conditions: frozenset[int] = frozenset()
    engineering_work_since: date | None = None
    assessments: tuple[tuple[int, str], ...] = ()
    continuing_education: tuple[tuple[int, Hours], ...] = ()
    extra: tuple[tuple[str, Any], ...] = ()  # fields of a notice's own route kinds (route modules)

    def assessment(self, year: int) -> str | None:
        for y, grade in self.assessments:
            if y == year:
                return grade
        return None

    def hours(self, year: int) -> Hours | None:
        for y, hours in self.continuing_education:
            if y == year:
                return hours
        return None


def _label(path: str) -> str:
    """The path with its Chinese name: 'engineer_qualified_on（取得工程师资格日期）'."""
    top = BY_NAME.get(path.split(".")[0].split("[")[0])
    last = path.rsplit(".", 1)[-1]
    name = EDUCATION_KEYS.get(last) or HOURS_KEYS.get(last) or (top.label if top else "")
    return f"{path}（{name}）" if name else path


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "布尔值"
    if isinstance(value, (int, float)):
        return "数字"
    if isinstance(value, str):
        return "文本"
    if isinstance(value, list):
        return "列表"
    if isinstance(value, dict):
        return "对象"
    return type(value).__name__


def _wrong_type(path: str, expected: str, value: Any) -> InputError:
    return InputError(path, f"字段 {_label(path)}应为{expected}，实际为{_type_name(value)}")


def parse_bool(path: str, value: Any) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    raise _wrong_type(path, "布尔值 true 或 false", value)


def parse_date(path: str, value: Any) -> date | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise _wrong_type(path, "日期文本 YYYY-MM-DD", value)
    if _DATE.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise InputError(
        path, f"字段 {_label(path)}不是有效日期：{value}（应为 YYYY-MM-DD，如 2018-12-31）"
    )


def parse_hours(path: str, value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InputError(path, f"字段 {_label(path)}的学时应为数字，实际为{_type_name(value)}")
    if not math.isfinite(value) or value < 0:
        raise InputError(path, f"字段 {_label(path)}的学时不能为负数或无穷大：{value}")
    return value


def _object(path: str, value: Any) -> dict[str, Any] | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise _wrong_type(path, "对象", value)
    return value


def _list(path: str, value: Any) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise _wrong_type(path, "列表", value)
    return value


def _enum(path: str, value: Any, allowed: dict[str, str]) -> str:
    if not isinstance(value, str):
        raise _wrong_type(path, "文本", value)
    if value not in allowed:
        choices = "、".join(f"{k}（{v}）" for k, v in allowed.items())
        raise InputError(path, f"字段 {_label(path)}的值 {value} 无效，可选：{choices}")
    return value


def _unknown_keys(path: str, obj: dict[str, Any], known: dict[str, Any]) -> None:
    if obj.keys() <= known.keys():
        return
    for key in obj:
        if key not in known:
            where = f"{path}.{key}" if path else key
            allowed = "、".join(known)
            raise InputError(where, f"未知字段 {where}，{path or '输入'}中可用的字段：{allowed}")


def _education(value: Any, levels: dict[str, str]) -> tuple[Degree, ...]:
    degrees = []
    for i, item in enumerate(_list("education", value)):
        path = f"education[{i}]"
        entry = _object(path, item)
        if entry is None:
            raise _wrong_type(path, "对象", item)
        _unknown_keys(path, entry, EDUCATION_KEYS)
        if entry.get("level") is None:
            raise InputError(f"{path}.level", f"第{i + 1}个学历缺少学历层次 {path}.level")
        degrees.append(
            Degree(
                level=_enum(f"{path}.level", entry["level"], levels),
                engineering=bool(parse_bool(f"{path}.engineering", entry.get("engineering"))),
                related=bool(parse_bool(f"{path}.related", entry.get("related"))),
            )
        )
    return tuple(degrees)


def _year_key(path: str, key: str) -> int:
    if not _YEAR.match(key):
        raise InputError(
            f"{path}.{key}", f'字段 {path} 的键应为四位年份（如 "2021"），实际为 {key}'
        )
    return int(key)


def _assessments(value: Any, grades: dict[str, str]) -> tuple[tuple[int, str], ...]:
    obj = _object("assessments", value) or {}
    result = []
    for key, grade in obj.items():
        year = _year_key("assessments", key)
        if grade is not None:
            result.append((year, _enum(f"assessments.{key}", grade, grades)))
    return tuple(sorted(result))


def _continuing_education(value: Any) -> tuple[tuple[int, Hours], ...]:
    obj = _object("continuing_education", value) or {}
    result = []
    for key, item in obj.items():
        year = _year_key("continuing_education", key)
        path = f"continuing_education.{key}"
        entry = _object(path, item)
        if entry is None:
            continue
        _unknown_keys(path, entry, HOURS_KEYS)
        professional = parse_hours(f"{path}.professional", entry.get("professional"))
        public = parse_hours(f"{path}.public", entry.get("public"))
        total = parse_hours(f"{path}.total", entry.get("total"))
        if total is None and (professional is not None or public is not None):
            total = (professional or 0) + (public or 0)
        result.append((year, Hours(professional, public, total)))
    return tuple(sorted(result, key=lambda pair: pair[0]))


def _items(n: Notice, kind: str) -> dict[Any, str]:
    """The listed items of the notice's routes of a kind (honours, 破格 conditions) with labels."""
    return {i.id: i.label for r in n.routes if r.kind == kind for i in r.all_items()}


def _honours(value: Any, allowed: dict[str, str]) -> frozenset[str]:
    items = _list("skill_honours", value)
    return frozenset(_enum(f"skill_honours[{i}]", h, allowed) for i, h in enumerate(items))


def _conditions(value: Any, top: int) -> frozenset[int]:
    result = set()
    for i, item in enumerate(_list("exceptional_conditions", value)):
        path = f"exceptional_conditions[{i}]"
        if isinstance(item, bool) or not isinstance(item, int):
            raise _wrong_type(path, f"1–{top} 的整数", item)
        if not 1 <= item <= top:
            raise InputError(path, f"字段 {path}（破格条件序号）应为 1–{top}，实际为 {item}")
        result.add(item)
    return frozenset(result)


def notice_for(data: Any) -> Notice:
    """The notice the input names (its `notice` field), or the current one."""
    notice = data.get("notice") if isinstance(data, dict) else None
    if notice is None:
        return notices.current()
    if not isinstance(notice, str):
        raise _wrong_type("notice", "评审通知编号（文本）", notice)
    try:
        return notices.get(notice)
    except UnknownNotice:
        known = "、".join(notices.ids())
        raise InputError("notice", f"字段 notice 的值 {notice} 无效，可选：{known}") from None


class _Accepted(NamedTuple):
    """What a notice accepts as input, worked out once per notice (rules_py.derived)."""

    fields: dict[str, Field]  # the common fields, those its kinds of route read, the modules' own
    extra: tuple[Field, ...]  # the route modules' own fields among them
    levels: dict[str, str]  # 学历 level -> its label
    grades: dict[str, str]  # 考核 grade -> its label
    honours: dict[Any, str]  # the skilled route's honours
    conditions: int  # how many 破格 conditions the notice lists


def _accepted(n: Notice) -> _Accepted:
    from . import routes  # the route modules import this module

    kinds = {r.kind for r in n.routes}
    found = {f.name: f for f in FIELDS if not f.route or f.route in kinds}
    extra = []
    for kind in sorted(kinds):
        for added in getattr(routes.module(kind), "FIELDS", ()):
            found[added.name] = added
            extra.append(added)
    return _Accepted(
        found,
        tuple(extra),
        {level: n.education.labels.get(level, level) for level in n.education.levels},
        {g.id: g.label for c in n.common if c.kind == "assessment" for g in c.items},
        _items(n, "skilled"),
        len(_items(n, "exceptional")),
    )


def fields_for(n: Notice) -> dict[str, Field]:
    """The input fields this notice accepts: the common ones, those its kinds of route read, and
    the fields its route modules add."""
    return derived(_accepted, n).fields


def _extra(
    data: dict[str, Any], n: Notice, extra: tuple[Field, ...]
) -> tuple[tuple[str, Any], ...]:
    """The route modules' own fields, each validated by its module's parse()."""
    if not extra:
        return ()
    from . import routes

    result = []
    for f in extra:
        if data.get(f.name) is not None:
            route = next(r for r in n.routes if r.kind == f.route)
            result.append((f.name, routes.module(f.route).parse(f, data[f.name], route)))
    return tuple(result)


def parse_applicant(data: Any, n: Notice | None = None) -> Applicant:
    """Validate the contract's input object against a notice (default: the one it names, or the
    current one); raise InputError naming the first bad field."""
    if not isinstance(data, dict):
        raise InputError("$", f"输入应为 JSON 对象（{{...}}），实际为{_type_name(data)}")
    n = n or notice_for(data)
    accepted = derived(_accepted, n)
    _unknown_keys("", data, accepted.fields)
    notice = data.get("notice")
    if notice is not None and notice != n.id:
        raise InputError("notice", f"字段 notice 的值 {notice} 与所用规则的通知 {n.id} 不符")
    return Applicant(
        notice=n.id,
        education=_education(data.get("education"), accepted.levels),
        registered_qualification=parse_bool(
            "registered_qualification", data.get("registered_qualification")
        ),
        retraining_certificate=parse_bool(
            "retraining_certificate", data.get("retraining_certificate")
        ),
        engineer_qualified_on=parse_date(
            "engineer_qualified_on", data.get("engineer_qualified_on")
        ),
        engineer_post_since=parse_date("engineer_post_since", data.get("engineer_post_since")),
        practice_qualification=parse_bool(
            "practice_qualification", data.get("practice_qualification")
        ),
        intermediate_appointed_on=parse_date(
            "intermediate_appointed_on", data.get("intermediate_appointed_on")
        ),
        other_senior_title=parse_bool("other_senior_title", data.get("other_senior_title")),
        field_work_since=parse_date("field_work_since", data.get("field_work_since")),
        senior_technician_on=parse_date("senior_technician_on", data.get("senior_technician_on")),
        skill_honours=_honours(data.get("skill_honours"), accepted.honours),
        exceptional_conditions=_conditions(data.get("exceptional_conditions"), accepted.conditions),
        engineering_work_since=parse_date(
            "engineering_work_since", data.get("engineering_work_since")
        ),
        assessments=_assessments(data.get("assessments"), accepted.grades),
        continuing_education=_continuing_education(data.get("continuing_education")),
        extra=_extra(data, n, accepted.extra),
    )
