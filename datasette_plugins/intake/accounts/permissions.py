"""Who may do what in Datasette, decided from the register's own office (never its file name).

``datasette intake serve`` always runs with ``--default-deny``: nothing is allowed that is not
granted here. A signed-in actor (session or API token) of office X may, on each register whose
``register`` table says X:

- view the database and its tables (the JSON API; clerks see Datasette's HTML pages only when
  they are supervisors, see ``web/gate.py``), and run read-only SQL if a supervisor;
- insert, update and delete rows of the synced tables (units, batches, applicants) — the live
  triggers then hold every rule and audit every change.

Nothing else: no writes to the audit log, the register row, migrations, sync's tables or
``sync_conflicts`` (changed only by sync's audited resolve actions), no table creation or
alteration, no arbitrary SQL writes, no database download. An API token narrows this further
with Datasette's own restrictions (``_r``).
"""

from __future__ import annotations

from typing import Any

from datasette.permissions import PermissionSQL

from ..schema.tables import SYNCED_TABLES

ROW_WRITES = frozenset({"insert-row", "update-row", "delete-row"})
VIEWS = frozenset({"view-database", "view-table"})
SUPERVISOR_ROLE = "supervisor"


def grants(
    actor: dict[str, Any] | None, action: str, offices: dict[str, str]
) -> list[tuple[str | None, str | None, str]]:
    """(database, table, reason) allowed for ``actor`` and ``action``; ``offices`` maps each
    served database to the office its ``register`` table names."""
    if not actor or not actor.get("office") or not actor.get("id"):
        return []
    if action == "view-instance":
        return [(None, None, "已登录")]
    own = sorted(db for db, office in offices.items() if office == actor["office"])
    reason = f"本受理部门（{actor['office']}）的登记簿"
    if action in VIEWS:
        return [(db, None, reason) for db in own]
    if action == "execute-sql" and actor.get("role") == SUPERVISOR_ROLE:
        return [(db, None, reason) for db in own]
    if action in ROW_WRITES:
        return [(db, table, reason) for db in own for table in SYNCED_TABLES]
    return []


def permission_sql(
    actor: dict[str, Any] | None, action: str, offices: dict[str, str]
) -> PermissionSQL | None:
    allowed = grants(actor, action, offices)
    if not allowed:
        return None
    selects, params = [], {}
    for number, (parent, child, reason) in enumerate(allowed):
        selects.append(
            f"SELECT :intake_p{number} AS parent, :intake_c{number} AS child, 1 AS allow,"
            f" :intake_r{number} AS reason"
        )
        params.update(
            {f"intake_p{number}": parent, f"intake_c{number}": child, f"intake_r{number}": reason}
        )
    return PermissionSQL(sql=" UNION ALL ".join(selects), params=params)
