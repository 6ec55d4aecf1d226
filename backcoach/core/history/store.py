"""The completion log: a SQLite file (WAL) that never loses a session.

Life of a session in the log::

    sid = store.begin(record)          # durable in-progress row, owned by this process
    store.checkpoint(sid, record)      # every few seconds / each step: cheap, survives a kill
    store.finish(sid, record)          # durable (synchronous=FULL) before it returns
    store.set_feedback(sid, effort=4, pain=1, note="")

Opening the log (``HistoryStore()``) migrates the schema, and turns every
in-progress session whose process is gone (see ``owners``) into an
``interrupted`` one that keeps what was done up to its last checkpoint.
A damaged file is moved aside with a timestamp and a fresh log is started;
``notice`` then says where the old file is. A log that cannot be written
(read-only folder, full disk) raises ``LogUnavailable`` with a sentence for
the user; ``SafeLog`` turns that into a single report and lets the session go on.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Any

from backcoach.config import paths
from backcoach.core.clock import Clock, SystemClock
from backcoach.core.history import owners, pending, schema
from backcoach.core.history.localtime import day_number, local_day_number, system_utc_offset
from backcoach.core.playback.record import SessionRecord, SessionStatus, StepRecord

_SQLITE_CORRUPT = 11
_SQLITE_NOTADB = 26
_SQLITE_FULL = 13
_SQLITE_READONLY = 8
_SQLITE_CANTOPEN = 14
_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6

_SESSION_COLUMNS = (
    "id, routine_id, routine_title, routine_kind, content_hash, started_at, utc_offset_s,"
    " ended_at, end_utc_offset_s, planned_s, done_s, status, effort, pain, note, source"
)
_STEP_COLUMNS = "pointer, name, planned_s, done_s, planned_reps, done_reps, skipped"


class LogUnavailable(Exception):
    """The log cannot be read or written; ``str(error)`` is a sentence for the user."""

    def __init__(self, message: str, path: Path, *, busy: bool = False) -> None:
        super().__init__(message)
        self.path = path
        self.busy = busy
        """True when another program holds the file locked: worth trying again soon."""


class LogDamaged(LogUnavailable):
    """The log file is damaged; it is set aside at the next open (see ``HistoryStore``)."""


class BreakKind(str, Enum):
    """What happened to a desk-break reminder."""

    TAKEN = "taken"
    SNOOZED = "snoozed"
    SKIPPED = "skipped"
    IGNORED = "ignored"
    """A reminder and all its repeats went unanswered."""
    NATURAL = "natural"
    """The user left the computer on their own (idle long enough, screen locked, asleep)."""


@dataclass(frozen=True)
class LoggedSession:
    """A session as stored: its id, the record, and the UTC offset when it ended."""

    session_id: int
    record: SessionRecord
    end_utc_offset_s: int | None = None


@dataclass(frozen=True)
class BreakEvent:
    """One desk-break event as stored."""

    event_id: int
    kind: BreakKind
    at: float
    utc_offset_s: int
    routine_id: str | None = None


_STATUS = {status.value: status for status in SessionStatus}
_BREAK_KIND = {kind.value: kind for kind in BreakKind}


def _error_code(exc: sqlite3.Error) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    return None if code is None else int(code) & 0xFF


def _is_corrupt(exc: sqlite3.Error) -> bool:
    code = _error_code(exc)
    if code is not None:
        return code in (_SQLITE_CORRUPT, _SQLITE_NOTADB)
    text = str(exc).lower()
    return "malformed" in text or "not a database" in text


def _is_busy(exc: BaseException) -> bool:
    code = _error_code(exc) if isinstance(exc, sqlite3.Error) else None
    if code is not None:
        return code in (_SQLITE_BUSY, _SQLITE_LOCKED)
    return isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc).lower()


def _reason(exc: BaseException) -> str:
    code = _error_code(exc) if isinstance(exc, sqlite3.Error) else None
    text = str(exc).lower()
    if code == _SQLITE_FULL or "disk is full" in text or "no space" in text:
        return "the disk is full"
    if code in (_SQLITE_READONLY, _SQLITE_CANTOPEN) or "read-only" in text or "readonly" in text:
        return "the folder or file is read-only"
    if isinstance(exc, PermissionError):
        return "the folder or file is read-only"
    if _is_busy(exc):
        return f"another program is using it ({exc})"
    return str(exc) or type(exc).__name__


class HistoryStore:
    """The SQLite completion log. One instance per process; safe to share between threads."""

    def __init__(
        self,
        path: Path | None = None,
        *,
        clock: Clock | None = None,
        offset_at: Callable[[float], int] = system_utc_offset,
        busy_timeout_s: float = 5.0,
    ) -> None:
        """Open (creating or migrating) the log at ``path`` (default: the user's history file).

        Raise ``LogUnavailable`` if it cannot be opened for writing. A call waits at
        most ``busy_timeout_s`` for another program that holds the file locked.
        """
        self._busy_timeout_s = busy_timeout_s
        self.path = Path(path) if path is not None else paths.history_db_path()
        self._clock: Clock = clock or SystemClock()
        self._offset_at = offset_at
        self._lock = threading.RLock()
        self.notice: str | None = None
        """Set when a damaged file was moved aside: a sentence saying where it is."""
        self.recovered: tuple[int, ...] = ()
        """Ids of sessions found abandoned at open and marked interrupted."""
        self._owner: owners.OwnerLock | None = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise self._unavailable(exc) from exc
        self._conn = self._open_checked(thorough=self._needs_check())
        try:
            self._migrate()
            try:
                self._owner = owners.OwnerLock(self._owners_dir)
            except OSError as exc:
                raise self._unavailable(exc) from exc
            self._recover_abandoned()
            self._add_kept_sessions()
            owners.sweep_stale(self._owners_dir, keep=self._owner.token)
        except BaseException:
            self.close()
            raise

    # -- opening ---------------------------------------------------------------------------

    @property
    def _owners_dir(self) -> Path:
        return self.path.with_name(self.path.name + ".owners")

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(
            str(self.path),
            isolation_level=None,
            check_same_thread=False,
            timeout=self._busy_timeout_s,
        )
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
        except BaseException:
            conn.close()
            raise
        return conn

    @property
    def _check_marker(self) -> Path:
        return self.path.with_name(self.path.name + ".check-needed")

    def _needs_check(self) -> bool:
        """Return True if the file may be damaged: the last run died, or damage was seen."""
        return self._check_marker.exists() or bool(owners.abandoned(self._owners_dir))

    def _open_checked(self, thorough: bool) -> sqlite3.Connection:
        """Connect and check the file; move a damaged one aside and start afresh.

        Every open reads the header and the schema, which catches a file that
        is not a database or was cut short. The full ``quick_check`` (which
        reads every page, ~45 ms for ten years of use) runs only when
        ``thorough``: after a run that ended without closing the log (a crash,
        a kill, a power cut) or after damage was met while using it.
        """
        try:
            conn = self._connect()
            try:
                conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
                problems = ["ok"]
                if thorough:
                    problems = [row[0] for row in conn.execute("PRAGMA quick_check")]
            except BaseException:
                conn.close()
                raise
            if problems == ["ok"]:
                with contextlib.suppress(OSError):
                    self._check_marker.unlink(missing_ok=True)
                return conn
            conn.close()
            damage = "; ".join(problems[:3])
        except sqlite3.Error as exc:
            if not _is_corrupt(exc):
                raise self._unavailable(exc) from exc
            damage = str(exc)
        aside = self._move_aside()
        with contextlib.suppress(OSError):
            self._check_marker.unlink(missing_ok=True)
        self.notice = (
            f"The history file {self.path} was damaged ({damage}). It was moved to {aside} "
            "and a new, empty history was started; the old file is kept in case it can be rescued."
        )
        try:
            return self._connect()
        except sqlite3.Error as exc:
            raise self._unavailable(exc) from exc

    def _move_aside(self) -> Path:
        stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(self._clock.wall()))
        aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        counter = 1
        while aside.exists():
            counter += 1
            aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{counter}")
        try:
            self.path.replace(aside)
            wal = self.path.with_name(self.path.name + "-wal")
            if wal.exists():
                wal.replace(aside.with_name(aside.name + "-wal"))
            with contextlib.suppress(FileNotFoundError):
                self.path.with_name(self.path.name + "-shm").unlink()
        except OSError as exc:
            raise LogUnavailable(
                f"The history file {self.path} is damaged and could not be moved aside "
                f"({_reason(exc)}). Nothing will be logged until it is moved or deleted.",
                self.path,
            ) from exc
        return aside

    def _migrate(self) -> None:
        with self._lock:
            try:
                schema.migrate(self._conn)
            except schema.NewerSchemaError as exc:
                raise LogUnavailable(
                    f"The history file {self.path} was written by a newer BackCoach ({exc}). "
                    "It was left untouched; update BackCoach to use it.",
                    self.path,
                ) from exc
            except sqlite3.Error as exc:
                raise self._unavailable(exc) from exc

    def _recover_abandoned(self) -> None:
        with self._read() as conn:
            tokens = [
                row[0]
                for row in conn.execute(
                    "SELECT DISTINCT owner FROM sessions WHERE status = 'in-progress'"
                )
            ]
        dead = [token for token in tokens if not owners.owner_alive(self._owners_dir, token)]
        if not dead:
            return
        recovered: list[int] = []
        with self._write(durable=True) as conn:
            for token in dead:
                where = "status = 'in-progress' AND owner IS ?"
                recovered += [
                    row[0]
                    for row in conn.execute(f"SELECT id FROM sessions WHERE {where}", (token,))
                ]
                conn.execute(
                    "UPDATE sessions SET status = 'interrupted', owner = NULL,"
                    " ended_at = COALESCE(checkpointed_at, started_at + done_s),"
                    f" end_utc_offset_s = utc_offset_s WHERE {where}",
                    (token,),
                )
        self.recovered = tuple(sorted(recovered))

    def _add_kept_sessions(self) -> None:
        """Add the sessions kept in files because the log was locked when they ended."""
        for kept_file, record in pending.kept(self.path):
            ended_at = record.started_at + record.done_s
            if record.ended_at is not None:
                ended_at = record.ended_at
            with self._write(durable=True) as conn:
                row = conn.execute(
                    "SELECT id FROM sessions WHERE started_at = ? AND routine_id IS ?",
                    (record.started_at, record.routine_id),
                ).fetchone()
                if row is None:
                    self._insert(conn, record)
                else:
                    conn.execute(
                        "UPDATE sessions SET ended_at = ?, end_utc_offset_s = ?, planned_s = ?,"
                        " done_s = ?, status = ?, effort = ?, pain = ?, note = ?, owner = NULL"
                        " WHERE id = ?",
                        (
                            ended_at,
                            self._end_offset(record, ended_at),
                            *_outcome(record),
                            row[0],
                        ),
                    )
                    self._replace_steps(conn, row[0], record.steps)
            with contextlib.suppress(OSError):
                kept_file.unlink()

    def _unavailable(self, exc: BaseException) -> LogUnavailable:
        if isinstance(exc, sqlite3.Error) and _is_corrupt(exc):
            return self._damaged(exc)
        return LogUnavailable(
            f"BackCoach cannot write its history file {self.path}: {_reason(exc)}.",
            self.path,
            busy=_is_busy(exc),
        )

    def _damaged(self, exc: sqlite3.Error) -> LogUnavailable:
        """Flag the file for a full check at the next open and say so."""
        with contextlib.suppress(OSError):
            self._check_marker.touch()
        return LogDamaged(
            f"The history file {self.path} is damaged ({exc}). BackCoach will set it aside and "
            "start a new one.",
            self.path,
        )

    # -- transactions ----------------------------------------------------------------------

    @contextlib.contextmanager
    def _write(self, durable: bool) -> Iterator[sqlite3.Connection]:
        """Run the body in one write transaction; with ``durable``, fsync before returning."""
        with self._lock:
            conn = self._conn
            try:
                if durable:
                    conn.execute("PRAGMA synchronous = FULL")
                try:
                    conn.execute("BEGIN IMMEDIATE")
                    yield conn
                    conn.execute("COMMIT")
                except BaseException:
                    if conn.in_transaction:
                        with contextlib.suppress(sqlite3.Error):
                            conn.execute("ROLLBACK")
                    raise
                finally:
                    if durable:
                        with contextlib.suppress(sqlite3.Error):
                            conn.execute("PRAGMA synchronous = NORMAL")
            except sqlite3.Error as exc:
                raise self._unavailable(exc) from exc

    @contextlib.contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            try:
                yield self._conn
            except sqlite3.Error as exc:
                if _is_corrupt(exc):
                    raise self._damaged(exc) from exc
                raise LogUnavailable(
                    f"BackCoach cannot read its history file {self.path}: {_reason(exc)}.",
                    self.path,
                    busy=_is_busy(exc),
                ) from exc

    # -- writing ---------------------------------------------------------------------------

    def begin(self, record: SessionRecord) -> int:
        """Log a session that has just started; return its id. Durable before returning."""
        with self._write(durable=True) as conn:
            session_id = self._insert(conn, record)
        return session_id

    def checkpoint(self, session_id: int, record: SessionRecord) -> None:
        """Save what has been done so far in an in-progress session (cheap: no fsync).

        It survives the app being killed; after a power cut the log keeps at
        least the state at ``begin``.
        """
        with self._write(durable=False) as conn:
            cursor = conn.execute(
                "UPDATE sessions SET planned_s = ?, done_s = ?, checkpointed_at = ?"
                " WHERE id = ? AND status = 'in-progress'",
                (record.planned_s, record.done_s, self._clock.wall(), session_id),
            )
            if cursor.rowcount != 1:
                raise ValueError(f"session {session_id} is not in progress in the log")
            self._replace_steps(conn, session_id, record.steps)

    def finish(self, session_id: int, record: SessionRecord) -> None:
        """Save the session's final state; it is on disk (fsync) when this returns."""
        if record.status is SessionStatus.IN_PROGRESS:
            raise ValueError("finish() needs the session's final status, not in-progress")
        ended_at = record.ended_at if record.ended_at is not None else self._clock.wall()
        with self._write(durable=True) as conn:
            cursor = conn.execute(
                "UPDATE sessions SET ended_at = ?, end_utc_offset_s = ?, planned_s = ?, done_s = ?,"
                " status = ?, effort = ?, pain = ?, note = ?, owner = NULL, checkpointed_at = ?"
                " WHERE id = ?",
                (
                    ended_at,
                    self._end_offset(record, ended_at),
                    *_outcome(record),
                    self._clock.wall(),
                    session_id,
                ),
            )
            if cursor.rowcount != 1:
                raise ValueError(f"session {session_id} is not in the log")
            self._replace_steps(conn, session_id, record.steps)

    def add(self, record: SessionRecord) -> int:
        """Log a whole finished session in one durable transaction; return its id."""
        if record.status is SessionStatus.IN_PROGRESS:
            raise ValueError("add() takes a finished session")
        with self._write(durable=True) as conn:
            return self._insert(conn, record)

    def add_many(self, records: Iterable[SessionRecord]) -> list[int]:
        """Log many finished sessions in one durable transaction (imports, generated data)."""
        with self._write(durable=True) as conn:
            ids = []
            for record in records:
                if record.status is SessionStatus.IN_PROGRESS:
                    raise ValueError("add_many() takes finished sessions")
                ids.append(self._insert(conn, record))
            return ids

    def set_feedback(
        self, session_id: int, effort: int | None, pain: int | None, note: str = ""
    ) -> None:
        """Store the answers asked after a session (each 0-10, or None when skipped)."""
        with self._write(durable=True) as conn:
            cursor = conn.execute(
                "UPDATE sessions SET effort = ?, pain = ?, note = ? WHERE id = ?",
                (_score(effort, "effort"), _score(pain, "pain"), note, session_id),
            )
            if cursor.rowcount != 1:
                raise ValueError(f"session {session_id} is not in the log")

    def log_break_event(
        self,
        kind: BreakKind | str,
        at: float | None = None,
        routine_id: str | None = None,
        *,
        utc_offset_s: int | None = None,
    ) -> int:
        """Log a desk-break event; return its id.

        ``at`` defaults to now and ``utc_offset_s`` to this computer's offset at ``at``.
        """
        kind = BreakKind(kind)
        at = self._clock.wall() if at is None else at
        offset = self._offset_at(at) if utc_offset_s is None else utc_offset_s
        with self._write(durable=False) as conn:
            cursor = conn.execute(
                "INSERT INTO break_events (kind, at, utc_offset_s, local_day, routine_id)"
                " VALUES (?, ?, ?, ?, ?)",
                (kind.value, at, offset, local_day_number(at, offset), routine_id),
            )
            return int(cursor.lastrowid or 0)

    def _end_offset(self, record: SessionRecord, ended_at: float) -> int:
        """Return the UTC offset at the end: this computer's, if the session began in its zone.

        A record from elsewhere (an import, another zone) keeps its start offset.
        """
        if self._offset_at(record.started_at) == record.utc_offset_s:
            return self._offset_at(ended_at)
        return record.utc_offset_s

    def _insert(self, conn: sqlite3.Connection, record: SessionRecord) -> int:
        in_progress = record.status is SessionStatus.IN_PROGRESS
        assert self._owner is not None
        ended_at = record.ended_at
        cursor = conn.execute(
            "INSERT INTO sessions (routine_id, routine_title, routine_kind, content_hash,"
            " started_at, utc_offset_s, local_day, ended_at, end_utc_offset_s, planned_s, done_s,"
            " status, effort, pain, note, source, owner, owner_pid, checkpointed_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                record.routine_id,
                record.routine_title,
                record.routine_kind,
                record.content_hash,
                record.started_at,
                record.utc_offset_s,
                local_day_number(record.started_at, record.utc_offset_s),
                ended_at,
                None if ended_at is None else self._end_offset(record, ended_at),
                *_outcome(record),
                record.source,
                self._owner.token if in_progress else None,
                os.getpid() if in_progress else None,
                self._clock.wall(),
            ),
        )
        session_id = int(cursor.lastrowid or 0)
        self._replace_steps(conn, session_id, record.steps, fresh=True)
        return session_id

    @staticmethod
    def _replace_steps(
        conn: sqlite3.Connection, session_id: int, steps: Sequence[StepRecord], fresh: bool = False
    ) -> None:
        if not fresh:
            conn.execute("DELETE FROM session_steps WHERE session_id = ?", (session_id,))
        conn.executemany(
            "INSERT INTO session_steps (session_id, position, pointer, name, planned_s, done_s,"
            " planned_reps, done_reps, skipped) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    session_id,
                    position,
                    step.pointer,
                    step.name,
                    step.planned_s,
                    step.done_s,
                    step.planned_reps,
                    step.done_reps,
                    int(step.skipped),
                )
                for position, step in enumerate(steps)
            ],
        )

    # -- reading ---------------------------------------------------------------------------

    def session(self, session_id: int) -> LoggedSession:
        """Return one session with its steps; ``KeyError`` if there is none with that id."""
        with self._read() as conn:
            row = conn.execute(
                f"SELECT {_SESSION_COLUMNS} FROM sessions WHERE id = ?", (session_id,)
            ).fetchone()
            if row is None:
                raise KeyError(session_id)
            steps = conn.execute(
                f"SELECT {_STEP_COLUMNS} FROM session_steps WHERE session_id = ? ORDER BY position",
                (session_id,),
            ).fetchall()
        return _logged(row, [_step(s) for s in steps])

    def sessions(
        self,
        *,
        since: date | None = None,
        until: date | None = None,
        routine_id: str | None = None,
        with_steps: bool = False,
        newest_first: bool = False,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[LoggedSession]:
        """Return sessions filtered by local day (inclusive) and routine, oldest first by default.

        ``limit`` and ``offset`` page through the result in its order.
        """
        clause, params = _session_filter(since, until, routine_id)
        order = "DESC" if newest_first else "ASC"
        page = ""
        if limit is not None or offset:
            page = " LIMIT ? OFFSET ?"
            params = [*params, -1 if limit is None else limit, offset]
        with self._read() as conn:
            rows = conn.execute(
                f"SELECT {_SESSION_COLUMNS} FROM sessions{clause}"
                f" ORDER BY started_at {order}, id {order}{page}",
                params,
            ).fetchall()
            steps_by_session: dict[int, list[StepRecord]] = {}
            if with_steps and rows:
                ids = [row[0] for row in rows]
                for chunk in range(0, len(ids), 500):
                    wanted = ids[chunk : chunk + 500]
                    marks = ", ".join("?" * len(wanted))
                    step_rows = conn.execute(
                        f"SELECT session_id, {_STEP_COLUMNS} FROM session_steps"
                        f" WHERE session_id IN ({marks}) ORDER BY session_id, position",
                        wanted,
                    )
                    for step_row in step_rows:
                        steps_by_session.setdefault(step_row[0], []).append(_step(step_row[1:]))
        return [_logged(row, steps_by_session.get(row[0], [])) for row in rows]

    def count_sessions(
        self,
        *,
        since: date | None = None,
        until: date | None = None,
        routine_id: str | None = None,
    ) -> int:
        """Return how many sessions ``sessions`` would return with the same filters."""
        clause, params = _session_filter(since, until, routine_id)
        with self._read() as conn:
            return int(conn.execute(f"SELECT COUNT(*) FROM sessions{clause}", params).fetchone()[0])

    def fetch(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        """Run one read-only query and return its rows (for the statistics of this package)."""
        with self._read() as conn:
            return conn.execute(sql, params).fetchall()

    def break_events(
        self, *, since: date | None = None, until: date | None = None
    ) -> list[BreakEvent]:
        """Return desk-break events oldest first, filtered by local day (inclusive)."""
        where, params = _day_filter(since, until)
        clause = f" WHERE {' AND '.join(where)}" if where else ""
        with self._read() as conn:
            rows = conn.execute(
                "SELECT id, kind, at, utc_offset_s, routine_id FROM break_events"
                f"{clause} ORDER BY at, id",
                params,
            ).fetchall()
        return [BreakEvent(row[0], _BREAK_KIND[row[1]], row[2], row[3], row[4]) for row in rows]

    # -- closing ---------------------------------------------------------------------------

    def close(self) -> None:
        """Close the file and give up ownership of this process's sessions."""
        with self._lock:
            with contextlib.suppress(sqlite3.Error, AttributeError):
                self._conn.close()
            if self._owner is not None:
                self._owner.release()
                self._owner = None

    def __enter__(self) -> HistoryStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _outcome(record: SessionRecord) -> tuple[object, ...]:
    """Return planned_s, done_s, status, effort, pain, note: the columns a session ends with."""
    return (
        record.planned_s,
        record.done_s,
        record.status.value,
        _score(record.effort, "effort"),
        _score(record.pain, "pain"),
        record.note,
    )


def _score(value: object, what: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10:
        raise ValueError(f"{what} must be a whole number from 0 to 10, not {value!r}")
    return value


def _session_filter(
    since: date | None, until: date | None, routine_id: str | None
) -> tuple[str, list[object]]:
    where, params = _day_filter(since, until)
    if routine_id is not None:
        where.append("routine_id = ?")
        params.append(routine_id)
    return (f" WHERE {' AND '.join(where)}" if where else ""), params


def _day_filter(since: date | None, until: date | None) -> tuple[list[str], list[object]]:
    """Return WHERE terms and parameters for local days ``since``..``until`` (inclusive)."""
    where: list[str] = []
    params: list[object] = []
    if since is not None:
        where.append("local_day >= ?")
        params.append(day_number(since))
    if until is not None:
        where.append("local_day <= ?")
        params.append(day_number(until))
    return where, params


def _step(row: Sequence[Any]) -> StepRecord:
    pointer, name, planned_s, done_s, planned_reps, done_reps, skipped = row
    return StepRecord(
        pointer=str(pointer),
        name=str(name),
        planned_s=float(planned_s),
        done_s=float(done_s),
        planned_reps=planned_reps,
        done_reps=done_reps,
        skipped=bool(skipped),
    )


def _logged(row: Sequence[Any], steps: list[StepRecord]) -> LoggedSession:
    (session_id, routine_id, title, kind, content_hash, started_at, offset, ended_at,
     end_offset, planned_s, done_s, status, effort, pain, note, source) = row  # fmt: skip
    record = SessionRecord(
        routine_id=routine_id,
        routine_title=title,
        routine_kind=kind,
        content_hash=content_hash,
        started_at=started_at,
        utc_offset_s=offset,
        planned_s=planned_s,
        ended_at=ended_at,
        done_s=done_s,
        status=_STATUS[status],
        steps=steps,
        effort=effort,
        pain=pain,
        note=note,
        source=source,
    )
    return LoggedSession(int(session_id), record, end_offset)
