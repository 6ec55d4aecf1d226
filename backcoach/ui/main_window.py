"""The main window: the library, and the pages and dialogs reached from it."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
)

from backcoach import __version__
from backcoach.core.catalog import Catalog, load_catalog
from backcoach.core.loader import RoutineError, load_routine
from backcoach.core.routine import Routine
from backcoach.settings import Settings, save_settings
from backcoach.ui.history_window import open_history_window
from backcoach.ui.library_view import LibraryView
from backcoach.ui.safety_dialog import SafetyDialog


class MainWindow(QMainWindow):
    """Holds the library page; starting a routine first makes sure the safety check is done."""

    def __init__(self, settings: Settings, catalog: Catalog | None = None) -> None:
        super().__init__()
        self.settings = settings
        self.setWindowTitle("BackCoach")
        self.resize(1000, 680)
        self.pages = QStackedWidget()
        self.library = LibraryView(catalog or load_catalog(), settings.language)
        self.library.start_requested.connect(self.start_routine)
        self.pages.addWidget(self.library)
        self.setCentralWidget(self.pages)
        self._build_menus()

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        open_action = QAction("&Open routine file…", self)
        open_action.setShortcut(QKeySequence.StandardKey.Open)
        open_action.triggered.connect(self.open_routine_file)
        file_menu.addAction(open_action)
        reload_action = QAction("&Reload routines", self)
        reload_action.triggered.connect(self.reload_routines)
        file_menu.addAction(reload_action)
        file_menu.addSeparator()
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        view_menu = self.menuBar().addMenu("&View")
        history_action = QAction("&History…", self)
        history_action.setShortcut(QKeySequence("Ctrl+H"))
        history_action.triggered.connect(lambda: open_history_window(self))
        view_menu.addAction(history_action)
        help_menu = self.menuBar().addMenu("&Help")
        safety_action = QAction("&Safety check…", self)
        safety_action.triggered.connect(lambda: self.ask_safety_check(force=True))
        help_menu.addAction(safety_action)
        about_action = QAction("&About BackCoach", self)
        about_action.triggered.connect(self._about)
        help_menu.addAction(about_action)

    def reload_routines(self) -> None:
        """Read the routine folders again."""
        self.library.set_catalog(load_catalog())

    def open_routine_file(self, path: str | None = None) -> Routine | None:
        """Load a routine file chosen by the user; show every problem if it is invalid."""
        if not path:
            path, _ = QFileDialog.getOpenFileName(
                self, "Open a routine file", "", "Routine files (*.json)"
            )
        if not path:
            return None
        try:
            routine = load_routine(path)
        except RoutineError as exc:
            QMessageBox.warning(self, "This routine cannot be used", str(exc))
            return None
        self.start_routine(routine)
        return routine

    def ask_safety_check(self, force: bool = False) -> bool:
        """Show the safety check unless already confirmed; return True when confirmed."""
        if self.settings.safety_acknowledged and not force:
            return True
        dialog = SafetyDialog(self.settings.language, self)
        confirmed = dialog.exec() == SafetyDialog.DialogCode.Accepted and dialog.all_confirmed()
        if confirmed != self.settings.safety_acknowledged:
            self.settings.safety_acknowledged = confirmed
            save_settings(self.settings)
        return confirmed

    def start_routine(self, routine: Routine) -> bool:
        """Play ``routine`` once the safety check is confirmed; return True when it started."""
        if not self.ask_safety_check():
            return False
        return self.play(routine)

    def play(self, routine: Routine) -> bool:
        """Open the player on ``routine``. Replaced by the player page."""
        QMessageBox.information(self, "BackCoach", f"{routine.title.get()} is ready.")
        return True

    def _about(self) -> None:
        QMessageBox.about(
            self,
            "About BackCoach",
            f"<h3>BackCoach {__version__}</h3><p>A desktop coach for the lower back.</p>",
        )
