"""``backcoach tray``: BackCoach in the system tray with break reminders and nothing else open.

Assembles the pieces: settings, the idle source and quiet-time checks of this
desktop, the sitting tracker, the reminder controller, the tray, and the
single-instance guard. The full app reuses ``build_reminders`` and connects
``start_routine_requested`` to its player.
"""

from __future__ import annotations

# Everything that needs no Qt is imported before PySide6: PySide6 installs an
# import hook that reads the source of each module imported after it and
# keeps the text cached (several MB for the modules below). The adapters that
# detection would load later are listed here for the same reason.
import dataclasses
import signal
import sys
from collections.abc import Callable, Iterable

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
    tray_start,
    when_due_line,
)
from backcoach.config.settings import Settings
from backcoach.core.history.safe_log import SafeLog
from backcoach.core.reminders.break_log import BreakLog
from backcoach.core.reminders.sitting import TrackerConfig
from backcoach.core.routine.index import routine_titles

# isort: split
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from backcoach.adapters.memory import release_free_memory
from backcoach.ui.app.icon import use_app_identity
from backcoach.ui.app.shell import AppShell
from backcoach.ui.app.single_instance import SingleInstance
from backcoach.ui.reminders.controller import ReminderController
from backcoach.ui.reminders.tray import Tray, status_line

_TRIM_AFTER_START_MS = 3000
TRAY_MESSAGE = "tray"
"""What a second ``backcoach tray`` sends: the running one tells its status (no window)."""


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

    def connect_shell(self, shell: AppShell) -> None:
        """Send the tray's and the nudge's wishes to ``shell`` (play, settings, quit)."""
        self.controller.start_routine_requested.connect(shell.play_routine)
        self.tray.settings_requested.connect(shell.open_settings)
        self.tray.quit_requested.connect(shell.quit)

        def list_routines_once() -> None:
            # Read the catalog the first time the menu opens without a window, so a tray
            # that is never opened stays small.
            if shell.window is not None or self.tray.routines_menu.actions():
                return
            shell.set_routines(routine_titles(shell.settings.language))

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
        if enabled:
            self.tray.set_notice(idle_notice(self.controller.tracker))
            self.controller.start()
        else:
            self.controller.stop()
            self.tray.set_notice(REMINDERS_OFF)


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


def _main_window(settings: Settings):
    """Make the main window (imported only now: the tray alone does not need it)."""
    from backcoach.ui.app.main_window import MainWindow

    return MainWindow(settings)


def run_tray(interval_min: float | None = None, idle_threshold_s: float | None = None) -> int:
    """Run BackCoach in the tray until the user quits; return the exit code."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl+C ends it even inside the Qt loop
    settings, config = tray_start(interval_min, idle_threshold_s)

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("BackCoach")
    use_app_identity(app)
    app.setQuitOnLastWindowClosed(False)
    guard = SingleInstance()
    if not guard.claim(TRAY_MESSAGE):
        print("BackCoach is already running; it was asked to show itself.")
        return 0

    def report_log_problem(message: str) -> None:
        print(message, file=sys.stderr)
        reminders.tray.announce("BackCoach could not log a break", message)

    # The history file is opened at the first break event; reminders go on without it.
    reminders = build_reminders(
        settings,
        config,
        SafeLog(report=report_log_problem),
        speak=lazy_speaker(settings, report=lambda message: print(message, file=sys.stderr)),
    )
    tray = reminders.tray
    in_tray = tray.show()
    # Without a tray icon the process still runs for the reminders, so the window hides too.
    shell = AppShell(settings, reminders, lambda: _main_window(settings), in_tray=True)
    reminders.connect_shell(shell)
    shell.quit_requested.connect(app.quit)

    def on_message(message: str) -> None:
        if message == TRAY_MESSAGE:
            tray.announce("BackCoach is running", status_line(reminders.controller.status()))
        else:
            shell.handle_message(message)

    guard.message_received.connect(on_message)
    enabled = settings.reminders_enabled or interval_min is not None
    reminders.switch(enabled)
    when = when_due_line(enabled, config)
    where = "in the system tray" if in_tray else "without a system tray (reminders still appear)"
    print(f"BackCoach is running {where}. {' '.join(reminders.messages)} {when}", flush=True)
    QTimer.singleShot(_TRIM_AFTER_START_MS, release_free_memory)
    try:
        return app.exec()
    finally:
        reminders.controller.stop()
        guard.release()
