"""Major match and 规定学历 (附件1 二).

A degree counts only when its major is 一致或相近 (related). With several degrees, if any one is
related the highest is taken as related; a registered qualification or a retraining certificate
also makes the highest degree count as related. Degrees tied for highest all count, so the
order of the list never matters.

规定学历 for the normal route: a counted 工程博士, or a counted 工程技术类 degree at the
`engineering_degree_min_level` (大学本科) or above.
"""

from __future__ import annotations

from .applicant import Applicant, Degree
from .parameters import Parameters

ENGINEERING_DOCTORATE = "engineering_doctorate"


_last: tuple[Applicant | None, Parameters | None, tuple[Degree, ...]] = (None, None, ())


def counted_degrees(a: Applicant, p: Parameters) -> tuple[Degree, ...]:
    """The degrees that count as 本专业或相近专业 (remembered for the last applicant checked)."""
    global _last
    last = _last
    if last[0] is a and last[1] is p:
        return last[2]
    result = _counted_degrees(a, p)
    _last = (a, p, result)
    return result


def _counted_degrees(a: Applicant, p: Parameters) -> tuple[Degree, ...]:
    if not a.education:
        return ()
    related = [d for d in a.education if d.related]
    if not related and not a.registered_qualification and not a.retraining_certificate:
        return ()
    top = min(p.rank(d.level) for d in a.education)
    highest = [d for d in a.education if p.rank(d.level) == top]
    return tuple(dict.fromkeys(related + highest))


def is_engineering(d: Degree) -> bool:
    return d.engineering or d.level == ENGINEERING_DOCTORATE


def qualifies(d: Degree, p: Parameters) -> bool:
    """工程技术类大学本科以上 (a 工程博士 is always 工程技术类)."""
    return is_engineering(d) and p.rank(d.level) <= p.rank(p.degree_min_level)


def has_required_degree(a: Applicant, p: Parameters) -> bool:
    return any(qualifies(d, p) for d in counted_degrees(a, p))


def has_counted_doctorate(a: Applicant, p: Parameters) -> bool:
    return any(d.level == ENGINEERING_DOCTORATE for d in counted_degrees(a, p))


def match_basis(a: Applicant) -> str:
    """Why the counted degrees count, in Chinese (empty when a degree is itself related)."""
    if any(d.related for d in a.education):
        return ""
    if a.registered_qualification:
        return "（已取得国家注册类资格证书，最高学历视为本专业）"
    if a.retraining_certificate:
        return "（经连续一年以上本专业脱产继续教育，最高学历认定为本专业或相近专业）"
    return ""


def describe_missing_degree(a: Applicant, p: Parameters) -> str:
    """Why there is no 规定学历: no degree, only unrelated majors, or no engineering bachelor+."""
    if not a.education:
        return "未填写学历（学位）"
    if not counted_degrees(a, p):
        return (
            "所学专业与从事专业不一致或不相近，视为不具备规定学历（可通过取得国家注册类资格证书，"
            "或连续一年以上本专业脱产继续教育取得证书，将最高学历认定为本专业）"
        )
    best = min(counted_degrees(a, p), key=lambda d: (p.rank(d.level), not is_engineering(d)))
    kind = "工程技术类" if is_engineering(best) else "非工程技术类"
    label = p.level_labels[p.degree_min_level]
    return (
        f"计入的最高学历为{p.level_labels[best.level]}（{kind}），不具备工程技术类{label}以上学历"
    )
