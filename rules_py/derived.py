"""Values the rules derive from a notice, or from one of its provisions, once rather than once per
check: label tables, the fields a notice accepts, the years a condition needs by level.

`derived(compute, owner)` is compute(owner), remembered per owner object (by identity, holding
the owner, so a notice read again gets values of its own). `compute` is a module-level
function of the owner alone; nothing about an applicant is ever kept here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

Owner = TypeVar("Owner")
Result = TypeVar("Result")

_values: dict[tuple[int, Callable[[Any], Any]], tuple[Any, Any]] = {}


def derived(compute: Callable[[Owner], Result], owner: Owner) -> Result:
    key = (id(owner), compute)
    known = _values.get(key)
    if known is None or known[0] is not owner:
        known = _values[key] = (owner, compute(owner))
    return known[1]
