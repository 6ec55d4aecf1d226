"""The resident tray process: break reminders and a tray icon without Qt.

``backcoach tray`` runs this on Linux desktops: a small select loop that
polls the sitting tracker, shows the tray icon through a StatusNotifierItem
(D-Bus), and starts the Qt parts (the nudge window, the main window and its
player) as their own processes only when needed, so what stays resident all
day weighs a fraction of a Qt program. Where the panel only docks X icons
(XEmbed), it hands over to the Qt tray (``backcoach tray --qt``).
"""

from __future__ import annotations

import sys


def runs_here(platform: str = sys.platform) -> bool:
    """Return True where the tray runs as the resident process (Linux; elsewhere Qt's tray)."""
    return platform.startswith("linux")
