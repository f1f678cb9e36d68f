"""What the plugin keeps per Datasette instance: the accounts file and each register's office.

The offices are read from each served database's own ``register`` table at startup (never from
its file name) and checked against the configuration (``accounts.offices_check``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..accounts.config import PLUGIN
from ..accounts.store import AccountStore


@dataclass
class IntakeState:
    store: AccountStore | None
    declared: dict[str, str]  # database name → office, as configured
    offices: dict[str, str] = field(default_factory=dict)  # database → its register's office
    queue_counters: dict[str, Any] = field(default_factory=dict)  # database → queue.Counter

    def database_for(self, office: str | None) -> str | None:
        """The served register of an office (its first, by name)."""
        return next((db for db, code in sorted(self.offices.items()) if code == office), None)


def state(datasette: Any) -> IntakeState:
    """The plugin's state for this Datasette (made on first use)."""
    found = getattr(datasette, "_intake_state", None)
    if found is None:
        config = datasette.plugin_config(PLUGIN) or {}
        path = config.get("accounts")
        found = IntakeState(
            store=AccountStore(path) if path else None,
            declared={str(k): str(v) for k, v in (config.get("registers") or {}).items()},
        )
        datasette._intake_state = found
    return found


def active(datasette: Any) -> bool:
    """Whether this Datasette serves registers with accounts (else the plugin adds only its
    pages and triggers: e.g. a plain `datasette register.db` for a supervisor's own look)."""
    return state(datasette).store is not None
