"""Break reminders in the Qt event loop: polls the sitting tracker, shows and hides the nudge.

One single-shot timer, re-armed after every poll for exactly as long as the
tracker says (``next_check_in``: 30 s while counting, shorter only in the
last half minute before a nudge), as a very coarse timer when the wait is
long so the system can batch the wake-ups. Nothing else ticks.

The app connects ``start_routine_requested`` to the player and tells the
controller when a routine starts, completes or stops.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from backcoach.core.sitting import EventKind, SittingEvent, SittingStatus, SittingTracker
from backcoach.ui.nudge import NudgeWindow, spoken_prompt

_COARSE_FROM_S = 5.0


class ReminderController(QObject):
    """Runs a ``SittingTracker`` and turns its events into the nudge window and notifications."""

    start_routine_requested = Signal(str)
    """A routine id to play now (the desk break from a nudge, or one chosen in the menu)."""
    nudge_shown = Signal(str, int)
    """``due`` or ``repeat``, and the minutes of sitting: the tray shows a notification."""
    nudge_closed = Signal()

    def __init__(
        self,
        tracker: SittingTracker,
        *,
        desk_break_routine: str = "desk-break",
        speak: Callable[[str], None] | None = None,
        parent: QObject | None = None,
    ) -> None:
        """Drive ``tracker``; ``speak``, if given, says the prompt when a nudge first appears."""
        super().__init__(parent)
        self.tracker = tracker
        self.desk_break_routine = desk_break_routine
        self._speak = speak
        self._nudge: NudgeWindow | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.poll)

    @property
    def nudge(self) -> NudgeWindow:
        """Return the nudge window, created the first time it is needed (it costs memory)."""
        if self._nudge is None:
            self._nudge = NudgeWindow()
            self._nudge.start_break_clicked.connect(self.start_desk_break)
            self._nudge.snooze_clicked.connect(self.snooze)
            self._nudge.skip_clicked.connect(self.skip)
        return self._nudge

    # -- the loop --------------------------------------------------------------------------

    def start(self) -> None:
        """Arm the first poll."""
        self._arm()

    def stop(self) -> None:
        """Stop polling and close the nudge."""
        self._timer.stop()
        self._close_nudge()

    def poll(self) -> None:
        """Poll the tracker once, react to its events, and arm the next poll."""
        for event in self.tracker.poll():
            self._on_event(event)
        self._arm()

    def next_poll_in_ms(self) -> int:
        """Return the milliseconds until the armed poll (-1 if none is armed)."""
        return self._timer.remainingTime()

    def status(self) -> SittingStatus:
        """Return the tracker's snapshot (for the tray menu)."""
        return self.tracker.status()

    def _arm(self) -> None:
        seconds = self.tracker.next_check_in()
        coarse = seconds >= _COARSE_FROM_S
        self._timer.setTimerType(
            Qt.TimerType.VeryCoarseTimer if coarse else Qt.TimerType.CoarseTimer
        )
        self._timer.start(max(1, int(math.ceil(seconds * 1000))))

    def _on_event(self, event: SittingEvent) -> None:
        minutes = max(1, round(event.sitting_s / 60))
        if event.kind is EventKind.DUE:
            self.nudge.show_nudge(minutes)
            self.nudge_shown.emit("due", minutes)
            if self._speak is not None:
                self._speak(spoken_prompt(minutes))
        elif event.kind is EventKind.REPEAT:
            self.nudge.show_nudge(minutes, event.repeat)
            self.nudge_shown.emit("repeat", minutes)
        elif event.kind in (EventKind.IGNORED, EventKind.BREAK):
            self._close_nudge()

    def _close_nudge(self) -> None:
        if self._nudge is not None and self._nudge.isVisible():
            self._nudge.hide()
            self.nudge_closed.emit()

    # -- the user's choices ----------------------------------------------------------------

    def start_desk_break(self) -> None:
        """Log the break, restart the count and ask the app to play the desk-break routine."""
        self.tracker.take_break(self.desk_break_routine)
        self._after_answer()
        self.start_routine_requested.emit(self.desk_break_routine)

    def start_routine(self, routine_id: str) -> None:
        """Ask the app to play ``routine_id`` (chosen from the tray menu)."""
        self.start_routine_requested.emit(routine_id)

    def snooze(self) -> None:
        """Close the nudge; it comes back after 5 more minutes of sitting."""
        self.tracker.snooze()
        self._after_answer()

    def skip(self) -> None:
        """Close the nudge; the next one comes a whole interval later."""
        self.tracker.skip()
        self._after_answer()

    def pause_for(self, seconds: float) -> None:
        """Hold reminders back for ``seconds``."""
        self.tracker.pause_for(seconds)
        self._after_answer()

    def pause_until_tomorrow(self) -> None:
        """Hold reminders back until midnight."""
        self.tracker.pause_until_tomorrow()
        self._after_answer()

    def resume_reminders(self) -> None:
        """End a pause now."""
        self.tracker.resume_reminders()
        self._after_answer()

    # -- what the player reports -----------------------------------------------------------

    def routine_started(self) -> None:
        """Hold nudges back while the routine the player just began plays."""
        self.tracker.routine_started()
        self._after_answer()

    def routine_completed(self) -> None:
        """Count the routine the player just finished as a break."""
        self.tracker.routine_completed()
        self._after_answer()

    def routine_stopped(self) -> None:
        """Let reminders carry on after the player stopped a routine early."""
        self.tracker.routine_stopped()
        self._after_answer()

    def _after_answer(self) -> None:
        self._close_nudge()
        self._arm()
