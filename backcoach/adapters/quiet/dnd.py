"""Is the desktop's do-not-disturb on? Read where a desktop exposes it; best effort.

- GNOME: ``org.gnome.desktop.notifications show-banners`` is false while
  "Do Not Disturb" is on (read with ``gsettings``, a process per reading, so
  only when a nudge is about to appear);
- KDE Plasma and other servers that implement it: the ``Inhibited`` property
  of ``org.freedesktop.Notifications``.

Anything that cannot be read counts as "not on".
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Mapping

from backcoach.adapters.dbus.session import DBusUnavailable, SessionBus

NOTIFICATIONS = ("org.freedesktop.Notifications", "/org/freedesktop/Notifications")


def gnome_banners_hidden(env: Mapping[str, str] | None = None) -> bool:
    """Return True when GNOME's do-not-disturb hides notification banners."""
    gsettings = shutil.which("gsettings", path=(env or {}).get("PATH"))
    if gsettings is None:
        return False
    try:
        result = subprocess.run(
            [gsettings, "get", "org.gnome.desktop.notifications", "show-banners"],
            capture_output=True,
            text=True,
            timeout=2,
            env=dict(env) if env is not None else None,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return result.returncode == 0 and result.stdout.strip() == "false"


def notifications_inhibited(bus: SessionBus) -> bool:
    """Return the ``Inhibited`` property of the notification server (False if unreadable)."""
    name, path = NOTIFICATIONS
    try:
        return bool(bus.get_property(name, path, name, "Inhibited"))
    except DBusUnavailable:
        return False
