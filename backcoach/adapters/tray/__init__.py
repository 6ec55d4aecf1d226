"""The tray icon without Qt, for the resident process (``backcoach.resident``).

- ``sni``: a StatusNotifierItem with a com.canonical.dbusmenu menu, served
  over the D-Bus session bus with jeepney (KDE Plasma, GNOME with the
  AppIndicator extension, Xfce, Cinnamon, Budgie, swaybar, ...);
- ``icon``: its pixels, read from the app icon's PNGs (the Qt tray loads the same files).

Panels that only dock X icons (XEmbed: i3bar, LXDE, trayer) get Qt's tray
instead (``backcoach.ui.reminders.tray``); see ``backcoach.resident.main.TrayChoice``.
The icon renders a ``core.reminders.tray_menu.TrayMenuSource`` and implements ``TrayIcon``.
"""

from __future__ import annotations

from typing import Protocol


class TrayIcon(Protocol):
    """A tray icon that shows a ``TrayMenuSource``'s menu."""

    name: str
    """Which kind of tray this is, for the start-up line ("StatusNotifierItem")."""

    def show(self) -> bool:
        """Show the icon; return False when this desktop has no tray of this kind."""
        ...

    def is_shown(self) -> bool:
        """Return True while a panel shows the icon (registered with it, or docked in it)."""
        ...

    def refresh(self) -> None:
        """Take up a changed menu or tooltip (a menu already open may be redrawn)."""
        ...

    def close(self) -> None:
        """Remove the icon and release its connection."""
        ...
