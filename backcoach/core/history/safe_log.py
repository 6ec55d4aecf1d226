"""A log that never stops a session: problems are reported once and the session goes on.

The session engine and the app talk to ``SafeLog`` instead of ``HistoryStore``.
If the history file cannot be opened or written (read-only folder, full disk),
each call quietly does nothing, and ``report`` is called once with a sentence
for the user. A finished session whose start could not be logged is tried
again as a whole at the end, so a disk that has room again by then still gets it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from backcoach.core.history.store import BreakKind, HistoryStore, LogUnavailable
from backcoach.core.playback.record import SessionRecord

Report = Callable[[str], None]


class SafeLog:
    """``HistoryStore`` calls that swallow ``LogUnavailable`` and report the first one."""

    def __init__(
        self,
        report: Report,
        open_store: Callable[[], HistoryStore] | None = None,
        path: Path | None = None,
    ) -> None:
        """Open the log lazily with ``open_store`` (default: ``HistoryStore(path)``).

        ``report`` receives each distinct problem once, and the notice of a
        damaged file that was moved aside.
        """
        self._report = report
        self._open_store = open_store or (lambda: HistoryStore(path))
        self._store: HistoryStore | None = None
        self._reported: set[str] = set()

    @property
    def store(self) -> HistoryStore | None:
        """Return the open store, opening it now if needed; None while it is unavailable."""
        if self._store is None:
            try:
                self._store = self._open_store()
            except LogUnavailable as exc:
                self._tell(str(exc))
                return None
            if self._store.notice:
                self._tell(self._store.notice)
        return self._store

    def _tell(self, message: str) -> None:
        if message not in self._reported:
            self._reported.add(message)
            self._report(message)

    def begin(self, record: SessionRecord) -> int | None:
        """Log a started session; return its id, or None if the log is unavailable."""
        store = self.store
        if store is None:
            return None
        try:
            return store.begin(record)
        except LogUnavailable as exc:
            self._tell(str(exc))
            return None

    def checkpoint(self, session_id: int | None, record: SessionRecord) -> None:
        """Save progress; does nothing for a session that was never logged."""
        if session_id is None:
            return
        store = self.store
        if store is None:
            return
        try:
            store.checkpoint(session_id, record)
        except LogUnavailable as exc:
            self._tell(str(exc))

    def finish(self, session_id: int | None, record: SessionRecord) -> int | None:
        """Save the finished session durably; return its id if saved, None if not.

        The app says "saved" only when this returns an id.
        """
        store = self.store
        if store is None:
            return None
        try:
            if session_id is None:
                return store.add(record)
            store.finish(session_id, record)
            return session_id
        except LogUnavailable as exc:
            self._tell(str(exc))
            return None

    def set_feedback(
        self, session_id: int | None, effort: int | None, pain: int | None, note: str = ""
    ) -> bool:
        """Store the after-session answers; return whether they were saved."""
        if session_id is None:
            return False
        store = self.store
        if store is None:
            return False
        try:
            store.set_feedback(session_id, effort, pain, note)
        except LogUnavailable as exc:
            self._tell(str(exc))
            return False
        return True

    def log_break_event(
        self,
        kind: BreakKind | str,
        at: float | None = None,
        routine_id: str | None = None,
        *,
        utc_offset_s: int | None = None,
    ) -> int | None:
        """Log a desk-break event; return its id, or None if the log is unavailable."""
        store = self.store
        if store is None:
            return None
        try:
            return store.log_break_event(kind, at, routine_id, utc_offset_s=utc_offset_s)
        except LogUnavailable as exc:
            self._tell(str(exc))
            return None

    def close(self) -> None:
        """Close the store if it was opened."""
        if self._store is not None:
            self._store.close()
            self._store = None
