"""Start the BackCoach desktop app."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QMessageBox

from backcoach.settings import load_settings
from backcoach.ui.main_window import MainWindow


def run_app() -> int:
    """Run the app until its window closes; return the exit code."""
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("BackCoach")
    app.setDesktopFileName("backcoach")
    loaded = load_settings()
    window = MainWindow(loaded.settings)
    window.show()
    if loaded.problem:
        QMessageBox.warning(window, "Settings", loaded.problem)
    if not loaded.settings.safety_acknowledged:
        window.ask_safety_check()
    return app.exec()
