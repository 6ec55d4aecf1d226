"""The tray icon and its menu: time until the next break, start a routine, pause, settings, quit.

The "next break" line is computed when the menu opens (no timer keeps it
fresh in the background). Items that need a part of the app that is not
connected (settings, a routine list) stay hidden until it is.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import tzinfo

from PySide6.QtCore import QMetaMethod, QObject, QSize, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from backcoach.adapters.tray.icon import ICON_SIZES, icon_file
from backcoach.core.reminders.driver import nudge_notification
from backcoach.core.reminders.tray_menu import MenuItem, build_tray_menu, carry_out, status_line
from backcoach.ui.reminders.controller import ReminderController


def tray_icon() -> QIcon:
    """Return BackCoach's icon from its PNGs, one per tray size (as the resident tray sends)."""
    icon = QIcon()
    for size in ICON_SIZES:
        icon.addFile(str(icon_file(size)), QSize(size, size))
    return icon


class _AskApp:
    """The app side of the menu's choices, passed on as the tray's signals."""

    def __init__(self, tray: Tray) -> None:
        self._tray = tray

    def open(self) -> None:
        self._tray.open_requested.emit()

    def open_settings(self) -> None:
        self._tray.settings_requested.emit()

    def quit(self) -> None:
        self._tray.quit_requested.emit()


class Tray(QObject):
    """The system-tray icon with BackCoach's menu (``core.reminders.tray_menu``) in a ``QMenu``.

    The menu is rebuilt from ``build_tray_menu`` each time it opens, so it lists
    exactly what the resident tray's StatusNotifierItem menu lists.
    """

    open_requested = Signal()
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
        self._notice: str | None = None
        self._app = _AskApp(self)
        self.reminders_on = True
        """False while reminders are switched off: no status line and no pause choices."""
        self.icon = QSystemTrayIcon(tray_icon(), self)
        self.icon.setToolTip("BackCoach")
        self.menu = QMenu()
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._on_activated)
        self.menu.aboutToShow.connect(self.refresh)
        reminders.nudge_shown.connect(self._notify)
        self.refresh()

    def menu_items(self) -> tuple[MenuItem, ...]:
        """Return the menu as it should look now."""
        status = self._reminders.status() if self.reminders_on else None
        return build_tray_menu(
            status,
            notice=self._notice,
            routines=self._routines,
            can_open=self._can_open(),
            tz=self._tz,
        )

    def activate(self, key: str) -> None:
        """Carry out the menu item ``key``."""
        carry_out(key, self._reminders, self._app)

    def has_routines(self) -> bool:
        """Return True once routines are listed under "Start a routine"."""
        return bool(self._routines)

    def set_routines(self, routines: Sequence[tuple[str, str]]) -> None:
        """List routines as (id, title) under "Start a routine"."""
        self._routines = list(routines)
        self.refresh()

    def set_notice(self, text: str | None) -> None:
        """Show a greyed line under the status (e.g. "Idle detection unavailable")."""
        self._notice = text or None
        self.refresh()

    def refresh(self) -> None:
        """Rebuild the menu and the tooltip from the menu data; called each time the menu opens."""
        items = self.menu_items()
        _fill(self.menu, items, self.activate)
        if self.reminders_on:
            tip = status_line(self._reminders.status(), self._tz)
        else:
            tip = self._notice or ""
        self.icon.setToolTip(f"BackCoach - {tip}" if tip else "BackCoach")

    def _can_open(self) -> bool:
        return self.isSignalConnected(QMetaMethod.fromSignal(self.open_requested))

    def _on_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason == QSystemTrayIcon.ActivationReason.Trigger and self._can_open():
            self.open_requested.emit()

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


def _fill(menu: QMenu, items: Sequence[MenuItem], activate: Callable[[str], None]) -> None:
    """Make ``menu`` list ``items`` (with submenus) afresh; a chosen item calls ``activate``."""
    for old in menu.findChildren(QMenu):
        old.deleteLater()
    menu.clear()
    for item in items:
        label = item.label.replace("&", "&&")  # a routine title's "&" is not a shortcut mark
        if item.separator:
            menu.addSeparator()
        elif item.children:
            submenu = QMenu(label, menu)
            _fill(submenu, item.children, activate)
            menu.addMenu(submenu)
        else:
            action = menu.addAction(label)
            action.setEnabled(item.enabled)
            if item.enabled and item.key:
                action.triggered.connect(lambda _=False, key=item.key: activate(key))
