"""A log that never stops a session: problems are reported once and the session goes on.

The session engine and the app talk to ``SafeLog`` instead of ``HistoryStore``.
Every write runs on one background thread, so the thread that drives a
session never waits on the file for more than ``wait_s`` (a fraction of a
second): a log that another program holds locked, or a disk that stalls,
cannot freeze the timeline or pass for the computer sleeping.

- A write that does not finish in time goes on in the background; the call
  returns at once (``begin`` then returns a provisional id that later calls
  accept). While another program holds the file locked, the writes are kept
  in memory and tried again until the lock goes.
- If the file cannot be written (read-only folder, full disk), each call
  does nothing, and ``report`` is called once with a sentence for the user.
  A finished session whose start could not be logged is tried again as a
  whole at the end, so a disk that has room again by then still gets it.
- Damage found in the middle of a session: the file is set aside (see
  ``HistoryStore``) and the session goes on in the fresh log.
- A finished session still not written after ``finish_wait_s`` is kept in a
  file beside the log (``pending``) that the next open adds, and the report
  says where it is.

``report`` is always called on the thread that called ``SafeLog``.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any

from backcoach.config import paths
from backcoach.core.history import pending
from backcoach.core.history.store import BreakKind, HistoryStore, LogDamaged, LogUnavailable
from backcoach.core.playback.record import SessionRecord

Report = Callable[[str], None]
Work = Callable[[HistoryStore], Any]

WAIT_S = 0.3
"""How long a call may hold up the thread that plays a session."""
FINISH_WAIT_S = 3.0
"""How long the end of a session waits for its record to be written before keeping it aside."""
BUSY_TIMEOUT_S = 1.0
"""How long one attempt waits for another program's lock on the file."""
RETRY_AFTER_S = (0.2, 0.5, 1.0, 2.0)


def _during_session(error: LogUnavailable) -> str:
    """Return the store's sentence with what it means for the session being played."""
    if isinstance(error, LogDamaged):
        return f"{error} Your session goes on."
    return f"{error} Your session goes on, but it will not be saved in the log."


class _Job:
    """One piece of work for the log thread, and its outcome."""

    def __init__(self, work: Work, key: object = None) -> None:
        self.work = work
        self.key = key
        self.done = threading.Event()
        self.result: Any = None
        self.error: LogUnavailable | None = None
        self.failure: Exception | None = None
        self.abandoned = False
        """The caller stopped waiting: a problem is told at the next call instead."""
        self.kept: Path | None = None
        """A file holding the record meanwhile, removed once the record is in the log."""


class SafeLog:
    """``HistoryStore`` calls that never stall the caller and report the first problem once."""

    def __init__(
        self,
        report: Report,
        open_store: Callable[[], HistoryStore] | None = None,
        path: Path | None = None,
        *,
        wait_s: float = WAIT_S,
        finish_wait_s: float = FINISH_WAIT_S,
    ) -> None:
        """Open the log lazily with ``open_store`` (default: ``HistoryStore(path)``).

        ``report`` receives each distinct problem once, and the notice of a
        damaged file that was moved aside.
        """
        self._report = report
        self._path = path
        self._open_store = open_store or (lambda: HistoryStore(path, busy_timeout_s=BUSY_TIMEOUT_S))
        self.wait_s = wait_s
        self.finish_wait_s = finish_wait_s
        self._store: HistoryStore | None = None
        self._reported: set[str] = set()
        self._late: list[str] = []
        self._jobs: deque[_Job] = deque()
        self._cond = threading.Condition()
        self._thread: threading.Thread | None = None
        self._closing = False
        self._ids: dict[int, int | None] = {}
        """Session ids as handed out -> the id in the current file (None: not in it)."""
        self._next_key = -1
        self._stalled = False
        """A call gave up waiting: later ones do not wait until the thread catches up."""

    # -- the caller's side -------------------------------------------------------------------

    @property
    def store(self) -> HistoryStore | None:
        """Return the open store, opening it now if needed; None while it is unavailable."""
        if self._store is not None and not self._jobs:
            return self._store
        done, store = self._call(lambda store: store, self.wait_s)
        return store if done else None

    def _tell(self, message: str) -> None:
        if message not in self._reported:
            self._reported.add(message)
            self._report(message)

    def _flush_late(self) -> None:
        with self._cond:
            late, self._late = self._late, []
        for message in late:
            self._tell(message)

    def _call(self, work: Work, wait_s: float, key: object = None) -> tuple[bool, Any]:
        """Run ``work`` on the log thread; return (finished in time, result or None if failed)."""
        return self._await(self._submit(work, key), wait_s)

    def _await(self, job: _Job, wait_s: float) -> tuple[bool, Any]:
        """Wait up to ``wait_s`` for ``job``; tell its problem, or that the file is busy."""
        job.done.wait(wait_s if not self._stalled or wait_s > self.wait_s else 0)
        with self._cond:
            finished = job.done.is_set()
            job.abandoned = not finished
            self._stalled = self._stalled or not finished
        self._flush_late()
        if not finished:
            self._tell(self._waiting_message())
            return False, None
        if job.failure is not None:
            raise job.failure
        if job.error is not None:
            self._tell(_during_session(job.error))
            return True, None
        return True, job.result

    def _waiting_message(self) -> str:
        return (
            f"BackCoach is waiting for its history file {self._log_path()}: another program "
            "is using it, or the disk is slow. Your session goes on; what you do is kept "
            "and saved when the file is free."
        )

    def _log_path(self) -> Path:
        if self._store is not None:
            return self._store.path
        return self._path if self._path is not None else paths.history_db_path()

    def _resolve(self, session_id: int) -> int | None:
        with self._cond:
            return self._ids.get(session_id, session_id if session_id > 0 else None)

    def _link(self, session_id: int | None, stored_id: int) -> None:
        with self._cond:
            if session_id is not None:
                self._ids[session_id] = stored_id
            self._ids[stored_id] = stored_id

    def begin(self, record: SessionRecord) -> int | None:
        """Log a started session; return its id, or None if the log is unavailable.

        If the file is busy, the id is provisional (negative) and the session
        is logged when the file is free; the other calls accept it.
        """
        with self._cond:
            key = self._next_key
            self._next_key -= 1

        def work(store: HistoryStore) -> int:
            stored_id = store.begin(record)
            self._link(key, stored_id)
            return stored_id

        done, stored_id = self._call(work, self.wait_s)
        if not done:
            return key
        return stored_id

    def checkpoint(self, session_id: int | None, record: SessionRecord) -> None:
        """Save progress; does nothing for a session that was never logged."""
        if session_id is None:
            return

        def work(store: HistoryStore) -> None:
            stored_id = self._resolve(session_id)
            if stored_id is None:  # not in this file (it was set aside): start it again
                self._link(session_id, store.begin(record))
            else:
                store.checkpoint(stored_id, record)

        self._call(work, self.wait_s, key=("checkpoint", session_id))

    def finish(self, session_id: int | None, record: SessionRecord) -> int | None:
        """Save the finished session durably; return its id if saved, None if not.

        The app says "saved" only when this returns an id. A session still
        waiting for a busy file after ``finish_wait_s`` is kept in a file beside
        the log, and the report says where.
        """

        def work(store: HistoryStore) -> int:
            stored_id = None if session_id is None else self._resolve(session_id)
            if stored_id is None:
                stored_id = store.add(record)
            else:
                store.finish(stored_id, record)
            self._link(session_id, stored_id)
            return stored_id

        job = self._submit(work)
        done, stored_id = self._await(job, self.finish_wait_s)
        if done:
            return stored_id
        self._keep_aside(job, record)
        return None

    def _keep_aside(self, job: _Job, record: SessionRecord) -> None:
        log_path = self._log_path()
        try:
            kept = pending.keep(log_path, record)
        except OSError as exc:
            self._tell(
                f"This session could not be saved: the history file {log_path} is in use by "
                f"another program, and {pending.folder_for(log_path)} cannot be written ({exc}). "
                "BackCoach keeps trying until it closes."
            )
            return
        with self._cond:
            if job.done.is_set() and job.error is None:
                kept.unlink(missing_ok=True)  # written in the meantime after all
                return
            job.kept = kept
        self._tell(
            f"This session is not in the history yet: the file {log_path} is in use by another "
            f"program. It is kept in {kept} and will be added to the history the next time "
            "BackCoach opens it."
        )

    def set_feedback(
        self, session_id: int | None, effort: int | None, pain: int | None, note: str = ""
    ) -> bool:
        """Store the after-session answers; return whether they were saved."""
        if session_id is None:
            return False

        def work(store: HistoryStore) -> bool:
            stored_id = self._resolve(session_id)
            if stored_id is None:
                return False
            store.set_feedback(stored_id, effort, pain, note)
            return True

        done, saved = self._call(work, self.finish_wait_s)
        return bool(done and saved)

    def log_break_event(
        self,
        kind: BreakKind | str,
        at: float | None = None,
        routine_id: str | None = None,
        *,
        utc_offset_s: int | None = None,
    ) -> int | None:
        """Log a desk-break event; return its id, or None if the log is unavailable (or busy)."""
        done, event_id = self._call(
            lambda store: store.log_break_event(kind, at, routine_id, utc_offset_s=utc_offset_s),
            self.wait_s,
        )
        return event_id if done else None

    def close(self, wait_s: float = 2.0) -> None:
        """Write what is still waiting (for up to ``wait_s``), stop the thread, close the store."""
        thread = self._thread
        if thread is not None:
            with self._cond:
                self._closing = True
                self._cond.notify_all()
            thread.join(wait_s)
            self._thread = None
        self._flush_late()
        if self._store is not None:
            self._store.close()
            self._store = None
        self._closing = False

    # -- the log thread ----------------------------------------------------------------------

    def _submit(self, work: Work, key: object = None) -> _Job:
        job = _Job(work, key)
        with self._cond:
            if key is not None and len(self._jobs) > 1 and self._jobs[-1].key == key:
                self._jobs[-1].work = work  # only the newest state of a checkpoint matters
                return self._jobs[-1]
            self._jobs.append(job)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="backcoach-log", daemon=True)
                self._thread.start()
            self._cond.notify_all()
        return job

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._jobs and not self._closing:
                    self._cond.wait()
                if not self._jobs:
                    return
                job = self._jobs[0]
            self._attempt(job)
            with self._cond:
                self._jobs.popleft()
                if job.abandoned and job.error is not None and job.kept is None:
                    self._late.append(_during_session(job.error))
                if job.kept is not None and job.error is None:
                    job.kept.unlink(missing_ok=True)
                job.done.set()
                if not self._jobs:
                    self._stalled = False

    def _attempt(self, job: _Job) -> None:
        """Run ``job``, trying again while the file is busy and once after damage."""
        tries = 0
        damaged = False
        while True:
            try:
                job.result = job.work(self._open())
                job.error = None
                return
            except LogDamaged as exc:
                self._drop_store()
                if damaged:
                    job.error = exc
                    return
                damaged = True
            except LogUnavailable as exc:
                job.error = exc
                with self._cond:
                    if not exc.busy or self._closing:
                        return
                    self._cond.wait(RETRY_AFTER_S[min(tries, len(RETRY_AFTER_S) - 1)])
                tries += 1
            except Exception as exc:  # a mistake of the caller's: raised in its thread
                job.failure = exc
                return

    def _open(self) -> HistoryStore:
        if self._store is None:
            store = self._open_store()
            with self._cond:
                self._store = store
                if store.notice:
                    self._late.append(store.notice)
                    for session_id in self._ids:  # the old file was set aside
                        self._ids[session_id] = None
        return self._store

    def _drop_store(self) -> None:
        with self._cond:
            store, self._store = self._store, None
        if store is not None:
            store.close()
