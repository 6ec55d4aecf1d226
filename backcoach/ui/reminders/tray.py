"""The tray icon and its menu: time until the next break, start a routine, pause, settings, quit.

The "next break" line is computed when the menu opens (no timer keeps it
fresh in the background). Items that need a part of the app that is not
connected (settings, a routine list) stay hidden until it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import tzinfo

from PySide6.QtCore import QMetaMethod, QObject, QPointF, Qt, Signal
from PySide6.QtGui import QAction, QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from backcoach.core.reminders.driver import nudge_notification
from backcoach.core.reminders.tray_menu import PAUSE_CHOICES, status_line
from backcoach.ui.reminders.controller import ReminderController

_TEAL = QColor("#2a7f62")


def tray_icon() -> QIcon:
    """Draw BackCoach's tray icon: a gently curved spine on a teal disc."""
    icon = QIcon()
    for size in (16, 22, 24, 32, 48, 64):
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(_TEAL)
        painter.drawEllipse(0, 0, size, size)
        pen = QPen(QColor("white"), max(1.5, size / 10))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        spine = QPainterPath(QPointF(size * 0.5, size * 0.18))
        spine.cubicTo(
            QPointF(size * 0.38, size * 0.4),
            QPointF(size * 0.62, size * 0.6),
            QPointF(size * 0.5, size * 0.82),
        )
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(spine)
        painter.end()
        icon.addPixmap(pixmap)
    return icon


class Tray(QObject):
    """The system-tray icon with BackCoach's menu, wired to a ``ReminderController``."""

    settings_requested = Signal()
    quit_requested = Signal()

    def __init__(
        self,
        reminders: ReminderController,
        *,
        tz: tzinfo | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._reminders = reminders
        self._tz = tz
        self._routines: list[tuple[str, str]] = []
        self.icon = QSystemTrayIcon(tray_icon(), self)
        self.icon.setToolTip("BackCoach")
        self.menu = QMenu()
        self._build_menu()
        self.icon.setContextMenu(self.menu)
        self.menu.aboutToShow.connect(self.refresh)
        reminders.nudge_shown.connect(self._notify)

    def _build_menu(self) -> None:
        menu = self.menu
        self.status_action = menu.addAction("")
        self.status_action.setEnabled(False)
        self.notice_action = menu.addAction("")
        self.notice_action.setEnabled(False)
        self.notice_action.setVisible(False)
        menu.addSeparator()
        self.desk_break_action = menu.addAction("Start desk break")
        self.desk_break_action.triggered.connect(self._reminders.start_desk_break)
        self.routines_menu = menu.addMenu("Start a routine")
        self.routines_menu.menuAction().setVisible(False)

        self.pause_menu = menu.addMenu("Pause reminders")
        for label, seconds in PAUSE_CHOICES:
            action = self.pause_menu.addAction(label)
            action.triggered.connect(lambda _=False, s=seconds: self._reminders.pause_for(s))
        tomorrow = self.pause_menu.addAction("Until tomorrow")
        tomorrow.triggered.connect(self._reminders.pause_until_tomorrow)
        self.resume_action = menu.addAction("Resume reminders")
        self.resume_action.triggered.connect(self._reminders.resume_reminders)

        menu.addSeparator()
        self.settings_action = menu.addAction("Settings…")
        self.settings_action.triggered.connect(self.settings_requested)
        self.quit_action = menu.addAction("Quit BackCoach")
        self.quit_action.triggered.connect(self.quit_requested)
        self.refresh()

    def set_routines(self, routines: Sequence[tuple[str, str]]) -> None:
        """List routines as (id, title) under "Start a routine"."""
        self._routines = list(routines)
        self.routines_menu.clear()
        for routine_id, title in self._routines:
            action: QAction = self.routines_menu.addAction(title)
            action.triggered.connect(lambda _=False, r=routine_id: self._reminders.start_routine(r))
        self.routines_menu.menuAction().setVisible(bool(self._routines))

    def set_notice(self, text: str | None) -> None:
        """Show a greyed line under the status (e.g. "Idle detection unavailable")."""
        self.notice_action.setText(text or "")
        self.notice_action.setVisible(bool(text))

    def refresh(self) -> None:
        """Bring the menu up to date; called each time it opens."""
        status = self._reminders.status()
        self.status_action.setText(status_line(status, self._tz))
        self.pause_menu.menuAction().setVisible(status.paused_until is None)
        self.resume_action.setVisible(status.paused_until is not None)
        signal = QMetaMethod.fromSignal(self.settings_requested)
        self.settings_action.setVisible(self.isSignalConnected(signal))
        self.icon.setToolTip(f"BackCoach - {self.status_action.text()}")

    def show(self) -> bool:
        """Show the icon; return False when the desktop has no system tray."""
        if not QSystemTrayIcon.isSystemTrayAvailable():
            return False
        self.icon.show()
        return True

    def announce(self, title: str, text: str) -> None:
        """Show a tray notification, where the desktop supports them."""
        if self.icon.isVisible() and QSystemTrayIcon.supportsMessages():
            self.icon.showMessage(title, text, self.icon.icon(), 10_000)

    def _notify(self, kind: str, minutes: int) -> None:
        self.announce(*nudge_notification(kind, minutes))
