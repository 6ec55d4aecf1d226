"""Break reminders in the Qt event loop: ``core.reminders.driver`` on a ``QTimer``.

One single-shot timer, re-armed after every poll for exactly as long as the
tracker says, as a very coarse timer when the wait is long so the system can
batch the wake-ups. Nothing else ticks. The nudge window is made when the
first nudge is due.

The app connects ``start_routine_requested`` to the player and tells the
controller when a routine starts, completes or stops.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from backcoach.core.reminders.driver import ReminderDriver
from backcoach.core.reminders.sitting import SittingTracker
from backcoach.ui.reminders.nudge import NudgeWindow, break_summary_for

_COARSE_FROM_S = 5.0


class _QtScheduler:
    """``core.reminders.driver.Scheduler`` on one single-shot ``QTimer``."""

    def __init__(self, parent: QObject) -> None:
        self.timer = QTimer(parent)
        self.timer.setSingleShot(True)
        self._callback: Callable[[], None] = lambda: None
        self.timer.timeout.connect(lambda: self._callback())

    def arm(self, delay_s: float, callback: Callable[[], None]) -> None:
        self._callback = callback
        coarse = delay_s >= _COARSE_FROM_S
        self.timer.setTimerType(
            Qt.TimerType.VeryCoarseTimer if coarse else Qt.TimerType.CoarseTimer
        )
        self.timer.start(max(1, int(math.ceil(delay_s * 1000))))

    def disarm(self) -> None:
        self.timer.stop()


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
        self._scheduler = _QtScheduler(self)
        self._nudge: NudgeWindow | None = None
        self.driver = ReminderDriver(
            tracker,
            self._scheduler,
            self._make_nudge,
            desk_break_routine=desk_break_routine,
            on_start_routine=self.start_routine_requested.emit,
            on_nudge_shown=self.nudge_shown.emit,
            on_nudge_closed=self.nudge_closed.emit,
            speak=speak,
        )
        # The loop, the user's choices and the player's reports are the driver's own methods
        # (documented there): the controller only adds the Qt timer, window and signals.
        driver = self.driver
        self.poll = driver.poll
        self.start_desk_break = driver.start_desk_break
        self.start_routine = driver.start_routine
        self.snooze = driver.snooze
        self.skip = driver.skip
        self.pause_for = driver.pause_for
        self.pause_until_tomorrow = driver.pause_until_tomorrow
        self.resume_reminders = driver.resume_reminders
        self.routine_started = driver.routine_started
        self.routine_completed = driver.routine_completed
        self.routine_stopped = driver.routine_stopped
        self.start = driver.start
        self.stop = driver.stop
        self.status = driver.status

    def _make_nudge(self) -> NudgeWindow:
        nudge = NudgeWindow()
        nudge.set_break(break_summary_for(self.driver.desk_break_routine))
        nudge.start_break_clicked.connect(self.driver.start_desk_break)
        nudge.snooze_clicked.connect(self.driver.snooze)
        nudge.skip_clicked.connect(self.driver.skip)
        self._nudge = nudge
        return nudge

    @property
    def tracker(self) -> SittingTracker:
        """Return the tracker being driven."""
        return self.driver.tracker

    @property
    def desk_break_routine(self) -> str:
        """Return the routine "Start desk break" plays."""
        return self.driver.desk_break_routine

    @desk_break_routine.setter
    def desk_break_routine(self, routine_id: str) -> None:
        changed = routine_id != self.driver.desk_break_routine
        self.driver.desk_break_routine = routine_id
        if changed and self._nudge is not None:
            self._nudge.set_break(break_summary_for(routine_id))

    @property
    def nudge(self) -> NudgeWindow:
        """Return the nudge window, created the first time it is needed (it costs memory)."""
        return self.driver.view

    def next_poll_in_ms(self) -> int:
        """Return the milliseconds until the armed poll (-1 if none is armed)."""
        return self._scheduler.timer.remainingTime()
