"""Statuses of batches and applicants, and the steps a clerk may take: defined once.

The database's status trigger (``schema/checks.py``), ``records.store.set_batch_status`` and
the receipt's buttons all come from ``BATCH_STEPS``.
"""

from __future__ import annotations

BATCH_STATUSES: dict[str, str] = {
    "received": "已收件",
    "complete": "材料齐全",
    "incomplete": "材料不齐",
    "forwarded": "已转报高评委办公室",
    "returned": "已退回单位",
}
APPLICANT_STATUSES: dict[str, str] = {
    "expected": "待收件",
    "complete": "材料齐全",
    "incomplete": "材料不齐",
    "forwarded": "已转报高评委办公室",
    "returned": "已退回单位",
}
LABELS = {**APPLICANT_STATUSES, **BATCH_STATUSES}
# Short words with an icon, so that a status is never told by colour alone.
BADGES: dict[str, tuple[str, str]] = {
    "expected": ("○", "待收件"),
    "received": ("○", "已收件"),
    "complete": ("✓", "齐全"),
    "incomplete": ("!", "不齐"),
    "forwarded": ("➜", "已转报"),
    "returned": ("↩", "已退回"),
}

NEW_BATCH = "received"
NEW_APPLICANT = "expected"
OPEN = ("received", "complete", "incomplete")  # paper may still be counted again
CLOSED = ("forwarded", "returned")

# (from, to): the steps of 收件 → 齐全/不齐全 → 转报高评委办公室, or 退回单位 (and back).
BATCH_STEPS: tuple[tuple[str, str], ...] = (
    ("received", "complete"),
    ("received", "incomplete"),
    ("received", "returned"),
    ("incomplete", "complete"),
    ("complete", "incomplete"),
    ("incomplete", "returned"),
    ("complete", "returned"),
    ("complete", "forwarded"),
    ("returned", "received"),
)
STEP_MESSAGE = "不允许的状态变更：收件 → 齐全/不齐全 → 转报高评委办公室，或退回单位"
# Why a clerk's action is not possible now, by the status it would reach.
REFUSED_STEP: dict[str, str] = {
    "forwarded": "只有材料齐全的批次才能转报高评委办公室",
    "returned": "该批次已转报或已退回",
    "received": "只有已退回的批次才能重新收件",
}
# Steps a clerk takes by hand on the receipt (complete/incomplete come from counting paper).
ACTIONS: dict[str, str] = {
    "forwarded": "转报高评委办公室",
    "returned": "退回单位",
    "received": "单位重新报送，重新收件",
}


def step_allowed(current: str, target: str) -> bool:
    return (current, target) in BATCH_STEPS


def actions_from(current: str) -> list[str]:
    """The hand-taken steps open from ``current`` (in ACTIONS order)."""
    return [target for target in ACTIONS if step_allowed(current, target)]


def applicant_status_for_batch(batch_status: str) -> str:
    """The status the batch's applicants take when the batch is forwarded, returned or reopened."""
    return NEW_APPLICANT if batch_status == NEW_BATCH else batch_status
