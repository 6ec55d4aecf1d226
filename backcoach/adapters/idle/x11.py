"""Idle time on X11 from the MIT-SCREEN-SAVER extension (``XScreenSaverQueryInfo`` in libXss).

One round trip to the X server per reading, over a connection kept open.
Under XWayland it only sees input to X11 windows, so on Wayland sessions the
D-Bus sources come first (see ``detect_idle_source``).
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable

from backcoach.adapters.x11 import X11Unavailable, XDisplay, load_library

_SCREEN_SAVER_ON = 1


class _XScreenSaverInfo(ctypes.Structure):
    _fields_ = [
        ("window", ctypes.c_ulong),
        ("state", ctypes.c_int),
        ("kind", ctypes.c_int),
        ("til_or_since", ctypes.c_ulong),
        ("idle", ctypes.c_ulong),
        ("event_mask", ctypes.c_ulong),
    ]


class X11IdleSource:
    """Reads idle milliseconds and the screen-saver state from the X server."""

    name = "X11 (MIT-SCREEN-SAVER)"

    def __init__(
        self, display: str | None = None, *, lock_probe: Callable[[], bool] | None = None
    ) -> None:
        """Connect to ``display`` (default ``$DISPLAY``); raise ``X11Unavailable`` if impossible.

        ``lock_probe``, when given, is asked too (a desktop's D-Bus screen
        saver, since GNOME's and KDE's lockers do not set the X11 state).
        """
        self._display = XDisplay(display)
        try:
            xss = load_library("Xss", "libXss.so.1")
        except X11Unavailable:
            self._display.close()
            raise
        xss.XScreenSaverQueryExtension.argtypes = [
            ctypes.c_void_p,
            ctypes.POINTER(ctypes.c_int),
            ctypes.POINTER(ctypes.c_int),
        ]
        xss.XScreenSaverAllocInfo.restype = ctypes.POINTER(_XScreenSaverInfo)
        xss.XScreenSaverQueryInfo.argtypes = [
            ctypes.c_void_p,
            ctypes.c_ulong,
            ctypes.POINTER(_XScreenSaverInfo),
        ]
        event_base, error_base = ctypes.c_int(), ctypes.c_int()
        if not xss.XScreenSaverQueryExtension(
            self._display.handle, ctypes.byref(event_base), ctypes.byref(error_base)
        ):
            self._display.close()
            raise X11Unavailable("the X server has no MIT-SCREEN-SAVER extension")
        self._xss = xss
        self._info = xss.XScreenSaverAllocInfo()
        self._lock_probe = lock_probe

    def _query(self) -> _XScreenSaverInfo | None:
        if not self._display.handle:
            return None
        ok = self._xss.XScreenSaverQueryInfo(self._display.handle, self._display.root, self._info)
        return self._info.contents if ok else None

    def idle_seconds(self) -> float | None:
        info = self._query()
        return None if info is None else info.idle / 1000.0

    def is_locked(self) -> bool:
        info = self._query()
        if info is not None and info.state == _SCREEN_SAVER_ON:
            return True
        return bool(self._lock_probe and self._lock_probe())

    def close(self) -> None:
        """Release the X connection."""
        if self._info:
            self._display.lib.XFree(self._info)
            self._info = None
        self._display.close()
