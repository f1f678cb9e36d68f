"""Refuse to serve when a register, the configuration and the accounts disagree on offices.

A register knows its office from its own ``register`` table. Copying 拱墅区's register to
``330102.db`` must not make it 上城区's: serving starts only when every served register's own
office is the one the configuration declares for it, and every account's office has a register
served here.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..domain.offices import load_offices
from .store import Account


def _name(code: str | None) -> str:
    office = load_offices().get(code or "")
    return f"{office.name}（{code}）" if office else f"“{code}”"


def office_problems(
    declared: dict[str, str], actual: dict[str, str | None], accounts: Iterable[Account]
) -> list[str]:
    """Chinese reasons not to start (empty when all agree). ``actual`` maps each served
    database to the office its ``register`` table names (None: not a register)."""
    problems = []
    for db, office in actual.items():
        if office is None:
            problems.append(f"数据库 {db} 不是受理登记簿（没有 register 表）")
        elif db in declared and declared[db] != office:
            problems.append(
                f"登记簿 {db} 的 register 表写明属于{_name(office)}，"
                f"配置文件中却写为{_name(declared[db])}：请核对登记簿文件是否放错"
            )
    served = {office for office in actual.values() if office}
    for account in accounts:
        if account.office not in served:
            problems.append(
                f"账号 {account.username}（{account.display_name}）属于{_name(account.office)}，"
                f"但本服务的登记簿属于{'、'.join(_name(o) for o in sorted(served)) or '（无）'}"
            )
    return problems


def refusal(problems: list[str]) -> str:
    return "拒绝启动登记簿服务：\n" + "\n".join(f"- {p}" for p in problems)
