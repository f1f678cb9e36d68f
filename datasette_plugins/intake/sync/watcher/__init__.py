"""The inbox watcher: sync's inbox folder, one job per module.

- ``lock``: one watcher per inbox (a lock file held while watching);
- ``inbox_watcher``: the watchdog observer and the worker thread that imports each file;
- ``startup``: Datasette's start-up glue (inboxes configured per database);
- ``cli_loop``: the ``datasette intake watch`` loop.
"""

from __future__ import annotations

from .cli_loop import describe, watch_forever
from .inbox_watcher import InboxWatcher, is_candidate, reason_text, start_watcher
from .lock import InboxBusy
from .startup import start_configured_watchers

__all__ = [
    "InboxBusy",
    "InboxWatcher",
    "describe",
    "is_candidate",
    "reason_text",
    "start_configured_watchers",
    "start_watcher",
    "watch_forever",
]
