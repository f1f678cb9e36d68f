"""Read queries run on the event loop's own thread; writes keep Datasette's write thread.

Datasette sends every read query to a thread pool. A table page makes about 30 small queries
(permissions, metadata, the page, a count, foreign-key labels), and each hop to a pool thread and
back costs more CPU than the query itself: measured with scripts/bench-register, 27.6 ms of CPU
per applicants page with the pool, 16.9 ms without it.

Datasette's own `num_sql_threads: 0` removes the pool but then runs writes on the event loop too,
so a save that waits for the write lock (a sync import holds it for up to seconds) would freeze
the whole process. This executor keeps the write thread and only makes the read pool run each
query where it is submitted. A slow read still cannot hold the loop longer than
`sql_time_limit_ms`, which Datasette enforces on the connection itself.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent import futures
from typing import Any


class InlineExecutor(futures.Executor):
    """An executor that runs each call at once, in the caller's thread."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> futures.Future[Any]:
        future: futures.Future[Any] = futures.Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as error:  # handed to the awaiting caller, as a pool would
            future.set_exception(error)
        return future


def install(datasette: Any) -> None:
    """Swap Datasette's read pool for InlineExecutor (not when threads are off altogether)."""
    previous = datasette.executor
    if previous is None or isinstance(previous, InlineExecutor):
        return
    datasette.executor = InlineExecutor()
    previous.shutdown(wait=False)
