"""Everything the history window shows, computed from the log in one call.

Each session belongs to the local day on which it *started*, as the user saw
the clock then (its own UTC offset), so a late session that ends after
midnight counts for the evening it began, and daylight-saving changes or
travel never move a session to another day. Weeks run Monday to Sunday.

- Streak: consecutive days with at least one completed session that is not a
  desk break. The current streak is still alive today if it reached
  yesterday: it only breaks once a whole day passes without a session.
- Desk breaks are counted separately: break events ``taken`` or ``natural``,
  plus completed desk-break sessions; a ``taken`` event that names the routine
  of a desk-break session on the same day is the same break and counts once.
- Active minutes: the time actually done in every session (any status).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import NamedTuple

from backcoach.core.history.localtime import (
    day_from_number,
    day_number,
    local_datetime,
    local_day,
    week_start,
)
from backcoach.core.history.store import BreakKind, HistoryStore, LoggedSession
from backcoach.core.playback.record import SessionStatus, StepRecord
from backcoach.core.routine.model import RoutineKind

WEEKS_SHOWN = 12
_DESK = RoutineKind.DESK_BREAK.value


@dataclass(frozen=True)
class SessionSummary:
    """One line of the session list."""

    session_id: int
    day: date
    start: datetime
    """Local start time, aware, at the session's own offset."""
    routine_id: str
    routine_title: str
    routine_kind: str
    status: SessionStatus
    planned_s: float
    done_s: float
    effort: int | None
    pain: int | None
    note: str
    source: str


@dataclass(frozen=True)
class SessionDetail:
    """One session in full: its summary, end time and per-step record."""

    summary: SessionSummary
    end: datetime | None
    content_hash: str
    steps: tuple[StepRecord, ...]


class WeekMinutes(NamedTuple):
    """Active minutes in the week starting on Monday ``week_start``."""

    week_start: date
    minutes: float


class FeedbackPoint(NamedTuple):
    """The effort and back-pain answers after one session (either may be missing)."""

    session_id: int
    day: date
    started_at: float
    """UTC epoch seconds: orders several answers on one day."""
    routine_id: str
    effort: int | None
    pain: int | None


@dataclass(frozen=True)
class DeskBreakStats:
    """Desk breaks, shown apart from training sessions."""

    per_day: dict[date, int]
    today: int
    this_week: int
    current_streak: int
    longest_streak: int
    events: dict[BreakKind, int] = field(default_factory=dict)
    """How many reminders were taken, snoozed, skipped, and natural breaks, ever."""
    answers_by_day: list[NudgeAnswers] = field(default_factory=list)
    answers_by_week: list[NudgeAnswers] = field(default_factory=list)
    """How nudges were answered per day (last two weeks) and per week (last 12), oldest first."""


@dataclass(frozen=True)
class NudgeAnswers:
    """How the break nudges of one day or one week (from ``start``) were answered."""

    start: date
    taken: int = 0
    snoozed: int = 0
    skipped: int = 0

    @property
    def total(self) -> int:
        return self.taken + self.snoozed + self.skipped


ANSWER_DAYS_SHOWN = 14
"""Days in the nudge-answer chart's day view (the week view shows ``WEEKS_SHOWN``)."""


@dataclass(frozen=True)
class HistoryView:
    """What the history window shows, computed by ``compute_history``."""

    today: date
    minutes_by_day: dict[date, float]
    """Active minutes per local day, only days with activity."""
    current_streak: int
    longest_streak: int
    weekly_minutes: list[WeekMinutes]
    """The last ``WEEKS_SHOWN`` weeks, oldest first, ending with this week."""
    feedback: list[FeedbackPoint]
    """Effort and pain answers, oldest first."""
    recent_sessions: list[SessionSummary]
    """The newest sessions, newest first; page or filter with ``list_sessions``."""
    session_count: int
    routines: list[tuple[str, str]]
    """``(routine id, latest title)`` of every routine in the log, by title: the filter choices."""
    desk_breaks: DeskBreakStats
    total_minutes: float
    completed_sessions: int


def summarize(logged: LoggedSession) -> SessionSummary:
    """Return the list line for one stored session."""
    record = logged.record
    return SessionSummary(
        session_id=logged.session_id,
        day=local_day(record.started_at, record.utc_offset_s),
        start=local_datetime(record.started_at, record.utc_offset_s),
        routine_id=record.routine_id,
        routine_title=record.routine_title,
        routine_kind=record.routine_kind,
        status=record.status,
        planned_s=record.planned_s,
        done_s=record.done_s,
        effort=record.effort,
        pain=record.pain,
        note=record.note,
        source=record.source,
    )


def streaks(days: Iterable[date], today: date) -> tuple[int, int]:
    """Return ``(current, longest)`` runs of consecutive days among ``days``.

    The current run ends today, or yesterday if today has nothing yet.
    """
    present = {day.toordinal() for day in days}
    longest = run = 0
    previous = None
    for number in sorted(present):
        run = run + 1 if previous == number - 1 else 1
        longest = max(longest, run)
        previous = number
    cursor = today.toordinal()
    if cursor not in present:
        cursor -= 1
    current = 0
    while cursor in present:
        current += 1
        cursor -= 1
    return current, longest


def weekly_minutes(
    minutes_by_day: dict[date, float], today: date, weeks: int = WEEKS_SHOWN
) -> list[WeekMinutes]:
    """Return active minutes for the ``weeks`` weeks ending with the week of ``today``."""
    this_week = week_start(today)
    starts = [this_week - timedelta(weeks=back) for back in range(weeks - 1, -1, -1)]
    totals = dict.fromkeys(starts, 0.0)
    for day, minutes in minutes_by_day.items():
        if day >= starts[0]:
            start = week_start(day)
            if start in totals:
                totals[start] += minutes
    return [WeekMinutes(start, totals[start]) for start in starts]


def nudge_answers(
    store: HistoryStore, today: date, days: int = ANSWER_DAYS_SHOWN, weeks: int = WEEKS_SHOWN
) -> tuple[list[NudgeAnswers], list[NudgeAnswers]]:
    """Return nudges taken, snoozed and skipped per day (last ``days``) and per week, oldest first.

    A snooze and the later answer to the same nudge each count: the chart
    shows what the user chose each time a nudge asked.
    """
    first_week = week_start(today) - timedelta(weeks=weeks - 1)
    first_day = today - timedelta(days=days - 1)
    since = day_number(min(first_week, first_day))
    counted = (BreakKind.TAKEN, BreakKind.SNOOZED, BreakKind.SKIPPED)
    rows = store.fetch(
        "SELECT local_day, kind, COUNT(*) FROM break_events WHERE local_day >= ? AND kind IN"
        f" ({', '.join('?' * len(counted))}) GROUP BY local_day, kind",
        (since, *(kind.value for kind in counted)),
    )
    per_day: dict[date, dict[str, int]] = {}
    per_week: dict[date, dict[str, int]] = {}
    for number, kind, count in rows:
        day = day_from_number(number)
        for table, key in ((per_day, day), (per_week, week_start(day))):
            bucket = table.setdefault(key, {})
            bucket[kind] = bucket.get(kind, 0) + count

    def answers(start: date, table: dict[date, dict[str, int]]) -> NudgeAnswers:
        counts = table.get(start, {})
        return NudgeAnswers(
            start,
            counts.get(BreakKind.TAKEN.value, 0),
            counts.get(BreakKind.SNOOZED.value, 0),
            counts.get(BreakKind.SKIPPED.value, 0),
        )

    day_list = [answers(first_day + timedelta(days=n), per_day) for n in range(days)]
    week_list = [answers(first_week + timedelta(weeks=n), per_week) for n in range(weeks)]
    return day_list, week_list


def desk_break_stats(store: HistoryStore, today: date) -> DeskBreakStats:
    """Count desk breaks per day from break events and desk-break sessions (see module doc)."""
    kinds = tuple(BreakKind)
    kind_sums = ", ".join(f"SUM(kind = '{kind.value}')" for kind in kinds)
    taken, natural = kinds.index(BreakKind.TAKEN) + 1, kinds.index(BreakKind.NATURAL) + 1
    per_number: dict[int, int] = {}
    totals = [0] * (len(kinds) + 1)
    for row in store.fetch(f"SELECT local_day, {kind_sums} FROM break_events GROUP BY local_day"):
        for column in range(1, len(row)):
            totals[column] += row[column]
        if row[taken] or row[natural]:
            per_number[row[0]] = row[taken] + row[natural]
    unmatched_desk_sessions = store.fetch(
        "SELECT d, SUM(MAX(0, s.n - COALESCE(t.n, 0))) FROM"
        " (SELECT local_day AS d, routine_id, COUNT(*) AS n FROM sessions"
        "   WHERE routine_kind = ? AND status = ? GROUP BY d, routine_id) AS s"
        " LEFT JOIN (SELECT local_day AS d, routine_id, COUNT(*) AS n FROM break_events"
        "   WHERE kind = ? AND routine_id IS NOT NULL GROUP BY d, routine_id) AS t"
        " USING (d, routine_id) GROUP BY d",
        (_DESK, SessionStatus.COMPLETED.value, BreakKind.TAKEN.value),
    )
    for number, count in unmatched_desk_sessions:
        if count:
            per_number[number] = per_number.get(number, 0) + count
    per_day = {day_from_number(number): count for number, count in per_number.items()}
    current, longest = streaks(per_day, today)
    monday = week_start(today)
    by_day, by_week = nudge_answers(store, today)
    return DeskBreakStats(
        per_day=per_day,
        today=per_day.get(today, 0),
        this_week=sum(n for day, n in per_day.items() if monday <= day <= today),
        current_streak=current,
        longest_streak=longest,
        events={kind: totals[i + 1] for i, kind in enumerate(kinds) if totals[i + 1]},
        answers_by_day=by_day,
        answers_by_week=by_week,
    )


def compute_history(store: HistoryStore, today: date, recent: int = 200) -> HistoryView:
    """Return everything the history window shows, as of the local day ``today``.

    The session list holds the ``recent`` newest sessions; the window asks
    ``list_sessions`` for more, or for a filtered list.
    """
    rows = store.fetch(
        "SELECT local_day, SUM(done_s), COUNT(*), SUM(status = ?),"
        " SUM(status = ? AND routine_kind != ?) FROM sessions GROUP BY local_day",
        (SessionStatus.COMPLETED.value, SessionStatus.COMPLETED.value, _DESK),
    )
    day_of = {number: day_from_number(number) for number, *_ in rows}
    minutes: dict[date, float] = {}
    streak_days: list[date] = []
    session_count = completed = 0
    for number, done_s, count, completed_here, training_here in rows:
        day = day_of[number]
        session_count += count
        completed += completed_here
        if done_s > 0:
            minutes[day] = done_s / 60.0
        if training_here:
            streak_days.append(day)
    feedback = [
        FeedbackPoint(session_id, day_of[number], started_at, routine_id, effort, pain)
        for session_id, number, started_at, routine_id, effort, pain in store.fetch(
            "SELECT id, local_day, started_at, routine_id, effort, pain"
            " FROM sessions INDEXED BY sessions_with_feedback"
            " WHERE effort IS NOT NULL OR pain IS NOT NULL ORDER BY started_at"
        )
    ]
    titles = store.fetch(
        "SELECT routine_id, routine_title, MAX(started_at) FROM sessions GROUP BY routine_id"
    )
    current, longest = streaks(streak_days, today)
    return HistoryView(
        today=today,
        minutes_by_day=minutes,
        current_streak=current,
        longest_streak=longest,
        weekly_minutes=weekly_minutes(minutes, today),
        feedback=feedback,
        recent_sessions=list_sessions(store, limit=recent),
        session_count=session_count,
        routines=sorted(
            ((routine_id, title) for routine_id, title, _ in titles),
            key=lambda item: (item[1].casefold(), item[0]),
        ),
        desk_breaks=desk_break_stats(store, today),
        total_minutes=sum(minutes.values()),
        completed_sessions=completed,
    )


def list_sessions(
    store: HistoryStore,
    *,
    routine_id: str | None = None,
    since: date | None = None,
    until: date | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[SessionSummary]:
    """Return session list lines, newest first, of one routine and/or local days since..until."""
    logged = store.sessions(
        routine_id=routine_id,
        since=since,
        until=until,
        newest_first=True,
        limit=limit,
        offset=offset,
    )
    return [summarize(item) for item in logged]


def session_detail(store: HistoryStore, session_id: int) -> SessionDetail:
    """Return one session in full; ``KeyError`` if the log has no such session."""
    logged = store.session(session_id)
    record = logged.record
    end = None
    if record.ended_at is not None:
        offset = logged.end_utc_offset_s
        end = local_datetime(record.ended_at, record.utc_offset_s if offset is None else offset)
    return SessionDetail(
        summary=summarize(logged),
        end=end,
        content_hash=record.content_hash,
        steps=tuple(record.steps),
    )
