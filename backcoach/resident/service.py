"""The resident tray's logic: reminders, the tray menu's choices and messages from other processes.

``ResidentTray`` is the ``TrayMenuSource`` the tray icon shows. It runs the
sitting tracker through ``core.reminders.driver`` on the select loop, shows
nudges through a ``NudgeView`` (a Qt process of their own), hands routines,
the window and the settings to the app (``AppLink``), and answers the lines
other BackCoach processes send on its channel (the words are in ``ipc.messages``):

- ``tray``: a second ``backcoach tray`` was started: say it is running;
- ``routine-started`` / ``routine-completed`` / ``routine-stopped``: what the
  app's player did (a completed routine counts as a break);
- ``reload-settings``: the app saved new settings;
- ``window-closed``: the app's window closed; the first time, say that
  BackCoach goes on in the tray;
- ``status``: answers with the menu's status line (for scripts and tests);
- ``quit``: end the tray (the app asked to quit BackCoach as a whole).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from datetime import tzinfo
from typing import Protocol

from backcoach.adapters.event_loop import EventLoop, Timer
from backcoach.adapters.reminder_setup import (
    REMINDERS_OFF,
    idle_notice,
    reconfigure,
    say_tray_hint_once,
    spoken_prompt_hook,
)
from backcoach.config.settings import Settings, apply_language, language_tag, load_settings
from backcoach.core.reminders import tray_menu as keys
from backcoach.core.reminders.driver import NudgeView, ReminderDriver, nudge_notification
from backcoach.core.reminders.sitting import SittingTracker
from backcoach.core.reminders.tray_menu import (
    MenuItem,
    build_tray_menu,
    carry_out,
    status_line,
)
from backcoach.core.routine.index import routine_titles
from backcoach.i18n import _
from backcoach.ipc import messages

Notify = Callable[[str, str], object]
RoutineList = Callable[[str], Sequence[tuple[str, str]]]


class SpeakingNudge(NudgeView, Protocol):
    """A nudge view that can also speak its prompt."""

    def say(self, text: str) -> None:
        """Say ``text`` aloud."""
        ...


class AppWishes(Protocol):
    """What the tray asks of the app window (``resident.app_link.AppLink``)."""

    def open(self) -> None:
        """Bring up the window."""
        ...

    def play(self, routine_id: str) -> None:
        """Play a routine."""
        ...

    def open_settings(self) -> None:
        """Bring up the settings."""
        ...

    def quit(self) -> None:
        """Quit a running window."""
        ...


class LoopScheduler:
    """``core.reminders.driver.Scheduler`` on an ``EventLoop``: one timer, re-armed each poll."""

    def __init__(self, loop: EventLoop) -> None:
        """Arm timers on ``loop``."""
        self._loop = loop
        self._timer: Timer | None = None

    def arm(self, delay_s: float, callback: Callable[[], None]) -> None:
        """Call ``callback`` after ``delay_s``, replacing the pending call."""
        self.disarm()
        self._timer = self._loop.call_later(delay_s, callback)

    def disarm(self) -> None:
        """Cancel the pending call."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None


class ResidentTray:
    """Break reminders with a tray menu, without Qt; see the module's docstring."""

    def __init__(
        self,
        loop: EventLoop,
        settings: Settings,
        tracker: SittingTracker,
        nudge: SpeakingNudge,
        app: AppWishes,
        *,
        notify: Notify = lambda _title, _text: None,
        on_quit: Callable[[], None] = lambda: None,
        routines: RoutineList = routine_titles,
        reload_settings: Callable[[], Settings] = lambda: load_settings().settings,
        tz: tzinfo | None = None,
        overrides: tuple[float | None, float | None] = (None, None),
    ) -> None:
        """Wire the reminders; call ``switch`` to arm them.

        ``overrides``: this run's ``--interval`` (minutes) and ``--idle-threshold``
        (seconds), kept when the settings are re-read.
        """
        self.settings = settings
        self.app = app
        self.nudge = nudge
        self._notify = notify
        self._on_quit = on_quit
        self._list_routines = routines
        self._reload_settings = reload_settings
        self._routines: list[tuple[str, str]] | None = None
        self._tz = tz
        self._overrides = overrides
        self.enabled = False
        self.refresh_tray: Callable[[], None] = lambda: None
        """Set by whoever shows the icon: called when the menu's content changed."""
        self.driver = ReminderDriver(
            tracker,
            LoopScheduler(loop),
            lambda: nudge,
            desk_break_routine=settings.desk_break_routine,
            on_start_routine=app.play,
            on_nudge_shown=self._nudge_shown,
            speak=spoken_prompt_hook(settings, nudge.say),
        )

    # -- reminders on and off ------------------------------------------------------------

    def switch(self, enabled: bool) -> None:
        """Start the reminders, or stop them (the menu then says they are off)."""
        self.enabled = enabled
        if enabled:
            self.driver.start()
        else:
            self.driver.stop()
        self.refresh_tray()

    def apply_settings(self) -> list[str]:
        """Re-read the settings the app saved and follow them; return problems to report."""
        self._take_over(self._reload_settings())
        _tag, language_problem = apply_language(self.settings)  # the menu follows a new language
        problems = reconfigure(self.driver.tracker, self.settings, *self._overrides)
        if language_problem:
            problems.insert(0, language_problem)
        self.driver.desk_break_routine = self.settings.desk_break_routine
        self._routines = None  # titles may follow a new language, routines may be new
        self.switch(self.settings.reminders_enabled or self._overrides[0] is not None)
        return problems

    def _take_over(self, fresh: Settings) -> None:
        """Copy ``fresh`` into the settings object the reminders' hooks hold."""
        for field in dataclasses.fields(fresh):
            setattr(self.settings, field.name, getattr(fresh, field.name))

    def stop(self) -> None:
        """Stop the reminders and close any nudge."""
        self.driver.stop()

    def _nudge_shown(self, kind: str, minutes: int) -> None:
        self._notify(*nudge_notification(kind, minutes))
        self.refresh_tray()

    # -- TrayMenuSource --------------------------------------------------------------------

    def menu_items(self) -> Sequence[MenuItem]:
        """Return the menu as it is now: status, choices, routines."""
        status = self.driver.status() if self.enabled else None
        notice = idle_notice(self.driver.tracker) if self.enabled else _(REMINDERS_OFF)
        return build_tray_menu(status, notice=notice, routines=self.routines(), tz=self._tz)

    def routines(self) -> list[tuple[str, str]]:
        """Return the routines for "Start a routine", read the first time they are needed."""
        if self._routines is None:
            try:
                self._routines = list(self._list_routines(language_tag(self.settings)))
            except OSError:
                self._routines = []
        return self._routines

    def tooltip(self) -> str:
        """Return "BackCoach - <status>"."""
        return f"BackCoach - {self.status_text()}"

    def status_text(self) -> str:
        """Return the menu's first line (or that reminders are off)."""
        if not self.enabled:
            return _(REMINDERS_OFF)
        return status_line(self.driver.status(), self._tz)

    def activate(self, key: str) -> None:
        """Carry out the menu item ``key`` (``open`` also for a click on the icon)."""
        carry_out(key, self.driver, self.app)
        if key == keys.QUIT:
            self._on_quit()
            return
        self.refresh_tray()

    # -- the user's answer to a nudge --------------------------------------------------------

    def nudge_answered(self, choice: str) -> None:
        """Carry out the nudge's ``start``, ``snooze`` or ``skip``."""
        if choice == messages.NUDGE_START:
            self.driver.start_desk_break()
        elif choice == messages.NUDGE_SNOOZE:
            self.driver.snooze()
        elif choice == messages.NUDGE_SKIP:
            self.driver.skip()
        self.refresh_tray()

    # -- messages from other BackCoach processes -------------------------------------------

    def handle_message(self, message: str, reply: Callable[[str], None]) -> None:
        """Answer one line from another BackCoach process (see the module's docstring)."""
        driver = self.driver
        if message == messages.SECOND_TRAY:
            self._notify(_("BackCoach is running"), self.status_text())
        elif message == messages.TRAY_ROUTINE_STARTED:
            driver.routine_started()
        elif message == messages.TRAY_ROUTINE_COMPLETED:
            driver.routine_completed()
        elif message == messages.TRAY_ROUTINE_STOPPED:
            driver.routine_stopped()
        elif message == messages.TRAY_RELOAD_SETTINGS:
            for problem in self.apply_settings():
                self._notify(_("BackCoach settings"), problem)
        elif message == messages.TRAY_WINDOW_CLOSED:
            self._hint_once()
        elif message == messages.TRAY_STATUS:
            reply(self.status_text())
        elif message == messages.TRAY_QUIT:
            self._on_quit()
            return
        self.refresh_tray()

    def _hint_once(self) -> None:
        if self.settings.tray_hint_shown:
            return
        self._take_over(self._reload_settings())  # the app may have saved changes meanwhile
        say_tray_hint_once(self.settings, self._notify)
