"""The sitting tracker: counts real time at the computer and says when a break is due.

Pure Python, driven by an injectable ``Clock`` and ``IdleSource``. The app
calls ``poll()`` whenever ``next_check_in()`` says, and reacts to the events
it returns; the user's answers to a nudge come back through ``snooze()``,
``skip()`` and ``take_break()``.

What counts as sitting:

- time at the computer, including short pauses in input (reading, thinking):
  an idle gap shorter than the threshold (default 5 min) keeps counting;
- an idle gap of the threshold or more is a natural break: the count starts
  again from zero when the user is back;
- a locked screen, and a computer asleep (wall and monotonic time drift
  apart, or the tracker was not polled for far longer than it asked), are
  breaks too;
- any routine done counts as a break (``routine_completed()``);
- with no way to measure input (``idle_seconds()`` is None), every unlocked
  waking minute counts.

When the count reaches the interval (default 30 min), a nudge is due, unless
reminders are paused, it is outside working hours, or the ``quiet`` check
(full-screen window, do-not-disturb) says not now; then it waits until that
ends. An unanswered nudge repeats every 5 min, 3 times at most, and is then
given up as ignored (the next one comes an interval later).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta, tzinfo
from enum import Enum
from typing import Any

from backcoach.core.clock import Clock
from backcoach.core.reminders import break_log as kinds
from backcoach.core.reminders.break_log import BreakLog, NullBreakLog
from backcoach.core.reminders.idle import IdleSource
from backcoach.core.reminders.working_hours import WorkingHours

INTERVAL_MIN_RANGE = (15, 120)
"""Allowed reminder interval in the settings, in minutes."""
IDLE_THRESHOLD_S_RANGE = (60, 1800)
"""Allowed idle threshold in the settings, in seconds."""

POLL_MAX_S = 30.0
"""The longest the app should wait between polls (how late a natural break may be noticed)."""
POLL_MIN_S = 1.0
"""The shortest wait between polls, used only in the last second before a nudge."""
QUIET_RECHECK_S = 60.0
"""How often to ask again whether a full-screen window or do-not-disturb still holds a nudge."""
ROUTINE_HOLD_MAX_S = 2 * 3600.0
"""The longest a routine in the player holds nudges back, should the player never report its end."""
SLEEP_DRIFT_S = 30.0
"""Wall time running this far ahead of monotonic time between two polls means a sleep."""

QuietCheck = Callable[[], "str | None"]
"""Returns why a nudge must wait now (``"fullscreen"``, ``"do-not-disturb"``), or None."""


class EventKind(str, Enum):
    DUE = "due"
    """A break is due: show the nudge."""
    REPEAT = "repeat"
    """The open nudge went unanswered: show it again, gently."""
    IGNORED = "ignored"
    """The nudge and all its repeats went unanswered: close it."""
    BREAK = "break"
    """The user left (``reason``: ``idle``, ``locked`` or ``sleep``): the count starts again."""
    DEFERRED = "deferred"
    """A break is due but waits (``reason``: ``paused``, ``outside-hours`` or a quiet reason)."""


@dataclass(frozen=True)
class SittingEvent:
    """Something the app should react to; ``at`` is UTC epoch seconds."""

    kind: EventKind
    at: float
    sitting_s: float
    reason: str | None = None
    repeat: int = 0
    """For ``REPEAT``: 1 for the first repeat, up to ``max_repeats``."""


@dataclass(frozen=True)
class TrackerConfig:
    """How the tracker behaves; all durations in seconds."""

    interval_s: float = 30 * 60
    idle_threshold_s: float = 5 * 60
    snooze_s: float = 5 * 60
    repeat_every_s: float = 5 * 60
    max_repeats: int = 3
    working_hours: WorkingHours | None = None
    """None: reminders at any time of day."""

    def __post_init__(self) -> None:
        for name in ("interval_s", "idle_threshold_s", "snooze_s", "repeat_every_s"):
            if not getattr(self, name) > 0:
                raise ValueError(f"{name} must be above 0, got {getattr(self, name)!r}")
        if self.max_repeats < 0:
            raise ValueError(f"max_repeats must be 0 or more, got {self.max_repeats!r}")

    @classmethod
    def from_settings(cls, settings: Any) -> TrackerConfig:
        """Build from a ``Settings``-like object.

        Reads ``reminder_interval_min``, ``idle_threshold_s``,
        ``working_hours_enabled`` and ``working_hours``; values outside the
        allowed ranges are brought into them. Raises ``ValueError`` (naming
        the day) when the working hours cannot be read.
        """
        interval_min = _clamp(float(settings.reminder_interval_min), *INTERVAL_MIN_RANGE)
        threshold = _clamp(float(settings.idle_threshold_s), *IDLE_THRESHOLD_S_RANGE)
        hours = None
        if settings.working_hours_enabled:
            hours = WorkingHours.parse(settings.working_hours)
        return cls(interval_s=interval_min * 60, idle_threshold_s=threshold, working_hours=hours)


@dataclass(frozen=True)
class SittingStatus:
    """A snapshot for the tray menu."""

    at: float
    """UTC epoch seconds when the snapshot was taken."""
    sitting_s: float
    due_in_s: float
    """Sitting seconds left until the next nudge (0 when one is due or open)."""
    nudge_open: bool
    away: bool
    """The user is on a break right now (idle, locked, asleep)."""
    paused_until: float | None
    """UTC epoch seconds when paused reminders resume, or None."""
    outside_hours: bool
    idle_measured: bool
    """False when the idle source cannot measure input and wall time is counted."""


@dataclass
class _OpenNudge:
    repeats: int
    next_repeat_at: float
    """In sitting seconds."""


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


class SittingTracker:
    """Counts sitting time and decides when to nudge. See the module docstring for the rules."""

    def __init__(
        self,
        clock: Clock,
        idle_source: IdleSource,
        config: TrackerConfig | None = None,
        *,
        quiet: QuietCheck | None = None,
        break_log: BreakLog | None = None,
        tz: tzinfo | None = None,
    ) -> None:
        """Start counting from zero now.

        ``tz`` is the time zone for working hours and "until tomorrow"
        (None: the computer's local time zone).
        """
        self._clock = clock
        self._idle = idle_source
        self._config = config or TrackerConfig()
        self._quiet = quiet
        self._log: BreakLog = break_log or NullBreakLog()
        self._tz = tz
        self._last_mono = clock.monotonic()
        self._last_wall = clock.wall()
        self._sitting_s = 0.0
        self._away = False
        self._idle_measured = True
        self._next_nudge_at = self._config.interval_s
        self._nudge: _OpenNudge | None = None
        self._deferred: str | None = None
        self._paused_until: float | None = None
        self._routine_since: float | None = None
        self.log_problem: str | None = None
        """The last error the break log raised, if any (reminders go on regardless)."""

    # -- reading ---------------------------------------------------------------------------

    @property
    def config(self) -> TrackerConfig:
        return self._config

    @property
    def idle_source(self) -> IdleSource:
        """Return where the idle time comes from."""
        return self._idle

    def sitting_seconds(self) -> float:
        """Return the sitting time counted so far, including the time since the last poll."""
        if self._away:
            return 0.0
        return self._sitting_s + max(0.0, self._clock.monotonic() - self._last_mono)

    def time_until_due(self) -> float:
        """Return the sitting seconds left until the next nudge (0 if due or open)."""
        if self._nudge is not None:
            return 0.0
        if self._away:
            return self._next_nudge_at
        return max(0.0, self._next_nudge_at - self.sitting_seconds())

    def status(self) -> SittingStatus:
        """Return a snapshot of the state, without asking the idle source."""
        wall = self._clock.wall()
        paused = self._paused_until if self._is_paused(wall) else None
        return SittingStatus(
            at=wall,
            sitting_s=self.sitting_seconds(),
            due_in_s=self.time_until_due(),
            nudge_open=self._nudge is not None,
            away=self._away,
            paused_until=paused,
            outside_hours=not self._in_working_hours(wall),
            idle_measured=self._idle_measured,
        )

    def next_check_in(self) -> float:
        """Return how many seconds the app may wait before the next ``poll()``.

        At most ``POLL_MAX_S`` (so a return or a break is noticed soon
        enough), and shorter only when a nudge or its repeat falls due sooner.
        """
        if self._away or self._routine_running():
            return POLL_MAX_S
        target = self._nudge.next_repeat_at if self._nudge else self._next_nudge_at
        remaining = target - self._sitting_s
        if remaining <= 0:  # due but held back: paused, outside hours, or quiet
            return QUIET_RECHECK_S if self._deferred not in (None, "paused") else POLL_MAX_S
        return _clamp(remaining, POLL_MIN_S, POLL_MAX_S)

    # -- the clock tick --------------------------------------------------------------------

    def poll(self) -> list[SittingEvent]:
        """Read the clock and the idle source, update the count, and return what happened."""
        mono, wall = self._clock.monotonic(), self._clock.wall()
        d_mono, d_wall = mono - self._last_mono, wall - self._last_wall
        self._last_mono, self._last_wall = mono, wall
        events: list[SittingEvent] = []

        reason = self._break_reason(max(0.0, d_mono), d_wall)
        if reason is not None:
            if not self._away:
                events.append(SittingEvent(EventKind.BREAK, wall, self._sitting_s, reason))
                if self._sitting_s > 0:
                    self._record(kinds.NATURAL, wall)
                self._reset()
                self._away = True
            return events

        self._away = False
        self._sitting_s += max(0.0, d_mono)
        if self._routine_running():
            return events
        if self._nudge is not None:
            events.extend(self._repeat_or_give_up(wall))
        elif self._sitting_s >= self._next_nudge_at:
            events.extend(self._open_nudge(wall))
        return events

    def _break_reason(self, d_mono: float, d_wall: float) -> str | None:
        # The app polls at least every POLL_MAX_S; a far longer gap means we did not run.
        if d_wall - d_mono >= SLEEP_DRIFT_S:
            return "sleep"
        if d_mono >= self._config.idle_threshold_s + POLL_MAX_S:
            return "sleep"
        if self._idle.is_locked():
            return "locked"
        idle = self._idle.idle_seconds()
        self._idle_measured = idle is not None
        if idle is not None and idle >= self._config.idle_threshold_s:
            return "idle"
        return None

    def _held_back(self, wall: float) -> str | None:
        if self._is_paused(wall):
            return "paused"
        if not self._in_working_hours(wall):
            return "outside-hours"
        if self._quiet is not None:
            return self._quiet()
        return None

    def _open_nudge(self, wall: float) -> list[SittingEvent]:
        held = self._held_back(wall)
        if held is not None:
            first_time = held != self._deferred
            self._deferred = held
            if first_time:
                return [SittingEvent(EventKind.DEFERRED, wall, self._sitting_s, held)]
            return []
        self._deferred = None
        self._nudge = _OpenNudge(0, self._sitting_s + self._config.repeat_every_s)
        return [SittingEvent(EventKind.DUE, wall, self._sitting_s)]

    def _repeat_or_give_up(self, wall: float) -> list[SittingEvent]:
        nudge = self._nudge
        assert nudge is not None
        if self._sitting_s < nudge.next_repeat_at:
            return []
        if nudge.repeats >= self._config.max_repeats:
            self._nudge = None
            self._next_nudge_at = self._sitting_s + self._config.interval_s
            self._record(kinds.IGNORED, wall)
            return [SittingEvent(EventKind.IGNORED, wall, self._sitting_s)]
        if self._held_back(wall) is not None:
            return []  # try again at the next poll; the nudge stays open
        nudge.repeats += 1
        nudge.next_repeat_at = self._sitting_s + self._config.repeat_every_s
        return [SittingEvent(EventKind.REPEAT, wall, self._sitting_s, repeat=nudge.repeats)]

    # -- the user's answers ----------------------------------------------------------------

    def snooze(self) -> None:
        """Close the nudge and bring it back after ``snooze_s`` more sitting."""
        self._postpone(self._config.snooze_s, kinds.SNOOZED)

    def skip(self) -> None:
        """Close the nudge without a break; the next one comes a whole interval later."""
        self._postpone(self._config.interval_s, kinds.SKIPPED)

    def _postpone(self, seconds: float, kind: str) -> None:
        self._catch_up()
        self._nudge = None
        self._deferred = None
        self._next_nudge_at = self._sitting_s + seconds
        self._record(kind, self._clock.wall())

    def reconfigure(self, config: TrackerConfig, quiet: QuietCheck | None = None) -> None:
        """Use new settings from now on; the sitting time counted so far is kept.

        A changed interval moves the next nudge by the difference (a nudge
        already due comes at the next poll); ``quiet`` replaces the quiet-time check.
        """
        self._catch_up()
        if self._nudge is None and self._deferred is None:
            moved = self._next_nudge_at + config.interval_s - self._config.interval_s
            self._next_nudge_at = max(self._sitting_s, moved)
        self._config = config
        self._quiet = quiet

    def take_break(self, routine_id: str | None = None) -> None:
        """Record that the user starts a break (usually the desk break) and start counting again.

        The player calls ``routine_started()`` when the routine really begins.
        """
        self._catch_up()
        self._record(kinds.TAKEN, self._clock.wall(), routine_id)
        self._reset()

    def routine_started(self) -> None:
        """Hold nudges back while a routine plays (at most ``ROUTINE_HOLD_MAX_S``)."""
        self._catch_up()
        self._routine_since = self._clock.monotonic()

    def routine_completed(self) -> None:
        """Count a routine done as a break: the count starts again and nudges may come."""
        self._catch_up()
        self._reset()
        self._routine_since = None

    def routine_stopped(self) -> None:
        """Let nudges come again after a routine stopped early; the count goes on."""
        self._catch_up()
        self._routine_since = None

    def _routine_running(self) -> bool:
        # A player that crashed never says the routine ended; do not stay silent forever.
        if self._routine_since is None:
            return False
        if self._clock.monotonic() - self._routine_since > ROUTINE_HOLD_MAX_S:
            self._routine_since = None
        return self._routine_since is not None

    # -- pausing ---------------------------------------------------------------------------

    def pause_for(self, seconds: float) -> None:
        """Hold reminders back for ``seconds`` of wall time (the count goes on)."""
        self._catch_up()
        self._pause_until(self._clock.wall() + seconds)

    def pause_until_tomorrow(self) -> None:
        """Hold reminders back until the next local midnight."""
        self._catch_up()
        local = self._local(self._clock.wall())
        midnight = datetime.combine(local.date() + timedelta(days=1), time(0), tzinfo=self._tz)
        self._pause_until(midnight.timestamp())

    def resume_reminders(self) -> None:
        """End a pause now."""
        self._paused_until = None
        if self._deferred == "paused":
            self._deferred = None

    def _pause_until(self, until: float) -> None:
        self._paused_until = until
        self._nudge = None  # pausing answers an open nudge

    # -- helpers ---------------------------------------------------------------------------

    def _catch_up(self) -> None:
        """Count the sitting since the last poll before the user's answer changes the plan."""
        if self._away:
            return
        mono = self._clock.monotonic()
        self._sitting_s += max(0.0, mono - self._last_mono)
        self._last_mono, self._last_wall = mono, self._clock.wall()

    def _reset(self) -> None:
        self._sitting_s = 0.0
        self._next_nudge_at = self._config.interval_s
        self._nudge = None
        self._deferred = None

    def _is_paused(self, wall: float) -> bool:
        if self._paused_until is not None and wall >= self._paused_until:
            self._paused_until = None
        return self._paused_until is not None

    def _local(self, wall: float) -> datetime:
        return datetime.fromtimestamp(wall, self._tz)

    def _in_working_hours(self, wall: float) -> bool:
        hours = self._config.working_hours
        return hours is None or hours.contains(self._local(wall))

    def _record(self, kind: str, at: float, routine_id: str | None = None) -> None:
        # The log must never stop the reminders: a full disk is reported, not raised.
        try:
            self._log.log_break_event(kind, at, routine_id)
        except Exception as exc:  # noqa: BLE001 - any log failure is reported the same way
            self.log_problem = f"could not log the {kind} break: {exc}"
        else:
            self.log_problem = None


__all__ = [
    "EventKind",
    "SittingEvent",
    "SittingStatus",
    "SittingTracker",
    "TrackerConfig",
]
