"""Datasette start-up glue: watch the inbox of every database configured with one.

Configuration (datasette.yaml), per database only::

    databases:
      "330100":
        plugins:
          intake:
            sync_inbox: /srv/intake/inbox
"""

from __future__ import annotations

import logging

from .inbox_watcher import InboxWatcher, start_watcher
from .lock import InboxBusy

logger = logging.getLogger(__name__)


def start_configured_watchers(datasette) -> list[InboxWatcher]:  # type: ignore[no-untyped-def]
    """For Datasette's startup hook. Idempotent: a second call (Datasette may run startup twice
    in tests) starts nothing new. Of several worker processes serving the same register, the
    first to start watches; the others skip the inbox (InboxBusy)."""
    running = getattr(datasette, "_intake_inbox_watchers", None)
    if running is not None:
        return running
    watchers = []
    for name, database in list(datasette.databases.items()):
        if getattr(database, "is_memory", False) or not getattr(database, "path", None):
            continue
        config = datasette.plugin_config("intake", database=name, fallback=False) or {}
        inbox = config.get("sync_inbox")
        if inbox:
            try:
                watchers.append(start_watcher(database.path, inbox))
            except InboxBusy:
                logger.info("收件箱 %s 已由另一个进程监视，本进程不再重复监视", inbox)
    datasette._intake_inbox_watchers = watchers
    return watchers


def configured_inbox(datasette, database: str) -> str | None:  # type: ignore[no-untyped-def]
    config = datasette.plugin_config("intake", database=database, fallback=False) or {}
    return config.get("sync_inbox")
