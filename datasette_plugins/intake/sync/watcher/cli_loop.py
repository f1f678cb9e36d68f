"""The ``watch`` command's loop: watch until Ctrl-C (or a polite kill), echoing each outcome."""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from pathlib import Path

from ..inbox import STATUS_REJECTED, STATUS_WAITING, Outcome
from .inbox_watcher import start_watcher

MARKS = {STATUS_REJECTED: "✗", STATUS_WAITING: "…"}
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
# The main thread looks at its stop flag this often. Python runs a signal's handler in the main
# thread only when that thread runs Python code; a long sleep could miss a signal the kernel gave
# to one of the observer's threads, so the loop never sleeps long.
POLL_SECONDS = 0.5


def describe(outcome: Outcome) -> str:
    text = f"{MARKS.get(outcome.status, '✓')} {outcome.path.name}：{outcome.message}"
    return f"{text}（{outcome.todo}）" if outcome.todo else text


def watch_forever(
    db_path: str | Path, inbox: str | Path, echo: Callable[[str], object] = print
) -> None:
    stop = threading.Event()
    previous = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in STOP_SIGNALS}
    try:
        watcher = start_watcher(db_path, inbox, lambda outcome: echo(describe(outcome)))
        try:
            while not stop.wait(POLL_SECONDS):
                pass
        finally:
            watcher.stop()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
