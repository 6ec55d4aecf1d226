"""Run a slow function on Qt's thread pool and get its result back on the GUI thread.

The function runs on a worker thread and must neither touch nor hold any
widget (bind what it needs to local variables first): whatever it holds is
released on the worker thread. Its result, or the exception it raised, goes
back through a queued signal of one long-lived object on the GUI thread,
which calls ``on_done`` or ``on_failed`` there, where widgets may be updated.
The callbacks are kept on the GUI side only, and skipped if their object was
deleted in the meantime.
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, QThreadPool, Signal, Slot

Done = Callable[[Any], None]
Failed = Callable[[Exception], None]


class _Courier(QObject):
    """Lives on the GUI thread and hands each result to the callbacks waiting for it."""

    arrived = Signal(int, bool, object)
    """``(ticket, succeeded, result or exception)``, emitted from a worker thread."""

    def __init__(self) -> None:
        super().__init__(QCoreApplication.instance())
        self.waiting: dict[int, tuple[Done, Failed]] = {}
        self.tickets = itertools.count(1)
        self.arrived.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    @Slot(int, bool, object)
    def _deliver(self, ticket: int, succeeded: bool, value: object) -> None:
        callbacks = self.waiting.pop(ticket, None)
        if callbacks is None:
            return
        on_done, on_failed = callbacks
        callback: Done = on_done if succeeded else on_failed
        owner = getattr(callback, "__self__", None)
        if isinstance(owner, QObject) and not shiboken6.isValid(owner):
            return
        callback(value)


_courier: _Courier | None = None


def _the_courier() -> _Courier:
    global _courier
    if _courier is None or not shiboken6.isValid(_courier):
        _courier = _Courier()
    return _courier


def run_in_background(
    work: Callable[[], Any],
    on_done: Done,
    on_failed: Failed,
    pool: QThreadPool | None = None,
) -> int:
    """Start ``work`` on ``pool`` (default: the global pool); return its ticket number.

    Call this on the GUI thread. ``on_done(result)`` or ``on_failed(exception)``
    is later called on the GUI thread.
    """
    courier = _the_courier()
    ticket = next(courier.tickets)
    courier.waiting[ticket] = (on_done, on_failed)
    arrived = courier.arrived

    def run() -> None:
        try:
            outcome: tuple[bool, object] = (True, work())
        except Exception as exc:  # handed to the GUI thread, which decides what to say
            outcome = (False, exc)
        with contextlib.suppress(RuntimeError):  # the app has quit meanwhile: nobody waits
            arrived.emit(ticket, *outcome)

    (pool or QThreadPool.globalInstance()).start(run)
    return ticket
