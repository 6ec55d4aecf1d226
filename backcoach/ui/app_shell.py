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
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from backcoach.settings import Settings, save_settings

if TYPE_CHECKING:
    from backcoach.ui.main_window import MainWindow
    from backcoach.ui.tray_app import Reminders

TRAY_HINT_TITLE = "BackCoach is still running"
TRAY_HINT_TEXT = (
    "It keeps counting your sitting time in the system tray. "
    "Choose Quit BackCoach from the tray menu to end it."
)

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
        reminders: Reminders,
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
        controller = reminders.controller
        controller.start_routine_requested.connect(self.play_routine)
        reminders.tray.settings_requested.connect(self.open_settings)
        reminders.tray.quit_requested.connect(self.quit)
        reminders.tray.menu.aboutToShow.connect(self._list_routines_once)

    # -- the window -------------------------------------------------------------------------

    def ensure_window(self) -> MainWindow:
        """Return the main window, making and wiring it the first time."""
        if self.window is None:
            window = self._make_window()
            window.close_to_tray = self.in_tray
            window.extra_settings_tabs.append(("Reminders", _reminders_tab))
            controller = self.reminders.controller
            window.session_started.connect(controller.routine_started)
            window.session_ended.connect(self._session_ended)
            window.settings_saved.connect(self.apply_settings)
            window.hidden_to_tray.connect(self._hint_once)
            window.quit_requested.connect(self.quit_requested)
            self.window = window
            self.set_routines(
                (r.routine_id, r.title.get(self.settings.language))
                for r in window.library.catalog.routines
            )
        return self.window

    def _list_routines_once(self) -> None:
        """Fill "Start a routine" the first time the tray menu opens without a window.

        The catalog is read only then, so a tray that is never opened stays small.
        """
        if self.window is not None or self.reminders.tray.routines_menu.actions():
            return
        from backcoach.core.catalog import load_catalog

        self.set_routines(
            (r.routine_id, r.title.get(self.settings.language)) for r in load_catalog().routines
        )

    def set_routines(self, routines: Iterable[tuple[str, str]]) -> None:
        """List routines (id, title) in the tray's "Start a routine" menu."""
        self.reminders.tray.set_routines(list(routines))

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
            self.quit_requested.emit()
        else:
            self.window.request_quit()  # emits quit_requested unless the user declined

    # -- reactions --------------------------------------------------------------------------

    def _session_ended(self, status: str) -> None:
        controller = self.reminders.controller
        if status == "completed":
            controller.routine_completed()
        else:
            controller.routine_stopped()

    def _hint_once(self) -> None:
        if self.settings.tray_hint_shown:
            return
        self.reminders.tray.announce(TRAY_HINT_TITLE, TRAY_HINT_TEXT)
        self.settings.tray_hint_shown = True
        save_settings(self.settings)

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


def _reminders_tab(settings: Settings):
    from backcoach.ui.reminders_tab import RemindersTab

    return RemindersTab(settings)
