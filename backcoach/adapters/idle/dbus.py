"""Idle time and screen lock over D-Bus: GNOME's Mutter IdleMonitor and org.freedesktop.ScreenSaver.

- GNOME (Wayland and X11): ``org.gnome.Mutter.IdleMonitor.GetIdletime`` on
  ``/org/gnome/Mutter/IdleMonitor/Core`` gives idle milliseconds; the lock is
  ``org.gnome.ScreenSaver.GetActive``.
- KDE, Xfce and others: ``org.freedesktop.ScreenSaver.GetSessionIdleTime``.
  The specification never fixed its unit: KDE answers in milliseconds,
  others in seconds, so the unit follows ``XDG_CURRENT_DESKTOP``. The lock
  is ``org.freedesktop.ScreenSaver.GetActive``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from backcoach.adapters.dbus.session import DBusUnavailable, SessionBus

MUTTER = ("org.gnome.Mutter.IdleMonitor", "/org/gnome/Mutter/IdleMonitor/Core")
GNOME_SCREENSAVER = ("org.gnome.ScreenSaver", "/org/gnome/ScreenSaver")
FREEDESKTOP_SCREENSAVER = ("org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver")


class DBusLockProbe:
    """Asks the desktop's screen saver whether it is active (GNOME's first, then freedesktop's).

    Once one service answers, only that one is asked; if none answers, the
    probe says "not locked" and stops asking for a minute's worth of calls.
    """

    _SERVICES = (GNOME_SCREENSAVER, FREEDESKTOP_SCREENSAVER)
    _GIVE_UP_AFTER = 3

    def __init__(self, bus: SessionBus) -> None:
        self._bus = bus
        self._service: tuple[str, str] | None = None
        self._failures = 0

    def __call__(self) -> bool:
        if self._failures >= self._GIVE_UP_AFTER:
            return False
        services = (self._service,) if self._service else self._SERVICES
        for name, path in services:
            try:
                (active,) = self._bus.call(name, path, name, "GetActive")
            except DBusUnavailable:
                continue
            self._service = (name, path)
            self._failures = 0
            return bool(active)
        self._failures += 1
        return False


class MutterIdleSource:
    """GNOME Shell's idle monitor: works on Wayland, where X11 cannot see input."""

    name = "GNOME (Mutter IdleMonitor)"

    def __init__(self, bus: SessionBus) -> None:
        self._bus = bus
        self._lock = DBusLockProbe(bus)

    def idle_seconds(self) -> float | None:
        try:
            (millis,) = self._bus.call(*MUTTER, MUTTER[0], "GetIdletime")
        except DBusUnavailable:
            return None
        return int(millis) / 1000.0

    def is_locked(self) -> bool:
        return self._lock()


class FreedesktopIdleSource:
    """``org.freedesktop.ScreenSaver``: KDE Plasma, Xfce and other desktops."""

    name = "org.freedesktop.ScreenSaver"

    def __init__(self, bus: SessionBus, env: Mapping[str, str] | None = None) -> None:
        self._bus = bus
        desktop = (env if env is not None else os.environ).get("XDG_CURRENT_DESKTOP", "")
        self._divisor = 1000.0 if "KDE" in desktop.upper().split(":") else 1.0

    def idle_seconds(self) -> float | None:
        name, path = FREEDESKTOP_SCREENSAVER
        try:
            (value,) = self._bus.call(name, path, name, "GetSessionIdleTime")
        except DBusUnavailable:
            return None
        return int(value) / self._divisor

    def is_locked(self) -> bool:
        name, path = FREEDESKTOP_SCREENSAVER
        try:
            (active,) = self._bus.call(name, path, name, "GetActive")
        except DBusUnavailable:
            return False
        return bool(active)
