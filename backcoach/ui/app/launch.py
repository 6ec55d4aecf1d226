"""Start the BackCoach desktop app: the main window, with the tray and break reminders.

One BackCoach window per user: a second launch asks the running one to bring
up its window, then exits with 0.

On Linux the tray and the reminders live in the resident tray process
(``backcoach.resident``, no Qt): the app starts it if it is not running and
reports to it what the player did; closing the window ends this process
while the tray goes on. Elsewhere (Windows, macOS) the tray and reminders run
in this process, and closing the window keeps BackCoach running there.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from backcoach import resident
from backcoach.adapters.reminder_setup import tracker_config
from backcoach.config.settings import load_settings
from backcoach.core.history.safe_log import SafeLog
from backcoach.core.routine.model import Routine
from backcoach.resident.app_link import SETTINGS, SHOW
from backcoach.ui.app.icon import use_app_identity
from backcoach.ui.app.main_window import MainWindow
from backcoach.ui.app.shell import AppShell, RemindersPort
from backcoach.ui.app.single_instance import SingleInstance
from backcoach.ui.reminders.tray_app import Reminders, build_reminders


def run_app(
    play: Routine | None = None, language: str | None = None, *, open_settings: bool = False
) -> int:
    """Run the app until the user quits; return the exit code.

    ``play``: start this routine at once (after the safety check), in ``language``.
    ``open_settings``: open the settings dialog at once.
    """
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("BackCoach")
    use_app_identity(app)
    guard = SingleInstance()
    if not guard.claim(SETTINGS if open_settings else SHOW):
        print("BackCoach is already running; it was asked to show its window.")
        return 0
    loaded = load_settings()
    settings = loaded.settings
    window = MainWindow(settings)
    problems: list[str] = []
    in_process: Reminders | None = None
    reminders: RemindersPort
    if resident.runs_here():
        from backcoach.resident.client import ResidentClient

        client = ResidentClient()
        client.ensure_running()
        reminders, in_tray = client, True
    else:
        config, config_problems = tracker_config(settings, None, None)
        problems.extend(config_problems)
        in_process = build_reminders(
            settings, config, SafeLog(report=window.show_message), speak=window.speak
        )
        in_process.switch(settings.reminders_enabled)
        reminders, in_tray = in_process, in_process.tray.show()
    app.setQuitOnLastWindowClosed(not in_tray)
    shell = AppShell(settings, reminders, lambda: window, in_tray=in_tray)
    if in_process is not None:
        in_process.connect_shell(shell)
    shell.ensure_window()
    shell.quit_requested.connect(app.quit)
    guard.message_received.connect(shell.handle_message)
    try:
        shell.apply_autostart_setting()
    except OSError as exc:
        problems.append(f"Start at login could not be set up: {exc}")
    window.show()
    for problem in [loaded.problem, *problems]:
        if problem:
            QMessageBox.warning(window, "Settings", problem)
    # What may open a dialog waits for the main loop: a quit that comes meanwhile (from
    # the tray) must end the main loop, not only the dialog's.
    if play is not None:
        QTimer.singleShot(0, lambda: window.start_routine(play, language))
    elif open_settings:
        QTimer.singleShot(0, shell.open_settings)
    elif not settings.safety_acknowledged:
        QTimer.singleShot(0, window.ask_safety_check)
    try:
        return app.exec()
    finally:
        if in_process is not None:
            in_process.controller.stop()
            in_process.tray.icon.hide()
        guard.release()
