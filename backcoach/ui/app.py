"""Start the BackCoach desktop app: the main window, with the tray and break reminders.

One BackCoach per user: a second launch asks the running one to bring up its
window, then exits with 0. Where the desktop has a system tray, closing the
window keeps BackCoach running there; otherwise closing it quits.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QMessageBox

from backcoach.core.history.safe_log import SafeLog
from backcoach.core.routine import Routine
from backcoach.reminder_setup import tracker_config
from backcoach.settings import load_settings
from backcoach.ui.app_shell import AppShell
from backcoach.ui.main_window import MainWindow
from backcoach.ui.single_instance import SingleInstance
from backcoach.ui.tray_app import build_reminders


def run_app(play: Routine | None = None, language: str | None = None) -> int:
    """Run the app until the user quits; return the exit code.

    ``play``: start this routine at once (after the safety check), in ``language``.
    """
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("BackCoach")
    app.setDesktopFileName("backcoach")
    guard = SingleInstance()
    if not guard.claim():
        print("BackCoach is already running; it was asked to show its window.")
        return 0
    loaded = load_settings()
    settings = loaded.settings
    window = MainWindow(settings)
    config, problems = tracker_config(settings, None, None)
    reminders = build_reminders(
        settings, config, SafeLog(report=window.show_message), speak=window.speak
    )
    in_tray = reminders.tray.show()
    app.setQuitOnLastWindowClosed(not in_tray)
    shell = AppShell(settings, reminders, lambda: window, in_tray=in_tray)
    shell.ensure_window()
    shell.quit_requested.connect(app.quit)
    guard.message_received.connect(lambda _message: shell.show_window())
    reminders.switch(settings.reminders_enabled)
    try:
        shell.apply_autostart_setting()
    except OSError as exc:
        problems.append(f"Start at login could not be set up: {exc}")
    window.show()
    for problem in [loaded.problem, *problems]:
        if problem:
            QMessageBox.warning(window, "Settings", problem)
    if play is not None:
        window.start_routine(play, language)
    elif not settings.safety_acknowledged:
        window.ask_safety_check()
    try:
        return app.exec()
    finally:
        reminders.controller.stop()
        reminders.tray.icon.hide()
        guard.release()
