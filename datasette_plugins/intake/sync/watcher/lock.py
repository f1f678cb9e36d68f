"""One watcher per inbox: an exclusive lock on ``inbox/.watcher.lock``, held while watching.

The workers of ``datasette intake serve`` (or a ``watch`` command run beside them) then never take
the same file twice; the lock goes when its process ends, however it ends.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO

LOCK_NAME = ".watcher.lock"


class InboxBusy(RuntimeError):
    """Another watcher (in this or another process) already watches this inbox."""


def lock_inbox(inbox: Path) -> IO[str] | None:
    """Hold an exclusive lock on ``inbox/.watcher.lock``; None when someone else holds it."""
    handle = open(inbox / LOCK_NAME, "a+")  # noqa: SIM115 - held until released
    try:
        if os.name == "nt":
            import msvcrt

            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        return None
    return handle
