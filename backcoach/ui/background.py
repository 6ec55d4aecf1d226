"""Run a slow function on Qt's thread pool and get its result back on the GUI thread.

The function runs on a worker thread and must not touch any widget. Its result
(or the exception it raised) comes back through a queued signal, so the
callbacks run on the GUI thread, where widgets may be updated.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

_running: set[BackgroundTask] = set()
"""Tasks whose result has not been delivered yet (kept alive until then)."""


class BackgroundTask(QObject):
    """One call of ``work`` on the thread pool; ``done`` or ``failed`` is emitted once."""

    done = Signal(object)
    failed = Signal(object)

    def __init__(self, work: Callable[[], Any]) -> None:
        super().__init__()
        self._work = work
        self.done.connect(self._forget)
        self.failed.connect(self._forget)

    def _run(self) -> None:
        """Run ``work`` (on a worker thread) and emit its outcome."""
        try:
            result = self._work()
        except Exception as exc:  # handed to the GUI thread, which decides what to say
            self.failed.emit(exc)
            return
        self.done.emit(result)

    @Slot(object)
    def _forget(self, _outcome: object) -> None:
        _running.discard(self)


class _Runnable(QRunnable):
    def __init__(self, task: BackgroundTask) -> None:
        super().__init__()
        self._task = task

    def run(self) -> None:
        self._task._run()


def run_in_background(
    work: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_failed: Callable[[Exception], None],
    pool: QThreadPool | None = None,
) -> BackgroundTask:
    """Start ``work`` on ``pool`` (default: the global pool); return its task.

    ``on_done(result)`` or ``on_failed(exception)`` is later called on the GUI
    thread. Pass bound methods of a QObject living on the GUI thread, so the
    call is dropped if that object is deleted first.
    """
    task = BackgroundTask(work)
    task.done.connect(on_done)
    task.failed.connect(on_failed)
    _running.add(task)
    (pool or QThreadPool.globalInstance()).start(_Runnable(task))
    return task
