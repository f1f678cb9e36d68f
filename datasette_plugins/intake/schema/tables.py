"""The register's tables as they are now (the live schema), and which travel between offices.

Migrations (``migrations/``) are frozen steps that built these tables; live code reads the
columns here, never from a migration.
"""

from __future__ import annotations

# Rows of these tables are copied between registers by the sync subpackage. Each has
# `id TEXT NOT NULL PRIMARY KEY` (starting with the office code) and `office TEXT NOT NULL`.
SYNCED_TABLES: tuple[str, ...] = ("units", "batches", "applicants")

# Local only: `register` (this file's own office, one row), `audit_log` (local history: a synced
# change applied here is audited here with the actor the sync code sets), `_migrations`.
LOCAL_TABLES: tuple[str, ...] = ("register", "audit_log", "_migrations")

COLUMNS: dict[str, tuple[str, ...]] = {
    "units": ("id", "office", "name", "credit_code", "contact", "phone", "created_at"),
    "batches": (
        "id", "office", "unit_id", "received_at", "clerk", "courier", "mandate_copies",
        "roster_copies", "status", "status_reason", "status_by", "status_at", "note",
        "receipt_no",
    ),
    "applicants": (
        "id", "office", "batch_id", "unit_id", "name", "id_number", "specialty", "route",
        "exceptional", "roster_position", "review_form_copies", "exceptional_form_copies",
        "status", "note",
    ),
}  # fmt: skip

# One letter per kind of row in ids ("<office>-<kind>-<ULID>", domain/ids.py).
ID_KINDS = {"units": "U", "batches": "B", "applicants": "A"}

# The time the database stamps (audit rows, units.created_at): UTC, milliseconds.
NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
