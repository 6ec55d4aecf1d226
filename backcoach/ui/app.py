"""Start the BackCoach desktop app."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QMessageBox

from backcoach.core.routine import Routine
from backcoach.settings import load_settings
from backcoach.ui.main_window import MainWindow


def run_app(play: Routine | None = None, language: str | None = None) -> int:
    """Run the app until its window closes; return the exit code.

    ``play``: start this routine at once (after the safety check), in ``language``.
    """
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("BackCoach")
    app.setDesktopFileName("backcoach")
    loaded = load_settings()
    window = MainWindow(loaded.settings)
    window.show()
    if loaded.problem:
        QMessageBox.warning(window, "Settings", loaded.problem)
    if play is not None:
        window.start_routine(play, language)
    elif not loaded.settings.safety_acknowledged:
        window.ask_safety_check()
    return app.exec()
