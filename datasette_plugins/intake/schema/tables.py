"""Which register tables exist, and which of them travel between offices (sync)."""

from __future__ import annotations

# Rows of these tables are copied between registers by the sync subpackage. Each has
# `id TEXT NOT NULL PRIMARY KEY` (starting with the office code) and `office TEXT NOT NULL`.
SYNCED_TABLES: tuple[str, ...] = ("units", "batches", "applicants")

# Local only: `register` (this file's own office, one row), `audit_log` (local history: a synced
# change applied here is audited here with the actor the sync code sets), `_migrations`.
LOCAL_TABLES: tuple[str, ...] = ("register", "audit_log", "_migrations")
