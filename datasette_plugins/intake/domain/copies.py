"""附件4 二: which paper copies a delivery must hold, and what is missing or extra.

Numbers come from the notice's paper checklist (rules_py.notices: paper): per batch 委托书 1
and 花名册 1; per applicant 评审表 3 (in 花名册 order); per 破格 applicant 破格审批表 2.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .datafiles import notice


@dataclass(frozen=True)
class PaperItem:
    id: str
    number: int
    name: str
    copies: int
    per: str  # batch | applicant | exceptional_applicant


@dataclass(frozen=True)
class ApplicantCopies:
    position: int
    name: str
    exceptional: bool
    review_form_copies: int
    exceptional_form_copies: int


@dataclass(frozen=True)
class CopyLine:
    item: PaperItem
    expected: int
    received: int
    position: int | None = None  # 花名册序号, for per-applicant items
    person: str = ""

    @property
    def missing(self) -> int:
        return max(0, self.expected - self.received)

    @property
    def extra(self) -> int:
        return max(0, self.received - self.expected)


@dataclass
class CopyCheck:
    lines: list[CopyLine]
    order_problems: list[str] = field(default_factory=list)

    @property
    def missing(self) -> list[CopyLine]:
        return [line for line in self.lines if line.missing]

    @property
    def extra(self) -> list[CopyLine]:
        return [line for line in self.lines if line.extra]

    @property
    def complete(self) -> bool:
        """Nothing missing and the 花名册 numbering is in order (extra copies are handed back)."""
        return not self.missing and not self.order_problems

    def applicant_complete(self, position: int) -> bool:
        return not any(line.missing for line in self.lines if line.position == position)


def paper_items() -> list[PaperItem]:
    return [PaperItem(i.id, i.number, i.name, i.copies, i.per) for i in notice().paper]


def paper_clause() -> str:
    return notice().paper_clause


def check_copies(
    mandate_copies: int, roster_copies: int, applicants: list[ApplicantCopies]
) -> CopyCheck:
    items = {item.id: item for item in paper_items()}
    lines = [
        CopyLine(items["mandate"], items["mandate"].copies, mandate_copies),
        CopyLine(items["roster"], items["roster"].copies, roster_copies),
    ]
    for person in sorted(applicants, key=lambda a: a.position):
        review = items["review_form"]
        lines.append(
            CopyLine(review, review.copies, person.review_form_copies, person.position, person.name)
        )
        exceptional = items.get("exceptional_form")
        if exceptional is None:  # a notice without 破格 has no 审批表
            continue
        expected = exceptional.copies if person.exceptional else 0
        if expected or person.exceptional_form_copies:
            lines.append(
                CopyLine(
                    exceptional,
                    expected,
                    person.exceptional_form_copies,
                    person.position,
                    person.name,
                )
            )
    positions = sorted(a.position for a in applicants)
    problems = []
    if positions != list(range(1, len(positions) + 1)):
        problems.append("评审表排序应与花名册序号保持一致：序号应从1起连续编号")
    return CopyCheck(lines, problems)
