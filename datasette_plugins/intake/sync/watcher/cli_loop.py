"""The ``watch`` command's loop: watch until Ctrl-C, echoing each outcome."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from ..inbox import STATUS_REJECTED, STATUS_WAITING, Outcome
from .inbox_watcher import start_watcher

MARKS = {STATUS_REJECTED: "✗", STATUS_WAITING: "…"}


def describe(outcome: Outcome) -> str:
    text = f"{MARKS.get(outcome.status, '✓')} {outcome.path.name}：{outcome.message}"
    return f"{text}（{outcome.todo}）" if outcome.todo else text


def watch_forever(
    db_path: str | Path, inbox: str | Path, echo: Callable[[str], object] = print
) -> None:
    watcher = start_watcher(db_path, inbox, lambda outcome: echo(describe(outcome)))
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        watcher.stop()
