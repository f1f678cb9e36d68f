"""Watch an inbox folder and import every change file dropped into it (watchdog).

- A file is taken only once it is whole: when it is renamed to its final name inside the inbox
  (or moved in from elsewhere), or when the program writing it closes it (Linux ``IN_CLOSE_WRITE``).
  Names ending in ``.part``, hidden names and folders are ignored. Files already in the inbox when
  the watcher starts are taken too, once they have not changed for a moment.
- Every file is verified (signatures, checksums, sizes) before anything is decrypted or applied,
  with bounded memory, then moved to ``done/`` or ``rejected/`` with a ``.txt`` beside it saying
  what happened and what to do (Chinese).
- A file that can go in by itself once this register has what it lacks (a key directory that
  lists its signer) waits in ``waiting/`` and is tried again after the next file that is applied
  and every ``WAITING_RETRY_SECONDS``; it is logged once, not at every try.
- The watcher keeps running after any bad file; each outcome is also a line of ``sync_log``.
- A register that is busy (locked) is retried later; the file stays in the inbox meanwhile.
"""

from __future__ import annotations

import logging
import os
import queue
import sqlite3
import threading
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import IO

from watchdog.events import (
    FileClosedEvent,
    FileCreatedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)

from ...schema.connection import connect
from .. import synclog
from ..changefile import PART_SUFFIX
from ..inbox import STATUS_REJECTED, STATUS_WAITING, Outcome, import_and_log
from .lock import InboxBusy, lock_inbox

logger = logging.getLogger(__name__)

DONE = "done"
REJECTED = "rejected"
WAITING = "waiting"
REASON_SUFFIX = ".txt"
SETTLE_SECONDS = 1.0
RETRY_SECONDS = 2.0
WAITING_RETRY_SECONDS = 60.0
MAX_BUSY_RETRIES = 30


def _observer():  # type: ignore[no-untyped-def]
    """inotify with full move events on Linux (a move into the inbox is a move, not a create)."""
    try:
        from watchdog.observers.inotify import InotifyObserver

        return InotifyObserver(generate_full_events=True)
    except (ImportError, OSError):  # not Linux: the platform's observer
        from watchdog.observers import Observer

        return Observer()


def is_candidate(path: Path, inbox: Path) -> bool:
    """Is ``path`` a finished file directly inside the inbox that should be imported?"""
    if path.parent != inbox:
        return False
    name = path.name
    return not (name.endswith(PART_SUFFIX) or name.startswith(".") or name.endswith("~"))


class _Handler(FileSystemEventHandler):
    def __init__(self, watcher: InboxWatcher) -> None:
        self.watcher = watcher

    def on_moved(self, event: FileSystemEvent) -> None:
        if isinstance(event, FileMovedEvent) and event.dest_path:
            self.watcher.offer(Path(os.fsdecode(event.dest_path)))

    def on_closed(self, event: FileSystemEvent) -> None:
        if isinstance(event, FileClosedEvent):
            self.watcher.offer(Path(os.fsdecode(event.src_path)))

    def on_created(self, event: FileSystemEvent) -> None:
        # Only platforms without close events report a move-in as a create; on Linux a created
        # file is still being written, and its close event follows.
        if isinstance(event, FileCreatedEvent) and not self.watcher.has_close_events:
            self.watcher.offer(Path(os.fsdecode(event.src_path)), settle=True)


class InboxWatcher:
    """Imports files dropped into ``inbox`` into the register at ``db_path`` (one worker thread)."""

    def __init__(
        self, db_path: Path, inbox: Path, on_outcome: Callable[[Outcome], None] | None = None
    ) -> None:
        self.db_path = Path(db_path)
        self.on_outcome = on_outcome
        self.inbox = Path(inbox).resolve()
        self.done = self.inbox / DONE
        self.rejected = self.inbox / REJECTED
        self.waiting = self.inbox / WAITING
        self._queue: queue.Queue[tuple[Path, bool, int] | None] = queue.Queue()
        self._pending: set[Path] = set()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._idle = threading.Event()
        self._idle.set()
        self._observer = None
        self._worker: threading.Thread | None = None
        self._inbox_lock: IO[str] | None = None
        self._last_waiting_retry = time.monotonic()
        self.has_close_events = True
        self.outcomes: deque[Outcome] = deque(maxlen=1000)  # the latest, for callers

    # -- lifecycle -------------------------------------------------------------------------
    def start(self) -> InboxWatcher:
        if not self.db_path.exists():
            raise FileNotFoundError(f"登记簿文件不存在：{self.db_path}")
        self.inbox.mkdir(parents=True, exist_ok=True)
        self._inbox_lock = lock_inbox(self.inbox)
        if self._inbox_lock is None:
            raise InboxBusy(f"收件箱 {self.inbox} 已有另一个监视程序在运行")
        try:
            self._start_watching()
        except BaseException:
            self._inbox_lock.close()
            self._inbox_lock = None
            raise
        return self

    def _start_watching(self) -> None:
        for folder in (self.done, self.rejected, self.waiting):
            folder.mkdir(exist_ok=True)
        observer = _observer()
        self.has_close_events = type(observer).__name__ == "InotifyObserver"
        observer.schedule(_Handler(self), str(self.inbox), recursive=False)
        observer.daemon = True
        observer.start()
        self._observer = observer
        self._worker = threading.Thread(target=self._work, name="intake-inbox", daemon=True)
        self._worker.start()
        for path in sorted(self.inbox.iterdir()):
            if path.is_file() and is_candidate(path, self.inbox):
                self.offer(path, settle=True)
        self._retry_waiting()

    def stop(self, timeout: float = 10) -> None:
        self._stopping.set()
        if self._observer is not None:
            self._observer.stop()
            self._observer.join(timeout)
        self._queue.put(None)
        if self._worker is not None:
            self._worker.join(timeout)
        if self._inbox_lock is not None:
            self._inbox_lock.close()
            self._inbox_lock = None

    @property
    def alive(self) -> bool:
        return self._worker is not None and self._worker.is_alive()

    def wait_idle(self, timeout: float = 30) -> bool:
        """Wait until no file is queued or being processed (for tests and scripts)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._idle.wait(0.05):
                with self._lock:
                    if not self._pending:
                        return True
        return False

    # -- queue -----------------------------------------------------------------------------
    def offer(self, path: Path, settle: bool = False) -> None:
        path = path.resolve() if path.is_absolute() else (self.inbox / path).resolve()
        if not is_candidate(path, self.inbox):
            return
        with self._lock:
            if path in self._pending:
                return
            self._pending.add(path)
            self._idle.clear()
        self._queue.put((path, settle, 0))

    def _work(self) -> None:
        conn: sqlite3.Connection | None = None
        try:
            conn = connect(self.db_path)
            while True:
                try:
                    item = self._queue.get(timeout=WAITING_RETRY_SECONDS / 4)
                except queue.Empty:
                    self._retry_waiting_now_and_then()
                    continue
                if item is None or self._stopping.is_set():
                    break
                path, settle, attempt = item
                retry = self._handle(conn, path, settle, attempt)
                if retry is not None and not self._stopping.is_set():
                    timer = threading.Timer(RETRY_SECONDS, self._queue.put, args=(retry,))
                    timer.daemon = True
                    timer.start()
                    continue
                with self._lock:
                    self._pending.discard(path)
                    if not self._pending:
                        self._idle.set()
        except Exception:  # the worker must never die silently
            logger.exception("收件箱处理线程出错")
        finally:
            if conn is not None:
                conn.close()

    def _handle(
        self, conn: sqlite3.Connection, path: Path, settle: bool, attempt: int
    ) -> tuple[Path, bool, int] | None:
        """Process one file; return a queue item to retry later, or None when finished."""
        try:
            if not path.is_file():
                return None
            if settle and time.time() - path.stat().st_mtime < SETTLE_SECONDS:
                return (path, settle, attempt)
            outcome = import_and_log(conn, path)
        except sqlite3.OperationalError as error:
            if "locked" in str(error) or "busy" in str(error):
                if attempt < MAX_BUSY_RETRIES:
                    return (path, settle, attempt + 1)
            return self._fail(
                conn, path, f"登记簿暂时无法写入（{error}），请稍后把文件重新放入收件箱。"
            )
        except Exception as error:  # keep running after anything
            logger.exception("处理 %s 时出错", path)
            return self._fail(conn, path, f"处理时出现内部错误（{type(error).__name__}）。")
        self._record(outcome)
        if outcome.status == STATUS_WAITING:
            self._move(path, self.waiting, reason_text(outcome), replace=True)
        elif outcome.status == STATUS_REJECTED:
            self._move(path, self.rejected, reason_text(outcome))
        else:
            self._move(path, self.done, reason_text(outcome))
            if outcome.status == "applied":
                self._retry_waiting()
        return None

    def _record(self, outcome: Outcome) -> None:
        self.outcomes.append(outcome)
        if self.on_outcome is not None:
            try:
                self.on_outcome(outcome)
            except Exception:  # a broken callback must not stop the inbox
                logger.exception("on_outcome failed")

    def _retry_waiting_now_and_then(self) -> None:
        if time.monotonic() - self._last_waiting_retry >= WAITING_RETRY_SECONDS:
            self._retry_waiting()

    def _retry_waiting(self) -> None:
        """Put files that wait back into the inbox (they are offered again)."""
        self._last_waiting_retry = time.monotonic()
        for waiting in sorted(self.waiting.iterdir()):
            if waiting.suffix == REASON_SUFFIX or not waiting.is_file():
                continue
            target = self.inbox / waiting.name
            if target.exists():
                continue
            os.replace(waiting, target)
            waiting.with_name(waiting.name + REASON_SUFFIX).unlink(missing_ok=True)
            self.offer(target)

    def _fail(self, conn: sqlite3.Connection, path: Path, message: str) -> None:
        outcome = Outcome(path, STATUS_REJECTED, message, "error")
        self._record(outcome)
        try:
            synclog.record_now(
                conn,
                action=synclog.ACTION_WATCH,
                outcome=synclog.OUTCOME_ERROR,
                message=f"{path.name}：{message}",
                file_name=path.name,
            )
        except sqlite3.Error:
            logger.exception("无法写入 sync_log")
        self._move(path, self.rejected, reason_text(outcome))
        return None

    def _move(self, path: Path, folder: Path, reason: str, replace: bool = False) -> None:
        target = folder / path.name
        number = 1
        while not replace and (
            target.exists() or target.with_name(target.name + REASON_SUFFIX).exists()
        ):
            target = folder / f"{path.stem}-{number}{path.suffix}"
            number += 1
        try:
            os.replace(path, target)
        except FileNotFoundError:
            return
        target.with_name(target.name + REASON_SUFFIX).write_text(reason, encoding="utf-8")


HEADINGS = {
    "applied": "已导入",
    "duplicate": "重复文件：此前已导入过，未作任何改动",
    "own": "本办公室自己导出的文件，已跳过",
    STATUS_REJECTED: "已拒收，登记簿未作任何改动",
    STATUS_WAITING: "暂未导入，登记簿未作任何改动；条件具备后会自动重试",
}


def reason_text(outcome: Outcome) -> str:
    lines = [
        f"文件：{outcome.path.name}",
        f"时间：{synclog.now_text()}",
        f"结果：{HEADINGS.get(outcome.status, outcome.status)}",
        f"说明：{outcome.message}",
    ]
    if outcome.todo:
        lines.append(f"怎么办：{outcome.todo}")
    if outcome.code:
        lines.append(f"代码：{outcome.code}")
    return "\n".join(lines) + "\n"


def start_watcher(
    db_path: str | Path,
    inbox: str | Path,
    on_outcome: Callable[[Outcome], None] | None = None,
) -> InboxWatcher:
    """Start watching in background threads; returns the running watcher (``stop()`` ends it)."""
    return InboxWatcher(Path(db_path), Path(inbox), on_outcome).start()
