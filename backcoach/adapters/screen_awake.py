"""Keep the screen from blanking while a session plays, where the platform lets an app.

- Linux and other free desktops: ``org.freedesktop.ScreenSaver.Inhibit`` on the
  session bus (GNOME, KDE, Xfce, Cinnamon, MATE, LXQt; X11 and Wayland). The
  desktop drops the inhibition by itself if BackCoach dies, since it is tied
  to the D-Bus connection. On X11, the X server's own blanking and DPMS are
  also suspended (``XScreenSaverSuspend`` from libXss), for a bare window
  manager with no desktop service.
- Windows: ``SetThreadExecutionState`` with display-required.
- macOS: ``caffeinate -d -w PID`` for as long as the session plays.
- Anywhere else, or when none of these answers: ``NoScreenAwake`` (the screen
  may blank; nothing breaks).

Every ``hold`` returns whether the screen is now kept awake, and never raises.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from typing import Protocol

from backcoach.adapters.dbus.session import DBusUnavailable, SessionBus

SCREENSAVER_NAME = "org.freedesktop.ScreenSaver"
SCREENSAVER_PATHS = ("/org/freedesktop/ScreenSaver", "/ScreenSaver")
APP_NAME = "BackCoach"


class ScreenAwake(Protocol):
    """Something that keeps the screen on between ``hold`` and ``release``."""

    @property
    def name(self) -> str:
        """A short name for diagnostics (what keeps the screen on)."""
        ...

    def hold(self, reason: str) -> bool:
        """Keep the screen on; return True when that worked (calling twice is harmless)."""
        ...

    def release(self) -> None:
        """Let the screen blank again (harmless when not holding)."""
        ...


class NoScreenAwake:
    """Nothing to hold on this platform: the screen may blank."""

    name = "none"

    def hold(self, reason: str) -> bool:
        return False

    def release(self) -> None:
        pass


class FreedesktopScreenAwake:
    """``org.freedesktop.ScreenSaver.Inhibit`` / ``UnInhibit`` over the session bus."""

    name = "freedesktop"

    def __init__(self, connect: Callable[[], SessionBus] = SessionBus) -> None:
        self._connect = connect
        self._bus: SessionBus | None = None
        self._cookie: tuple[str, int] | None = None  # (object path, cookie)

    def hold(self, reason: str) -> bool:
        if self._cookie is not None:
            return True
        try:
            bus = self._connect()
        except DBusUnavailable:
            return False
        for path in SCREENSAVER_PATHS:
            try:
                (cookie,) = bus.call(
                    SCREENSAVER_NAME, path, SCREENSAVER_NAME, "Inhibit", "ss", (APP_NAME, reason)
                )
            except (DBusUnavailable, ValueError):
                continue
            self._bus, self._cookie = bus, (path, int(cookie))
            return True
        bus.close()
        return False

    def release(self) -> None:
        bus, cookie = self._bus, self._cookie
        self._bus = self._cookie = None
        if bus is None or cookie is None:
            return
        with contextlib.suppress(DBusUnavailable):
            bus.call(SCREENSAVER_NAME, cookie[0], SCREENSAVER_NAME, "UnInhibit", "u", (cookie[1],))
        with contextlib.suppress(OSError):
            bus.close()  # closing alone also ends the inhibition


class X11ScreenAwake:
    """Suspend the X server's own screen saver and DPMS (``XScreenSaverSuspend``)."""

    name = "x11"

    def __init__(self, display: str | None = None) -> None:
        self._display_name = display
        self._x11: ctypes.CDLL | None = None
        self._xss: ctypes.CDLL | None = None
        self._handle: int | None = None

    def hold(self, reason: str) -> bool:
        if self._handle is not None:
            return True
        name = self._display_name or os.environ.get("DISPLAY")
        if not name:
            return False
        try:
            from backcoach.adapters.x11 import X11Unavailable, load_library

            x11 = load_library("X11", "libX11.so.6")
            xss = load_library("Xss", "libXss.so.1")
        except (ImportError, X11Unavailable):
            return False
        x11.XOpenDisplay.restype = ctypes.c_void_p
        x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
        x11.XFlush.argtypes = [ctypes.c_void_p]
        x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
        xss.XScreenSaverSuspend.argtypes = [ctypes.c_void_p, ctypes.c_int]
        handle = x11.XOpenDisplay(name.encode())
        if not handle:
            return False
        xss.XScreenSaverSuspend(handle, 1)
        x11.XFlush(handle)
        self._x11, self._xss, self._handle = x11, xss, handle
        return True

    def release(self) -> None:
        if self._handle is None or self._x11 is None or self._xss is None:
            return
        self._xss.XScreenSaverSuspend(self._handle, 0)
        self._x11.XFlush(self._handle)
        self._x11.XCloseDisplay(self._handle)  # the server also resumes when we disconnect
        self._handle = None


class WindowsScreenAwake:
    """``SetThreadExecutionState``: display and system required until released."""

    name = "windows"
    _CONTINUOUS = 0x80000000
    _SYSTEM_REQUIRED = 0x00000001
    _DISPLAY_REQUIRED = 0x00000002

    def __init__(self) -> None:
        self._holding = False

    def hold(self, reason: str) -> bool:
        if sys.platform != "win32":
            return False
        kernel32 = ctypes.windll.kernel32
        flags = self._CONTINUOUS | self._SYSTEM_REQUIRED | self._DISPLAY_REQUIRED
        self._holding = bool(kernel32.SetThreadExecutionState(flags))
        return self._holding

    def release(self) -> None:
        if self._holding and sys.platform == "win32":
            ctypes.windll.kernel32.SetThreadExecutionState(self._CONTINUOUS)
            self._holding = False


class MacScreenAwake:
    """``caffeinate -d -w PID``: keeps the display on while this process lives."""

    name = "macos"

    def __init__(self) -> None:
        self._process: subprocess.Popen[bytes] | None = None

    def hold(self, reason: str) -> bool:
        if self._process is not None and self._process.poll() is None:
            return True
        if shutil.which("caffeinate") is None:
            return False
        try:
            self._process = subprocess.Popen(
                ["caffeinate", "-d", "-i", "-w", str(os.getpid())],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        except OSError:
            return False
        return True

    def release(self) -> None:
        if self._process is not None:
            self._process.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._process.wait(timeout=2)
            self._process = None


class AllScreenAwake:
    """Hold every one of ``parts`` that works; held when at least one is."""

    def __init__(self, parts: Sequence[ScreenAwake]) -> None:
        self.parts = tuple(parts)
        self.held: tuple[str, ...] = ()
        """Names of the parts holding the screen now."""

    @property
    def name(self) -> str:
        return "+".join(part.name for part in self.parts) or "none"

    def hold(self, reason: str) -> bool:
        self.held = tuple(part.name for part in self.parts if part.hold(reason))
        return bool(self.held)

    def release(self) -> None:
        for part in self.parts:
            part.release()
        self.held = ()


def screen_awake_for_platform(platform: str | None = None) -> ScreenAwake:
    """Return the way to keep the screen on here (``NoScreenAwake`` when there is none)."""
    platform = platform or sys.platform
    if platform == "win32":
        return WindowsScreenAwake()
    if platform == "darwin":
        return MacScreenAwake()
    if platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return AllScreenAwake([FreedesktopScreenAwake(), X11ScreenAwake()])
    return NoScreenAwake()
