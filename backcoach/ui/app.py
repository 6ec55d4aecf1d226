"""Start the BackCoach desktop app."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QLabel, QListWidget, QMainWindow, QVBoxLayout, QWidget

from backcoach import __version__
from backcoach.cli.routines import format_duration
from backcoach.core.catalog import load_catalog
from backcoach.core.duration import planned_duration_s


class MainWindow(QMainWindow):
    """The routine library."""

    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle(f"BackCoach {__version__}")
        self.resize(720, 480)
        catalog = load_catalog()
        self.routine_list = QListWidget()
        for routine in catalog.routines:
            duration = format_duration(planned_duration_s(routine))
            self.routine_list.addItem(
                f"{routine.title.get()}  ·  {routine.kind.value}  ·  {duration}"
            )
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(QLabel("Routines"))
        layout.addWidget(self.routine_list)
        if catalog.problems:
            layout.addWidget(QLabel("\n".join(f"Not loaded: {p}" for p in catalog.problems)))
        self.setCentralWidget(body)


def run_app() -> int:
    """Run the app until its window closes; return the exit code."""
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("BackCoach")
    window = MainWindow()
    window.show()
    return app.exec()
