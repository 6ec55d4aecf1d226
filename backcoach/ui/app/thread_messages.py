"""Bring messages from background threads (speech, sound, the log) to the GUI thread.

Qt widgets may only be touched from the GUI thread. ``ThreadMessages.post``
may be called from any thread; ``received`` fires later on the GUI thread
through a queued connection, once per distinct message.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Qt, Signal, Slot


class ThreadMessages(QObject):
    """A thread-safe mailbox for one-sentence messages to the user."""

    received = Signal(str)
    _posted = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._seen: set[str] = set()
        self._lock = threading.Lock()
        self._posted.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def post(self, message: str) -> None:
        """Hand ``message`` over from any thread; repeated messages are dropped."""
        with self._lock:
            if message in self._seen:
                return
            self._seen.add(message)
        self._posted.emit(message)

    @Slot(str)
    def _deliver(self, message: str) -> None:
        self.received.emit(message)
