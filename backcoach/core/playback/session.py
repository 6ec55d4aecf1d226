"""Play a timeline: a state machine over a clock that emits events and keeps the record.

The position in the timeline is always derived from the monotonic clock,
``position = anchor_position + (now - anchor_time)``, where the anchor moves
only when the user acts (pause, resume, next, back, restart, done) and never
per tick, so a long routine cannot drift however irregularly ``poll`` is called.

States::

    ready --start--> running <--pause/resume--> paused
                       |   ^                      ^
    end of a self-     v   | done                 | pause, or the computer slept
    paced estimate   waiting ---------------------+
                       |
    running/waiting/paused --stop--> stopped;  running --end of timeline--> finished

A driver (a Qt timer, the terminal loop) calls ``poll`` whenever it likes,
ideally after ``next_deadline()`` seconds, and at least every
``max_poll_interval_s``; events go to plain callbacks registered with
``subscribe``. Callbacks may call commands: events are queued and delivered
in order after each call has left the session consistent.

Sleep: if the monotonic clock moved more than ``sleep_gap_s`` between two
polls, or wall and monotonic time moved apart by more than ``clock_jump_s``,
the computer was most likely suspended. The session pauses at the position of
the last poll, so nothing is skipped; the time away is not counted as done.

Self-paced sets: an ``await-done`` segment plays for its estimate; ``done``
ends it at once. If the estimate runs out first, the session waits (state
``waiting``, timeline position standing at the end of the set, "press done"
cue) until ``done``; the waited time counts as time spent on the set.
"""

from __future__ import annotations

import bisect
import math
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum

from backcoach.core.clock import Clock, SystemClock
from backcoach.core.playback.completion import finished_status
from backcoach.core.playback.cues import Cue, CueRole, cue_sort_key
from backcoach.core.playback.record import SessionRecord, SessionStatus, StepRecord
from backcoach.core.playback.timeline import ACTION_KINDS, BlockKind, Segment, SegmentKind, Timeline

WORK_KINDS = ACTION_KINDS | {SegmentKind.REST}
"""Segments whose skipping makes a step count as skipped (not preparations or pauses)."""


class SessionState(str, Enum):
    READY = "ready"
    RUNNING = "running"
    PAUSED = "paused"
    WAITING = "waiting"
    FINISHED = "finished"
    STOPPED = "stopped"


class PauseReason(str, Enum):
    USER = "user"
    SLEEP = "sleep"


@dataclass(frozen=True)
class SegmentStarted:
    segment: Segment
    late_s: float = 0.0
    """How long after its planned moment the segment was reached (poll lateness)."""


@dataclass(frozen=True)
class CueDue:
    cue: Cue
    late_s: float = 0.0


@dataclass(frozen=True)
class Progress:
    position_s: float
    segment: Segment
    segment_remaining_s: float
    remaining_s: float
    waiting_s: float = 0.0
    """Seconds waited so far past a self-paced estimate (0 unless waiting)."""


@dataclass(frozen=True)
class Paused:
    position_s: float
    reason: PauseReason


@dataclass(frozen=True)
class Resumed:
    position_s: float


@dataclass(frozen=True)
class WaitingForDone:
    segment: Segment


@dataclass(frozen=True)
class Finished:
    record: SessionRecord


@dataclass(frozen=True)
class Stopped:
    record: SessionRecord


SessionEvent = (
    SegmentStarted | CueDue | Progress | Paused | Resumed | WaitingForDone | Finished | Stopped
)
Listener = Callable[[SessionEvent], None]

_ENDING_STATUSES = (
    SessionStatus.STOPPED_EARLY,
    SessionStatus.STOPPED_FOR_PAIN,
    SessionStatus.INTERRUPTED,
)


class Session:
    """One playing of one timeline. Not thread-safe: drive it from one thread."""

    def __init__(
        self,
        timeline: Timeline,
        cues: Iterable[Cue] = (),
        clock: Clock | None = None,
        *,
        source: str = "gui",
        sleep_gap_s: float = 5.0,
        clock_jump_s: float = 2.0,
        max_poll_interval_s: float = 1.0,
        stale_cue_s: float = 2.0,
    ) -> None:
        """Prepare to play ``timeline`` with ``cues`` (from ``plan_cues``) on ``clock``.

        ``stale_cue_s``: a cue found due more than this late (a stalled driver)
        is dropped rather than spoken out of time.
        """
        self.timeline = timeline
        self.clock: Clock = clock or SystemClock()
        self.source = source
        self.sleep_gap_s = sleep_gap_s
        self.clock_jump_s = clock_jump_s
        self.max_poll_interval_s = max_poll_interval_s
        self.stale_cue_s = stale_cue_s
        ordered = sorted(cues, key=cue_sort_key)
        self.cues: tuple[Cue, ...] = tuple(c for c in ordered if c.role is not CueRole.WAITING)
        self._waiting_cues: dict[int, list[Cue]] = {}
        for cue in ordered:
            if cue.role is CueRole.WAITING:
                self._waiting_cues.setdefault(cue.segment, []).append(cue)
        self._cue_keys = [(cue.at_s, cue.segment) for cue in self.cues]
        self._await_indices = [
            s.index for s in timeline.segments if s.kind is SegmentKind.AWAIT_DONE
        ]
        self._step_segments: list[list[int]] = [[] for _ in timeline.steps]
        for segment in timeline.segments[:-1]:
            self._step_segments[segment.step_index].append(segment.index)

        self._listeners: list[Listener] = []
        self._queue: deque[SessionEvent] = deque()
        self._delivering = False

        self._state = SessionState.READY
        self._resume_to = SessionState.RUNNING
        self._seg = 0
        self._cue = 0
        self._pos = 0.0
        """Timeline position up to which events were fired and time accounted."""
        self._anchor_pos = 0.0
        self._anchor_mono = 0.0
        self._last_mono = 0.0
        self._last_wall = 0.0
        self._wait_accounted = 0.0
        self._waited_s = 0.0
        self._played = [0.0] * len(timeline.segments)
        self._completed = [0] * len(timeline.segments)
        self._skipped: set[int] = set()
        self._reps_done = [0] * len(timeline.steps)
        self._started_at: float | None = None
        self._ended_at: float | None = None
        self._status = SessionStatus.IN_PROGRESS
        self.dropped_cues = 0
        """How many cues were dropped for being found too late."""

    # -- observing ------------------------------------------------------------------------

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener`` with every event from now on; return a function that unsubscribes."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    @property
    def state(self) -> SessionState:
        return self._state

    @property
    def current_segment(self) -> Segment:
        return self.timeline.segments[self._seg]

    @property
    def position_s(self) -> float:
        """Return the timeline position now (events may not have been fired for it yet)."""
        if self._state is SessionState.RUNNING:
            return self._clamped(self._raw_target(self.clock.monotonic()))
        return self._pos

    def next_deadline(self) -> float | None:
        """Return seconds until the next boundary, cue or countdown second; ``None`` if idle.

        Never more than ``max_poll_interval_s``, so sleep detection keeps working.
        """
        if self._state is SessionState.WAITING:
            return self.max_poll_interval_s
        if self._state is not SessionState.RUNNING:
            return None
        position = self._clamped(self._raw_target(self.clock.monotonic()))
        segment = self.timeline.segments[self._seg]
        remaining = segment.end_s - position
        until = [self.max_poll_interval_s, remaining]
        if self._cue < len(self.cues):
            until.append(self.cues[self._cue].at_s - position)
        if remaining > 0:
            fraction = remaining - math.floor(remaining)
            until.append(fraction if fraction > 1e-6 else 1.0)
        return max(0.0, min(until))

    # -- commands -------------------------------------------------------------------------

    def start(self) -> bool:
        """Begin playing from the start."""
        if self._state is not SessionState.READY:
            return False
        now, wall = self.clock.monotonic(), self.clock.wall()
        self._started_at = wall
        self._last_mono, self._last_wall = now, wall
        self._anchor_pos, self._anchor_mono = 0.0, now
        self._state = SessionState.RUNNING
        self._emit(SegmentStarted(self.timeline.segments[0]))
        self._advance(now)
        self._deliver()
        return True

    def poll(self) -> None:
        """Bring the session up to the clock: fire due events, detect sleep, report progress."""
        if self._state not in (SessionState.RUNNING, SessionState.WAITING):
            return
        now, wall = self.clock.monotonic(), self.clock.wall()
        gap = now - self._last_mono
        if gap > self.sleep_gap_s or abs((wall - self._last_wall) - gap) > self.clock_jump_s:
            self._last_mono, self._last_wall = now, wall
            self._pause(PauseReason.SLEEP)
            self._deliver()
            return
        self._last_mono, self._last_wall = now, wall
        if self._state is SessionState.WAITING:
            self._account_wait(now)
        else:
            self._advance(now)
        if self._state in (SessionState.RUNNING, SessionState.WAITING):
            self._emit(self._progress(now))
        self._deliver()

    def pause(self) -> bool:
        """Pause (from running or waiting)."""
        self.poll()
        if self._state not in (SessionState.RUNNING, SessionState.WAITING):
            return False
        self._pause(PauseReason.USER)
        self._deliver()
        return True

    def resume(self) -> bool:
        """Continue after a pause, from exactly where it stood."""
        if self._state is not SessionState.PAUSED:
            return False
        now, wall = self.clock.monotonic(), self.clock.wall()
        self._last_mono, self._last_wall = now, wall
        self._state = self._resume_to
        if self._state is SessionState.WAITING:
            self._wait_accounted = now
        else:
            self._anchor_pos, self._anchor_mono = self._pos, now
        self._emit(Resumed(self._pos))
        if self._state is SessionState.RUNNING:
            self._advance(now)
        self._deliver()
        return True

    def toggle_pause(self) -> bool:
        """Pause when playing, resume when paused."""
        return self.resume() if self._state is SessionState.PAUSED else self.pause()

    def next(self) -> bool:
        """Skip to the next block (exercise or rest); past the last one, finish."""
        if not self._movable():
            return False
        block = self.timeline.blocks[self.current_segment.block]
        target = self.timeline.blocks[min(block.index + 1, len(self.timeline.blocks) - 1)]
        self._jump(target.first_segment)
        return True

    def previous(self) -> bool:
        """Go back to the start of the previous exercise (rests in between are passed over).

        At the first exercise, start it again.
        """
        if not self._movable():
            return False
        blocks = self.timeline.blocks
        index = self.current_segment.block - 1
        while index >= 0 and blocks[index].kind is BlockKind.REST:
            index -= 1
        target = blocks[index] if index >= 0 else blocks[self.current_segment.block]
        self._jump(target.first_segment)
        return True

    def restart_step(self) -> bool:
        """Go back to the start of the current block (its preparation included)."""
        if not self._movable():
            return False
        self._jump(self.timeline.blocks[self.current_segment.block].first_segment)
        return True

    def done(self) -> bool:
        """Finish the current self-paced set now; ``False`` when not in one."""
        if not self._movable():
            return False
        segment = self.current_segment
        if segment.kind is not SegmentKind.AWAIT_DONE:
            return False
        now = self._last_mono
        if self._state is SessionState.RUNNING:
            self._account(self._clamped(self._raw_target(now)))
        self._complete(segment)
        self._seg = segment.index + 1
        self._pos = self._anchor_pos = segment.end_s
        self._anchor_mono = now
        self._cue = bisect.bisect_left(self._cue_keys, (segment.end_s, segment.index + 1))
        self._continue_after_move(now)
        return True

    def stop(self, status: SessionStatus = SessionStatus.STOPPED_EARLY) -> bool:
        """End the session before its end, with ``status`` (early, for pain, interrupted)."""
        if status not in _ENDING_STATUSES:
            raise ValueError(f"stop() takes an ending status, not {status.value!r}")
        self.poll()
        if self._state in (SessionState.READY, SessionState.FINISHED, SessionState.STOPPED):
            return False
        self._state = SessionState.STOPPED
        self._status = status
        self._ended_at = self.clock.wall()
        self._emit(Stopped(self.record()))
        self._deliver()
        return True

    # -- the record -----------------------------------------------------------------------

    def record(self) -> SessionRecord:
        """Return what was done so far: per top-level step, planned against done."""
        played = list(self._played)
        now = self.clock.monotonic()
        if self._state is SessionState.RUNNING:
            played[self._seg] += max(0.0, self._clamped(self._raw_target(now)) - self._pos)
        elif self._state is SessionState.WAITING:
            played[self._seg] += max(0.0, now - self._wait_accounted)
        segments = self.timeline.segments
        steps = []
        for plan, indices in zip(self.timeline.steps, self._step_segments, strict=True):
            skipped = any(
                i in self._skipped and not self._completed[i]
                for i in indices
                if segments[i].kind in WORK_KINDS
            )
            steps.append(
                StepRecord(
                    pointer=plan.pointer,
                    name=plan.name,
                    planned_s=plan.planned_s,
                    done_s=sum(played[i] for i in indices),
                    planned_reps=plan.planned_reps,
                    done_reps=self._reps_done[plan.index]
                    if plan.planned_reps is not None
                    else None,
                    skipped=skipped,
                )
            )
        started = self._started_at if self._started_at is not None else self.clock.wall()
        return SessionRecord(
            routine_id=self.timeline.routine_id,
            routine_title=self.timeline.title,
            routine_kind=self.timeline.routine_kind,
            content_hash=self.timeline.content_hash,
            started_at=started,
            utc_offset_s=time.localtime(started).tm_gmtoff,
            planned_s=self.timeline.total_s,
            ended_at=self._ended_at,
            done_s=sum(step.done_s for step in steps),
            status=self._status,
            steps=steps,
            source=self.source,
        )

    # -- machinery ------------------------------------------------------------------------

    def _emit(self, event: SessionEvent) -> None:
        self._queue.append(event)

    def _deliver(self) -> None:
        if self._delivering:
            return
        self._delivering = True
        try:
            while self._queue:
                event = self._queue.popleft()
                for listener in list(self._listeners):
                    listener(event)
        finally:
            self._delivering = False

    def _movable(self) -> bool:
        self.poll()
        return self._state in (SessionState.RUNNING, SessionState.WAITING, SessionState.PAUSED)

    def _raw_target(self, now: float) -> float:
        return self._anchor_pos + (now - self._anchor_mono)

    def _clamped(self, target: float) -> float:
        """Limit ``target`` to the end of the next unfinished self-paced set, and the end."""
        limit = self.timeline.total_s
        i = bisect.bisect_left(self._await_indices, self._seg)
        if i < len(self._await_indices):
            limit = min(limit, self.timeline.segments[self._await_indices[i]].end_s)
        return min(target, limit)

    def _account(self, upto: float) -> None:
        if upto > self._pos:
            self._played[self._seg] += upto - self._pos
            self._pos = upto

    def _account_wait(self, now: float) -> None:
        waited = max(0.0, now - self._wait_accounted)
        self._played[self._seg] += waited
        self._waited_s += waited
        self._wait_accounted = now

    def _complete(self, segment: Segment) -> None:
        self._completed[segment.index] += 1
        self._reps_done[segment.step_index] += segment.completes_reps

    def _fire_cues(self, target: float, raw: float, segment: Segment) -> None:
        cues = self.cues
        while self._cue < len(cues):
            cue = cues[self._cue]
            due = cue.at_s < segment.end_s or (
                cue.at_s == segment.end_s and cue.segment <= segment.index
            )
            if cue.at_s > target or not due:
                return
            self._cue += 1
            late = raw - cue.at_s
            if late > self.stale_cue_s:
                self.dropped_cues += 1
            else:
                self._emit(CueDue(cue, max(0.0, late)))

    def _advance(self, now: float) -> None:
        """Fire everything due up to the clock's position, in timeline order."""
        raw = self._raw_target(now)
        target = self._clamped(raw)
        segments = self.timeline.segments
        while True:
            segment = segments[self._seg]
            self._fire_cues(target, raw, segment)
            if segment.kind is SegmentKind.FINISH:
                self._finish()
                return
            if target < segment.end_s:
                break
            self._account(segment.end_s)
            if segment.kind is SegmentKind.AWAIT_DONE:
                self._start_waiting(segment, now - (raw - segment.end_s), now)
                return
            self._complete(segment)
            self._seg += 1
            self._emit(SegmentStarted(segments[self._seg], max(0.0, raw - segment.end_s)))
        self._account(target)

    def _start_waiting(self, segment: Segment, since: float, now: float) -> None:
        self._state = SessionState.WAITING
        self._anchor_pos = segment.end_s
        self._wait_accounted = since
        self._waited_s = 0.0
        self._account_wait(now)
        self._emit(WaitingForDone(segment))
        for cue in self._waiting_cues.get(segment.index, ()):
            self._emit(CueDue(cue, max(0.0, now - since)))

    def _pause(self, reason: PauseReason) -> None:
        self._resume_to = self._state
        self._anchor_pos = self._pos
        self._state = SessionState.PAUSED
        self._emit(Paused(self._pos, reason))

    def _jump(self, index: int) -> None:
        now = self._last_mono
        if self._state is SessionState.RUNNING:
            self._account(self._clamped(self._raw_target(now)))
        for skipped in range(self._seg, index):
            if not self._completed[skipped]:
                self._skipped.add(skipped)
        segment = self.timeline.segments[index]
        self._seg = index
        self._pos = self._anchor_pos = segment.start_s
        self._anchor_mono = now
        self._cue = bisect.bisect_left(self._cue_keys, (segment.start_s, segment.index))
        self._continue_after_move(now)

    def _continue_after_move(self, now: float) -> None:
        """After next/back/restart/done: announce the new segment and carry on."""
        if self._state is SessionState.WAITING:
            self._state = SessionState.RUNNING
        elif self._state is SessionState.PAUSED:
            self._resume_to = SessionState.RUNNING
        segment = self.current_segment
        self._emit(SegmentStarted(segment))
        if self._state is SessionState.RUNNING or segment.kind is SegmentKind.FINISH:
            self._advance(now)
        self._deliver()

    def _finish(self) -> None:
        self._state = SessionState.FINISHED
        self._status = finished_status(
            self.timeline.segments, self._played, self._completed, self._step_segments
        )
        self._ended_at = self.clock.wall()
        self._emit(Finished(self.record()))

    def _progress(self, now: float) -> Progress:
        segment = self.current_segment
        return Progress(
            position_s=self._pos,
            segment=segment,
            segment_remaining_s=max(0.0, segment.end_s - self._pos),
            remaining_s=max(0.0, self.timeline.total_s - self._pos),
            waiting_s=self._waited_s if self._state is SessionState.WAITING else 0.0,
        )
