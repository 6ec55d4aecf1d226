"""The resident tray process: break reminders and a tray icon without Qt.

``backcoach tray`` runs this on Linux desktops: a small select loop that
polls the sitting tracker, shows the tray icon through a StatusNotifierItem
(D-Bus) or an XEmbed icon (X11), and starts the Qt parts (the nudge window,
the main window and its player) as their own processes only when needed, so
what stays resident all day weighs a fraction of a Qt program.
"""

from __future__ import annotations

import sys


def runs_here(platform: str = sys.platform) -> bool:
    """Return True where the tray runs as the resident process (Linux; elsewhere Qt's tray)."""
    return platform.startswith("linux")
