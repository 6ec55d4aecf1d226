"""Play one routine for any view: session, log, voice lead-in, and the rule for moving.

The player window and ``backcoach run --headless`` are views of a
``Runner``. It owns what they both need:

- compiling the routine and planning its cues (``Runner.for_routine``);
- the ``Session`` and its ``SessionRecorder`` on the injected ``SessionLog``
  (begun at the start, checkpointed, finished at the end);
- the lead-in: the phrases of the first ``LEAD_IN_CUES_S`` seconds are
  handed to the voice first, and the clock starts when they are rendered or
  after ``LEAD_IN_MAX_S``, whichever comes first (docs/engine.md says why
  that long); the rest is rendered in the background while it plays;
- cues to the cue sink as they fall due, with how late they were found;
- cutting the voice: on pause (by the user or because the computer slept)
  and on stop; before next, back, restart and done it first polls (cues due
  up to now are delivered, then cut) and cuts, then moves.

The "poll me" contract: the driver (a single-shot ``QTimer``, the
terminal's wait for a key) sleeps ``next_deadline()`` seconds, or until the
user acts, and calls ``poll()``. ``None`` means nothing is due until a
command. The runner never sleeps, starts no thread and imports no Qt, so it
is tested on a fake clock.

Views ``subscribe`` to the session's events to show them; the runner's own
listener comes first (the voice is cut before anything is written), then
the recorder (the log has the end before a view shows it), then the views.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Protocol

from backcoach.core.clock import Clock
from backcoach.core.playback.cues import Cue, plan_cues, spoken_texts
from backcoach.core.playback.record import SessionRecord, SessionStatus
from backcoach.core.playback.recorder import SessionRecorder
from backcoach.core.playback.session import (
    CueDue,
    Listener,
    Paused,
    Session,
    SessionEvent,
    SessionState,
    WaitingForDone,
)
from backcoach.core.playback.session_log import SessionLog
from backcoach.core.playback.timeline import SegmentKind, Timeline, compile_routine
from backcoach.core.routine.model import Routine

LEAD_IN_CUES_S = 12.0
"""The phrases due in the first seconds, rendered before the clock starts."""
LEAD_IN_MAX_S = 2.0
"""The longest wait for those phrases before the clock starts anyway (see docs/engine.md)."""
LEAD_IN_POLL_S = 0.05
"""How often the driver is asked to poll while the lead-in waits for the voice."""

_ACTIVE_STATES = (SessionState.RUNNING, SessionState.WAITING, SessionState.PAUSED)


class RunnerVoice(Protocol):
    """What the runner needs from the voice (``Speaker`` provides it; so does ``Silence``)."""

    def prepare(self, texts: Iterable[str]) -> None:
        """Render these phrases in the background so they play on the beat."""
        ...

    def wait_prepared(self, timeout_s: float) -> bool:
        """Return whether every phrase asked for is rendered (waiting at most ``timeout_s``)."""
        ...

    def cut(self) -> None:
        """Silence everything now and forget every cue not yet played."""
        ...


class TimedCueSink(Protocol):
    """Voices a cue as it falls due (``SpokenCues`` for sound); returns at once."""

    def cue(self, cue: Cue, late_s: float = 0.0) -> None:
        """Deliver ``cue`` now; its mark was ``late_s`` seconds ago."""
        ...


class Silence:
    """A voice and cue sink that says nothing: for a run without sound (e.g. sped up)."""

    def prepare(self, texts: Iterable[str]) -> None:
        pass

    def wait_prepared(self, timeout_s: float) -> bool:
        return True

    def cut(self) -> None:
        pass

    def cue(self, cue: Cue, late_s: float = 0.0) -> None:
        pass


class Runner:
    """Plays one timeline through its ports; see the module doc for the contract."""

    def __init__(
        self,
        timeline: Timeline,
        cues: Iterable[Cue],
        clock: Clock,
        voice: RunnerVoice,
        sink: TimedCueSink,
        log: SessionLog,
        *,
        source: str,
        on_begin: Callable[[], None] | None = None,
        auto_done: bool = False,
        lead_in_max_s: float = LEAD_IN_MAX_S,
    ) -> None:
        """Prepare to play ``timeline`` with ``cues``; nothing happens before ``start``.

        ``on_begin`` is called when the session's clock starts (after the
        lead-in). ``auto_done``: a self-paced set counts as done when its
        estimate runs out (for a player with no keys).
        """
        self.timeline = timeline
        self.cues: tuple[Cue, ...] = tuple(cues)
        self.clock = clock
        self.voice = voice
        self.sink = sink
        self.log = log
        self.auto_done = auto_done
        self.lead_in_max_s = lead_in_max_s
        self._on_begin = on_begin
        self._leading_in = False
        self._lead_in_until = 0.0
        self._done_due = False
        self._stopping = False
        self.session = Session(timeline, self.cues, clock, source=source)
        self.session.subscribe(self._on_event)
        self.recorder = SessionRecorder(log, self.session)

    @classmethod
    def for_routine(
        cls,
        routine: Routine,
        language: str,
        words_per_minute: float,
        clock: Clock,
        voice: RunnerVoice,
        sink: TimedCueSink,
        log: SessionLog,
        *,
        source: str,
        on_begin: Callable[[], None] | None = None,
        auto_done: bool = False,
        lead_in_max_s: float = LEAD_IN_MAX_S,
    ) -> Runner:
        """Compile ``routine`` in ``language``, plan its cues at the speech rate, and wrap it."""
        timeline = compile_routine(routine, language)
        cues = plan_cues(timeline, words_per_minute=words_per_minute)
        return cls(
            timeline,
            cues,
            clock,
            voice,
            sink,
            log,
            source=source,
            on_begin=on_begin,
            auto_done=auto_done,
            lead_in_max_s=lead_in_max_s,
        )

    # -- observing ------------------------------------------------------------------------

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener`` with every session event (after the voice and the log had it)."""
        return self.session.subscribe(listener)

    @property
    def leading_in(self) -> bool:
        """Return whether the clock waits for the first phrases (started, not yet begun)."""
        return self._leading_in

    @property
    def playing(self) -> bool:
        """Return whether the session is under way (running, waiting or paused)."""
        return self.session.state in _ACTIVE_STATES

    @property
    def ended(self) -> bool:
        """Return whether the session finished or was stopped."""
        return self.session.state in (SessionState.FINISHED, SessionState.STOPPED)

    @property
    def saved_id(self) -> int | None:
        """Return the log's id of the ended session once it is saved, else None."""
        return self.recorder.saved_id

    def record(self) -> SessionRecord:
        """Return what was done so far (the final record once ended)."""
        return self.session.record()

    def next_deadline(self) -> float | None:
        """Return the seconds until ``poll`` should be called; ``None``: not until a command."""
        if self._leading_in:
            left = self._lead_in_until - self.clock.monotonic()
            return max(0.0, min(LEAD_IN_POLL_S, left))
        return self.session.next_deadline()

    # -- driving --------------------------------------------------------------------------

    def start(self) -> None:
        """Hand the first phrases to the voice; begin now if they are ready, else lead in."""
        if self._leading_in or self.session.state is not SessionState.READY:
            return
        first = [cue for cue in self.cues if cue.at_s < LEAD_IN_CUES_S]
        self.voice.prepare(spoken_texts(first))
        if self.voice.wait_prepared(0):
            self._begin()
        else:
            self._leading_in = True
            self._lead_in_until = self.clock.monotonic() + self.lead_in_max_s

    def poll(self) -> None:
        """Bring everything up to the clock: end the lead-in when due, fire due events."""
        if self._leading_in:
            if self.voice.wait_prepared(0) or self.clock.monotonic() >= self._lead_in_until:
                self._begin()
            return
        self.session.poll()
        if self._done_due:
            self._done_due = False
            self.session.done()

    def _begin(self) -> None:
        self._leading_in = False
        self.voice.prepare(spoken_texts(self.cues))
        self.session.start()
        if self._on_begin is not None:
            self._on_begin()

    # -- commands -------------------------------------------------------------------------

    def toggle_pause(self) -> bool:
        """Pause (the voice is cut) or resume."""
        return self.session.toggle_pause()

    def pause(self) -> bool:
        """Pause (the voice is cut); ``False`` when not running or waiting."""
        return self.session.pause()

    def resume(self) -> bool:
        """Go on after a pause."""
        return self.session.resume()

    def next(self) -> bool:
        """Skip to the next exercise or rest."""
        return self._move(self.session.next)

    def back(self) -> bool:
        """Go back to the previous exercise (at the first one: start it again)."""
        return self._move(self.session.previous)

    def restart_step(self) -> bool:
        """Start the current exercise again, its preparation included."""
        return self._move(self.session.restart_step)

    def done(self) -> bool:
        """Finish a self-paced set; does nothing (and cuts nothing) elsewhere."""
        if self.session.current_segment.kind is not SegmentKind.AWAIT_DONE:
            return False
        return self._move(self.session.done)

    def stop(self, status: SessionStatus = SessionStatus.STOPPED_EARLY) -> bool:
        """Cut the voice and end the session with ``status``; it is logged like any end.

        The voice is cut first, and a cue falling due while stopping is not
        voiced. Stopped during the lead-in, the session is started and
        stopped at once, so it is still logged.
        """
        if self._leading_in:
            self._leading_in = False
            self.session.start()
        if not self.playing:
            return False
        self.voice.cut()
        self._stopping = True
        try:
            return self.session.stop(status)
        finally:
            self._stopping = False

    def save_answers(self, effort: int | None, pain: int | None, note: str = "") -> bool:
        """Add the after-session answers to the saved session; return whether they were saved.

        Nothing is written when nothing was answered or the session is not saved.
        """
        if effort is None and pain is None and not note:
            return False
        if self.saved_id is None:
            return False
        return self.log.set_feedback(self.saved_id, effort, pain, note)

    # -- machinery ------------------------------------------------------------------------

    def _move(self, command: Callable[[], bool]) -> bool:
        """Poll (cues due before the move are delivered), cut the voice, then move."""
        if not self.playing:
            return False
        self.session.poll()
        self.voice.cut()
        return bool(command())

    def _on_event(self, event: SessionEvent) -> None:
        if isinstance(event, CueDue):
            if not self._stopping:
                self.sink.cue(event.cue, event.late_s)
        elif isinstance(event, Paused):
            self.voice.cut()
        elif isinstance(event, WaitingForDone) and self.auto_done:
            self._done_due = True
