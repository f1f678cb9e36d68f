"""Major match and 规定学历 (附件1 二).

A degree counts only when its major is 一致或相近 (related). With several degrees, if any one is
related the highest is taken as related; a registered qualification or a retraining certificate
also makes the highest degree count as related. Degrees tied for highest all count, so the
order of the list never matters.

规定学历 for the normal route: a counted 工程博士, or a counted 工程技术类 degree at the
minimum level of the normal route's engineering-degree path (大学本科) or above (case.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .applicant import Applicant, Degree
from .notices import Education

if TYPE_CHECKING:
    from .case import Case

ENGINEERING_DOCTORATE = "engineering_doctorate"


def counted_degrees(a: Applicant, education: Education) -> tuple[Degree, ...]:
    """The degrees that count as 本专业或相近专业."""
    if not a.education:
        return ()
    related = [d for d in a.education if d.related]
    if not related and not a.registered_qualification and not a.retraining_certificate:
        return ()
    top = min(education.rank(d.level) for d in a.education)
    highest = [d for d in a.education if education.rank(d.level) == top]
    return tuple(dict.fromkeys(related + highest))


def is_engineering(d: Degree) -> bool:
    return d.engineering or d.level == ENGINEERING_DOCTORATE


def match_basis(a: Applicant) -> str:
    """Why the counted degrees count, in Chinese (empty when a degree is itself related)."""
    if any(d.related for d in a.education):
        return ""
    if a.registered_qualification:
        return "（已取得国家注册类资格证书，最高学历视为本专业）"
    if a.retraining_certificate:
        return "（经连续一年以上本专业脱产继续教育，最高学历认定为本专业或相近专业）"
    return ""


def describe_missing_degree(case: Case) -> str:
    """Why there is no 规定学历: no degree, only unrelated majors, or no engineering bachelor+."""
    if not case.a.education:
        return "未填写学历（学位）"
    if not case.counted:
        return (
            "所学专业与从事专业不一致或不相近，视为不具备规定学历（可通过取得国家注册类资格证书，"
            "或连续一年以上本专业脱产继续教育取得证书，将最高学历认定为本专业）"
        )
    best = min(case.counted, key=lambda d: (case.rank(d.level), not is_engineering(d)))
    kind = "工程技术类" if is_engineering(best) else "非工程技术类"
    label = case.level_label(case.degree_min_level)
    return (
        f"计入的最高学历为{case.level_label(best.level)}（{kind}），不具备工程技术类{label}以上学历"
    )
