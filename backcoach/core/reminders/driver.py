"""Break reminders without a toolkit: polls the sitting tracker and shows or hides the nudge.

The tracker says when to look again (``next_check_in``: 30 s while counting,
shorter only in the last half minute before a nudge); the driver arms one
timer for exactly that long through a ``Scheduler`` and turns the tracker's
events into a ``NudgeView`` shown or hidden. The user's answers (start the
desk break, snooze, skip) and the menu's pauses come back through its methods.

Two front ends use it: the Qt app (``ui.reminders``, a ``QTimer`` and the
nudge window in-process) and the resident tray process (``resident``, its
select loop and a nudge window in a process of its own).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, Protocol, TypeVar

from backcoach.core.reminders.sitting import EventKind, SittingEvent, SittingStatus, SittingTracker
from backcoach.i18n import _, ngettext


class Scheduler(Protocol):
    """One re-armable timer."""

    def arm(self, delay_s: float, callback: Callable[[], None]) -> None:
        """Call ``callback`` after ``delay_s`` seconds, replacing any call still pending."""
        ...

    def disarm(self) -> None:
        """Cancel the pending call, if any."""
        ...


class NudgeView(Protocol):
    """Where a due break is shown: the nudge window with its three choices."""

    def show_nudge(self, minutes: int, repeat: int = 0) -> None:
        """Show or raise the nudge after ``minutes`` of sitting (``repeat``: 0 the first time)."""
        ...

    def hide_nudge(self) -> None:
        """Close the nudge."""
        ...

    def is_nudge_open(self) -> bool:
        """Return True while the nudge is on screen."""
        ...


def spoken_prompt(minutes: int) -> str:
    """Return what is said aloud when a nudge first appears."""
    return ngettext(
        "You have been sitting for a minute. Time to stand up and move.",
        "You have been sitting for {n} minutes. Time to stand up and move.",
        minutes,
    ).format(n=minutes)


def nudge_notification(kind: str, minutes: int) -> tuple[str, str]:
    """Return the desktop notification's title and text for a ``due`` or ``repeat`` nudge."""
    if kind == "due":
        text = ngettext(
            "You have been sitting for {n} minute.",
            "You have been sitting for {n} minutes.",
            minutes,
        ).format(n=minutes)
        return _("Time to stand up"), text
    return _("Still sitting"), _("A short break now will do your back good.")


View = TypeVar("View", bound=NudgeView)


class ReminderDriver(Generic[View]):
    """Runs a ``SittingTracker`` on a ``Scheduler`` and shows its nudges in a ``NudgeView``."""

    def __init__(
        self,
        tracker: SittingTracker,
        scheduler: Scheduler,
        view: Callable[[], View],
        *,
        desk_break_routine: str = "desk-break",
        on_start_routine: Callable[[str], None] = lambda _routine_id: None,
        on_nudge_shown: Callable[[str, int], None] = lambda _kind, _minutes: None,
        on_nudge_closed: Callable[[], None] = lambda: None,
        speak: Callable[[str], None] | None = None,
    ) -> None:
        """Drive ``tracker``.

        ``view`` makes the nudge view on first need (it may cost memory or a
        process). ``on_start_routine(id)``: play this routine now.
        ``on_nudge_shown(kind, minutes)``: ``due`` or ``repeat``, e.g. for a
        desktop notification. ``speak``: says the prompt when a nudge first appears.
        """
        self.tracker = tracker
        self.desk_break_routine = desk_break_routine
        self._scheduler = scheduler
        self._make_view = view
        self._view: View | None = None
        self._on_start_routine = on_start_routine
        self._on_nudge_shown = on_nudge_shown
        self._on_nudge_closed = on_nudge_closed
        self._speak = speak
        self.running = False

    @property
    def view(self) -> View:
        """Return the nudge view, made the first time it is needed."""
        if self._view is None:
            self._view = self._make_view()
        return self._view

    # -- the loop --------------------------------------------------------------------------

    def start(self) -> None:
        """Arm the first poll."""
        self.running = True
        self._arm()

    def stop(self) -> None:
        """Stop polling and close the nudge."""
        self.running = False
        self._scheduler.disarm()
        self._close_nudge()

    def poll(self) -> None:
        """Poll the tracker once, react to its events, and arm the next poll."""
        for event in self.tracker.poll():
            self._on_event(event)
        self._arm()

    def status(self) -> SittingStatus:
        """Return the tracker's snapshot (for the tray menu)."""
        return self.tracker.status()

    def _arm(self) -> None:
        if self.running:
            self._scheduler.arm(self.tracker.next_check_in(), self.poll)

    def _on_event(self, event: SittingEvent) -> None:
        minutes = max(1, round(event.sitting_s / 60))
        if event.kind is EventKind.DUE:
            self.view.show_nudge(minutes)
            self._on_nudge_shown("due", minutes)
            if self._speak is not None:
                self._speak(spoken_prompt(minutes))
        elif event.kind is EventKind.REPEAT:
            self.view.show_nudge(minutes, event.repeat)
            self._on_nudge_shown("repeat", minutes)
        elif event.kind in (EventKind.IGNORED, EventKind.BREAK):
            self._close_nudge()

    def _close_nudge(self) -> None:
        if self._view is not None and self._view.is_nudge_open():
            self._view.hide_nudge()
            self._on_nudge_closed()

    # -- the user's choices ----------------------------------------------------------------

    def start_desk_break(self) -> None:
        """Log the break, restart the count and ask for the desk-break routine to play."""
        self.tracker.take_break(self.desk_break_routine)
        self._after_answer()
        self._on_start_routine(self.desk_break_routine)

    def start_routine(self, routine_id: str) -> None:
        """Ask for ``routine_id`` to play (chosen from the tray menu)."""
        self._on_start_routine(routine_id)

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
