"""Idle-time sources per platform, and ``detect_idle_source()`` which picks the first that answers.

Order tried:

- Windows: ``GetLastInputInfo``;
- macOS: CoreGraphics HID idle time, then ``ioreg``;
- Wayland sessions: GNOME's Mutter IdleMonitor, then org.freedesktop.ScreenSaver
  (X11 idle under XWayland would miss native Wayland input, so it is not used);
- X11 sessions: the MIT-SCREEN-SAVER extension (with the desktop's D-Bus
  screen saver for the lock), then the two D-Bus sources;
- otherwise ``WallClockIdle``: idle cannot be measured and wall time counts.

A source "answers" when it can be created and returns a number from
``idle_seconds()``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Mapping

from backcoach.adapters.dbus.session import DBusUnavailable, SessionBus
from backcoach.adapters.idle.fallback import WallClockIdle
from backcoach.adapters.x11 import X11Unavailable
from backcoach.core.reminders.idle import IdleSource

__all__ = ["IdleSource", "WallClockIdle", "detect_idle_source", "is_wayland_session"]

_UNAVAILABLE = (X11Unavailable, DBusUnavailable, OSError)


def is_wayland_session(env: Mapping[str, str]) -> bool:
    """Return True when the desktop session runs on Wayland."""
    return bool(env.get("WAYLAND_DISPLAY")) or env.get("XDG_SESSION_TYPE") == "wayland"


def _linux_candidates(env: Mapping[str, str]) -> Iterator[Callable[[], IdleSource]]:
    bus: list[SessionBus | None] = []

    def session_bus() -> SessionBus:
        if not bus:
            try:
                bus.append(SessionBus(env.get("DBUS_SESSION_BUS_ADDRESS")))
            except DBusUnavailable:
                bus.append(None)
        if bus[0] is None:
            raise DBusUnavailable("no session bus")
        return bus[0]

    def x11() -> IdleSource:
        from backcoach.adapters.idle.dbus import DBusLockProbe
        from backcoach.adapters.idle.x11 import X11IdleSource

        try:
            probe = DBusLockProbe(session_bus())
        except DBusUnavailable:
            probe = None
        return X11IdleSource(env.get("DISPLAY") or None, lock_probe=probe)

    def mutter() -> IdleSource:
        from backcoach.adapters.idle.dbus import MutterIdleSource

        return MutterIdleSource(session_bus())

    def freedesktop() -> IdleSource:
        from backcoach.adapters.idle.dbus import FreedesktopIdleSource

        return FreedesktopIdleSource(session_bus(), env)

    if is_wayland_session(env):
        yield from (mutter, freedesktop)
    else:
        yield from (x11, mutter, freedesktop)


def _candidates(env: Mapping[str, str], platform: str) -> Iterator[Callable[[], IdleSource]]:
    if platform == "win32":
        from backcoach.adapters.idle.windows import WindowsIdleSource

        yield WindowsIdleSource
    elif platform == "darwin":
        from backcoach.adapters.idle.macos import IoregIdleSource, MacIdleSource

        yield from (MacIdleSource, IoregIdleSource)
    else:
        yield from _linux_candidates(env)


def detect_idle_source(
    env: Mapping[str, str] | None = None, platform: str | None = None
) -> IdleSource:
    """Return the first idle source that answers on this desktop, or ``WallClockIdle``."""
    env = os.environ if env is None else env
    for make in _candidates(env, platform or sys.platform):
        try:
            source = make()
        except _UNAVAILABLE:
            continue
        if source.idle_seconds() is not None:
            return source
        close = getattr(source, "close", None)
        if close is not None:
            close()
    return WallClockIdle()
