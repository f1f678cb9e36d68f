"""What each Datasette process does when it starts: bring every register up to date (frozen
migrations, then the live triggers), learn each register's office from its own ``register``
table, refuse to serve when offices disagree, start configured sync inbox watchers."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from ..accounts.offices_check import office_problems, refusal
from ..schema.registers import RegisterError, register_office, upgrade
from ..web.state import state


class OfficeMismatch(RuntimeError):
    """Serving refused: a register, the configuration and the accounts disagree (Chinese)."""


def prepare(datasette: Any) -> Callable[[], Awaitable[None]]:
    async def run() -> None:
        found = state(datasette)
        actual: dict[str, str | None] = {}
        for name, db in list(datasette.databases.items()):
            if not db.is_mutable or db.is_memory or not db.path:
                continue
            office = await db.execute_fn(register_office)
            if office is None:
                if name in found.declared:
                    actual[name] = None
                continue
            try:
                await db.execute_write_fn(upgrade, transaction=False)
            except RegisterError as error:  # a register of another notice
                raise OfficeMismatch(f"{name}：{error}") from None
            found.offices[name] = office
            actual[name] = office
        if found.store is not None:
            problems = office_problems(found.declared, actual, found.store.accounts())
            if problems:
                raise OfficeMismatch(refusal(problems))
        from ..sync.watcher import start_configured_watchers

        start_configured_watchers(datasette)

    return run
