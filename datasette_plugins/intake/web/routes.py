"""Every route of the clerk's register, under /-/intake."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import account, applicants, dashboard, intake, receipt, start, static_files
from .common import BASE

DB = r"(?P<database>[^/]+)"


def routes() -> list[tuple[str, Callable[..., Any]]]:
    return [
        (rf"^{BASE}/?$", account.start),
        (rf"^{BASE}/login$", account.login),
        (rf"^{BASE}/logout$", account.logout),
        (rf"^{BASE}/account$", account.account),
        (rf"^{BASE}/account/password$", account.change_password),
        (rf"^{BASE}/account/sessions/end-others$", account.end_other_sessions),
        (rf"^{BASE}/account/tokens$", account.create_token),
        (rf"^{BASE}/account/tokens/(?P<token_id>[0-9a-f]+)/revoke$", account.revoke_token),
        (rf"^{BASE}/supervisors-only$", account.supervisors_only),
        (rf"^{BASE}/rules\.js$", static_files.rules_script),
        (rf"^{BASE}/static/(?P<name>[A-Za-z0-9_.-]+)$", static_files.static_file),
        (rf"^{BASE}/{DB}/?$", start.start_page),
        (rf"^{BASE}/{DB}/receive$", intake.intake_page),
        (rf"^{BASE}/{DB}/units$", intake.unit_action),
        (rf"^{BASE}/{DB}/receipt/(?P<batch_id>[^/]+)$", receipt.receipt_page),
        (rf"^{BASE}/{DB}/status/(?P<batch_id>[^/]+)$", receipt.status_action),
        (rf"^{BASE}/{DB}/applicants$", applicants.applicants_page),
        (rf"^{BASE}/{DB}/dashboard$", dashboard.dashboard_page),
    ]
