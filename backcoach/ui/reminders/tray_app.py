"""Break reminders with a Qt tray in the app's own process (Windows, macOS, ``tray --qt``).

Assembles the pieces: the idle source and quiet-time checks of this desktop,
the sitting tracker, the reminder controller and the tray. ``ui.app.launch``
starts them: with the main window (``run_app``), or in the tray alone
(``run_tray``, for ``backcoach tray``).
"""

from __future__ import annotations

# Everything that needs no Qt is imported before PySide6: PySide6 installs an
# import hook that reads the source of each module imported after it and
# keeps the text cached (several MB for the modules below). The adapters that
# detection would load later are listed here for the same reason.
import dataclasses
from collections.abc import Callable, Iterable
from typing import Protocol

import backcoach.adapters.idle.dbus
import backcoach.adapters.idle.x11
import backcoach.adapters.quiet.dnd
import backcoach.adapters.quiet.fullscreen_x11  # noqa: F401
from backcoach.adapters.reminder_setup import (
    REMINDERS_OFF,
    idle_notice,
    make_tracker,
    reconfigure,
    say_tray_hint_once,
    spoken_prompt_hook,
    start_up_messages,
)
from backcoach.config.settings import Settings, language_tag
from backcoach.core.reminders.break_log import BreakLog
from backcoach.core.reminders.sitting import TrackerConfig
from backcoach.core.routine.index import routine_titles
from backcoach.i18n import _

# isort: split
from backcoach.ui.reminders.controller import ReminderController
from backcoach.ui.reminders.tray import Tray


class ShellWishes(Protocol):
    """What the tray and the nudge ask of the app (``ui.app.shell.AppShell``)."""

    settings: Settings

    @property
    def window(self) -> object | None:
        """The main window, or None while none was made."""
        ...

    def play_routine(self, routine_id: str) -> None:
        """Play a routine."""
        ...

    def show_window(self) -> None:
        """Bring up the main window."""
        ...

    def open_settings(self) -> None:
        """Bring up the settings."""
        ...

    def quit(self) -> None:
        """Quit BackCoach."""
        ...

    def set_routines(self, routines: Iterable[tuple[str, str]]) -> None:
        """List routines (id, title) where the user can start them."""
        ...


@dataclasses.dataclass
class Reminders:
    """Reminders in this Qt process: the controller, the tray, and lines to tell the user.

    What ``build_reminders`` makes; it is the app shell's ``RemindersPort``.
    """

    controller: ReminderController
    tray: Tray
    messages: list[str]
    window_stays = True
    """Closing the window hides it: the tray in this process goes on."""

    def connect_shell(self, shell: ShellWishes) -> None:
        """Send the tray's and the nudge's wishes to ``shell`` (play, settings, quit)."""
        self.controller.start_routine_requested.connect(shell.play_routine)
        self.tray.open_requested.connect(shell.show_window)
        self.tray.settings_requested.connect(shell.open_settings)
        self.tray.quit_requested.connect(shell.quit)

        def list_routines_once() -> None:
            # Read the catalog the first time the menu opens without a window, so a tray
            # that is never opened stays small.
            if shell.window is not None or self.tray.has_routines():
                return
            shell.set_routines(routine_titles(language_tag(shell.settings)))

        self.tray.menu.aboutToShow.connect(list_routines_once)

    def routine_started(self) -> None:
        """Report a routine begun in the player: no nudge while it plays."""
        self.controller.routine_started()

    def routine_completed(self) -> None:
        """Report a routine finished in the player: it counts as a break."""
        self.controller.routine_completed()

    def routine_stopped(self) -> None:
        """Report a routine stopped early: reminders carry on."""
        self.controller.routine_stopped()

    def window_closed(self, settings: Settings) -> None:
        """Say once that BackCoach goes on in the tray (remembered in the settings)."""
        say_tray_hint_once(settings, self.tray.announce)

    def quit(self) -> None:
        """Nothing to do: the reminders end with this process."""

    def set_routines(self, routines: Iterable[tuple[str, str]]) -> None:
        """List routines (id, title) under the tray's "Start a routine"."""
        self.tray.set_routines(list(routines))

    def apply(self, settings: Settings) -> list[str]:
        """Make the running reminders follow ``settings`` (after the settings dialog).

        Returns problems to tell the user (e.g. working hours that cannot be read).
        """
        problems = reconfigure(self.controller.tracker, settings)
        self.controller.desk_break_routine = settings.desk_break_routine
        self.switch(settings.reminders_enabled)
        return problems

    def switch(self, enabled: bool) -> None:
        """Start the reminders, or stop them and say in the tray menu that they are off."""
        self.tray.reminders_on = enabled
        if enabled:
            self.tray.set_notice(idle_notice(self.controller.tracker))
            self.controller.start()
        else:
            self.controller.stop()
            self.tray.set_notice(_(REMINDERS_OFF))


def lazy_speaker(settings: Settings, report: Callable[[str], None]) -> Callable[[str], None]:
    """Return a ``speak`` that starts the speech layer at its first use (the tray stays lean)."""
    speaker = None

    def say(text: str) -> None:
        nonlocal speaker
        if speaker is None:
            from backcoach.adapters.speech import create_speaker

            speaker = create_speaker(settings, on_message=report)
        speaker.say(text)

    return say


def build_reminders(
    settings: Settings,
    config: TrackerConfig,
    break_log: BreakLog | None = None,
    speak: Callable[[str], None] | None = None,
) -> Reminders:
    """Create the tracker on this desktop's idle source, its controller and the tray.

    ``speak`` says the nudge's prompt aloud while the ``spoken_prompt`` setting is
    on and sound is not muted (both read when a nudge comes).
    """
    tracker = make_tracker(settings, config, break_log)
    controller = ReminderController(
        tracker,
        desk_break_routine=settings.desk_break_routine,
        speak=spoken_prompt_hook(settings, speak) if speak is not None else None,
    )
    tray = Tray(controller)
    tray.set_notice(idle_notice(tracker))
    return Reminders(controller, tray, start_up_messages(tracker))
