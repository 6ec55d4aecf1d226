"""The running app as a whole: the main window, the tray and the break reminders wired together.

- A routine asked for by the tray or the nudge ("Start desk break") brings up
  the window and plays in the player (through ``MainWindow.start_routine_id``,
  so the safety check applies).
- The player tells the reminders when a session starts and ends: a completed
  routine counts as a break, and no nudge comes while one plays. The player
  only emits signals; this module connects them (the player knows nothing of
  reminders).
- Closing the window keeps BackCoach in the tray (said once, remembered in
  ``settings.tray_hint_shown``); Quit from the tray or the File menu quits.
- Saved settings apply to the running reminders and to start at login.

The window is made by a factory on first need, so ``backcoach tray`` starts
without it (and without its memory) and builds it only when the user asks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, Signal

from backcoach.config.settings import Settings, language_tag
from backcoach.i18n import N_
from backcoach.ipc import messages

if TYPE_CHECKING:
    from backcoach.ui.app.main_window import MainWindow
    from backcoach.ui.settings.tab import SettingsTab


class RemindersPort(Protocol):
    """The break reminders as the app sees them: in this process, or in the resident tray."""

    window_stays: bool
    """True: closing the window only hides it (the tray is in this process)."""

    def routine_started(self) -> None:
        """Report a routine begun in the player."""
        ...

    def routine_completed(self) -> None:
        """Report a routine finished in the player (a break)."""
        ...

    def routine_stopped(self) -> None:
        """Report a routine stopped early: reminders carry on."""
        ...

    def apply(self, settings: Settings) -> list[str]:
        """Follow saved settings; return problems to tell the user."""
        ...

    def window_closed(self, settings: Settings) -> None:
        """Report the window closed while BackCoach goes on in the tray (said once)."""
        ...

    def quit(self) -> None:
        """Report that BackCoach as a whole is quitting."""
        ...

    def set_routines(self, routines: Iterable[tuple[str, str]]) -> None:
        """List routines (id, title) in the tray's "Start a routine"."""
        ...


AutostartApplier = Callable[[bool], None]


def _system_autostart(enabled: bool) -> None:
    from backcoach.adapters.autostart import apply_autostart

    apply_autostart(enabled)


class AppShell(QObject):
    """Connects a ``MainWindow`` (made on first need) with the tray and the reminders."""

    quit_requested = Signal()
    """The user chose to quit (any playing session was stopped): the app should exit."""

    def __init__(
        self,
        settings: Settings,
        reminders: RemindersPort,
        make_window: Callable[[], MainWindow],
        *,
        in_tray: bool,
        apply_autostart: AutostartApplier = _system_autostart,
        parent: QObject | None = None,
    ) -> None:
        """``in_tray``: the tray icon is shown, so closing the window keeps BackCoach running."""
        super().__init__(parent)
        self.settings = settings
        self.reminders = reminders
        self.in_tray = in_tray
        self._make_window = make_window
        self._apply_autostart = apply_autostart
        self.window: MainWindow | None = None

    # -- the window -------------------------------------------------------------------------

    def ensure_window(self) -> MainWindow:
        """Return the main window, making and wiring it the first time."""
        if self.window is None:
            window = self._make_window()
            window.close_to_tray = self.in_tray
            window.extra_settings_tabs.append((N_("Reminders"), _reminders_tab))
            window.session_started.connect(self.reminders.routine_started)
            window.session_ended.connect(self._session_ended)
            window.settings_saved.connect(self.apply_settings)
            window.hidden_to_tray.connect(self._window_closed)
            window.quit_requested.connect(self._quit_everything)
            self.window = window
            self.set_routines(
                (r.routine_id, r.title.get(language_tag(self.settings)))
                for r in window.library.catalog.routines
            )
        return self.window

    def set_routines(self, routines: Iterable[tuple[str, str]]) -> None:
        """List routines (id, title) in the tray's "Start a routine" menu."""
        self.reminders.set_routines(list(routines))

    def show_window(self) -> None:
        """Bring up the window (a second launch, or the user asked from the tray)."""
        self.ensure_window().bring_to_front()

    def play_routine(self, routine_id: str) -> None:
        """Bring up the window and play ``routine_id`` (after the safety check)."""
        self.ensure_window().start_routine_id(routine_id)

    def open_settings(self) -> None:
        """Bring up the window and its settings dialog."""
        window = self.ensure_window()
        window.bring_to_front()
        window.open_settings()

    def quit(self) -> None:
        """Quit BackCoach, stopping a playing routine first if the user agrees."""
        if self.window is None:
            self._quit_everything()
        else:
            self.window.request_quit()  # emits quit_requested unless the user declined

    def handle_message(self, message: str) -> None:
        """Carry out a wish another BackCoach process sent (a second launch, the tray).

        ``show``, ``play:<routine id>``, ``settings``, ``quit``; others bring up the window.
        """
        routine_id = messages.wished_routine(message)
        if routine_id is not None:
            self.play_routine(routine_id)
        elif message == messages.APP_SETTINGS:
            self.open_settings()
        elif message == messages.APP_QUIT:
            self.quit()
        else:
            self.show_window()

    def _quit_everything(self) -> None:
        self.reminders.quit()
        self.quit_requested.emit()

    # -- reactions --------------------------------------------------------------------------

    def _session_ended(self, status: str) -> None:
        if status == "completed":
            self.reminders.routine_completed()
        else:
            self.reminders.routine_stopped()

    def _window_closed(self) -> None:
        self.reminders.window_closed(self.settings)
        if not self.reminders.window_stays:
            self.quit_requested.emit()  # this process ends; the tray goes on in its own

    def apply_autostart_setting(self) -> None:
        """Make start at login match the settings; ``OSError`` if that cannot be written."""
        self._apply_autostart(self.settings.autostart)

    def apply_settings(self) -> None:
        """Make the reminders and start at login follow the saved settings."""
        problems = self.reminders.apply(self.settings)
        try:
            self.apply_autostart_setting()
        except OSError as exc:
            problems.append(f"Start at login could not be changed: {exc}")
        if self.window is not None:
            for problem in problems:
                self.window.show_message(problem)


def _reminders_tab(settings: Settings) -> SettingsTab:
    from backcoach.ui.settings.reminders_tab import RemindersTab

    return RemindersTab(settings)
