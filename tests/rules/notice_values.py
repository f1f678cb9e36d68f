"""A notice's values as pages, results, code and documents would show them: the strings a test
greps for when it must find none of them (tests/rules/test_no_notice_values.py,
test_second_notice.py)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from rules_py.notices import Notice, Provision


def _provisions(n: Notice) -> Iterator[Provision]:
    def walk(provision: Provision) -> Iterator[Provision]:
        yield provision
        for child in (*provision.paths, *provision.items):
            yield from walk(child)

    for top in (*n.routes, *n.common, n.photo, n.self_report):
        yield from walk(top)


def notice_values(n: Notice) -> set[str]:
    """Its number, plan, addresses of sites, year, every key date (ISO, 2023年8月27日, 8月27日,
    2023.8.27), every office's phone, address and contact, and each threshold of two or more
    years, hours or characters as the notice words it (5年以上, 90学时, 1000字), and the
    photo's limits (30KB, 1MB, 215×300)."""
    found = {n.number, n.plan, n.platform.url, n.issuer_url, f"{n.year}年度"}
    found |= {system.url for system in n.ce_systems}
    for day in n.dates:
        d = day.date
        found |= {d.isoformat(), day.chinese, f"{d.month}月{d.day}日"}
        found.add(f"{d.year}.{d.month}.{d.day}")
    for office in n.offices.all():
        found |= {office.phone, office.phone_full, office.address, office.contact}
    for condition in n.common:  # the years a notice asks about are its own values too
        found |= {f"{year}年度" for year in condition.value("years", ())}
    for provision in _provisions(n):
        for value in provision.values.values():
            x = value.value
            if isinstance(x, int) and not isinstance(x, bool) and x >= 2:
                found |= {f"{x}年以上", f"{x} 年以上"}  # (满N年 also counts what a person has)
                found |= {f"{x}学时", f"{x} 学时", f"{x}字", f"{x} 字"}
    photo = n.photo.values
    for name in ("min_bytes_exclusive", "max_bytes_exclusive"):
        size = photo[name].value if name in photo else 0
        if size and size % 1048576 == 0:
            found.add(f"{size // 1048576}MB")
        elif size and size % 1024 == 0:
            found.add(f"{size // 1024}KB")
    if "min_width_exclusive" in photo and "min_height_exclusive" in photo:
        width, height = photo["min_width_exclusive"].value, photo["min_height_exclusive"].value
        found |= {f"{width}{times}{height}" for times in ("×", "*", "x", " × ")}
    return {token for token in found if token}


def finder(values: set[str]) -> Callable[[str], list[str]]:
    """A function giving the values found in a text, a number never matched inside a longer one
    (4学时 is not in 24学时, 2023-08-27 not in 12023-08-27)."""

    def bounded(value: str) -> str:
        start = r"(?<![0-9])" if value[0].isdigit() else ""
        end = r"(?![0-9])" if value[-1].isdigit() else ""
        return start + re.escape(value) + end

    pattern = re.compile("|".join(bounded(v) for v in sorted(values, key=len, reverse=True)))

    def find(text: str) -> list[str]:
        return sorted(set(pattern.findall(text)))

    return find
