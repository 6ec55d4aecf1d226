"""BackCoach's own icon for Qt windows, from the PNGs rendered by ``packaging/render_icons.py``."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QGuiApplication, QIcon

from backcoach.config import paths
from backcoach.config.paths import APP_ID


def app_icon() -> QIcon:
    """Return the app icon with every rendered size (16-256 px) and the SVG for larger ones."""
    icon = QIcon()
    hicolor = paths.assets_dir() / "icons" / "hicolor"
    for png in sorted(hicolor.glob(f"*x*/apps/{APP_ID}.png")):
        icon.addFile(str(png))
    return icon


def use_app_identity(app: QCoreApplication) -> None:
    """Give ``app`` BackCoach's window icon and desktop entry name (the Wayland app id).

    A ``QCoreApplication`` without windows is left as it is.
    """
    if not isinstance(app, QGuiApplication):
        return
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(app_icon())
