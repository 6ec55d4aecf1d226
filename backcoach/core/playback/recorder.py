"""Keep one playing session in the log: begun at its start, checkpointed, finished at its end.

``SessionRecorder`` listens to a ``Session``'s events, so any driver (the
terminal player, a window) gets the same logging by creating one:

- the first event (the session started) logs it as in progress (``begin``);
- a new top-level step, a pause, and otherwise every ``every_s`` seconds of
  play save the record so far (``checkpoint``), so a crash, a kill or a power
  cut leaves it in the log as interrupted with what was done;
- the end (finished or stopped) saves the final record durably (``finish``);
  ``saved_id`` is then the session's id, or None if it could not be saved, and
  only then may the user be told it is saved.

The log must not raise: the app's and the terminal's are a ``SafeLog``, which
reports a problem once and carries on.
"""

from __future__ import annotations

from backcoach.core.playback.record import SessionRecord
from backcoach.core.playback.session import (
    Finished,
    Paused,
    Progress,
    SegmentStarted,
    Session,
    SessionEvent,
    Stopped,
)
from backcoach.core.playback.session_log import SessionLog

CHECKPOINT_EVERY_S = 5.0


class SessionRecorder:
    """Logs ``session`` through ``log`` as it plays (see the module doc)."""

    def __init__(
        self, log: SessionLog, session: Session, every_s: float = CHECKPOINT_EVERY_S
    ) -> None:
        self.log = log
        self.session = session
        self.every_s = every_s
        self.session_id: int | None = None
        """The log's id of the session while it plays (None if it could not be logged)."""
        self.saved_id: int | None = None
        """Set at the end: the id of the saved session, or None if it was not saved."""
        self.ended = False
        self._begun = False
        self._step: int | None = None
        self._last_checkpoint = 0.0
        self._unsubscribe = session.subscribe(self._on_event)

    def _on_event(self, event: SessionEvent) -> None:
        if isinstance(event, (Finished, Stopped)):
            self._finish(event.record)
            return
        if not self._begun:
            self._begun = True
            self.session_id = self.log.begin(self.session.record())
            self._last_checkpoint = self.session.clock.monotonic()
        if isinstance(event, SegmentStarted):
            step = event.segment.step_index
            if self._step is not None and step != self._step:
                self.checkpoint()
            self._step = step
        elif isinstance(event, Paused) or (
            isinstance(event, Progress)
            and self.session.clock.monotonic() - self._last_checkpoint >= self.every_s
        ):
            self.checkpoint()

    def checkpoint(self) -> None:
        """Save the record so far now."""
        self._last_checkpoint = self.session.clock.monotonic()
        self.log.checkpoint(self.session_id, self.session.record())

    def _finish(self, record: SessionRecord) -> None:
        if self.ended:
            return
        self.ended = True
        self._unsubscribe()
        self.saved_id = self.log.finish(self.session_id, record)
