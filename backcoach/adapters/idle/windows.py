"""Idle time on Windows: ``GetLastInputInfo`` (user32), lock from the input desktop.

``GetLastInputInfo`` gives the tick count of the last input event in this
session; the difference to ``GetTickCount`` (both 32-bit, wrapping every
49.7 days) is the idle time. While the workstation is locked, the input
desktop is Winlogon's and ``OpenInputDesktop`` fails for the user.
"""

from __future__ import annotations

import ctypes
import sys

_DESKTOP_SWITCHDESKTOP = 0x0100


class _LastInputInfo(ctypes.Structure):
    _fields_ = [("cbSize", ctypes.c_uint), ("dwTime", ctypes.c_uint)]


class WindowsIdleSource:
    """Idle time from user32; raises ``OSError`` when constructed anywhere but Windows."""

    name = "Windows (GetLastInputInfo)"
    _user32: ctypes.CDLL
    _kernel32: ctypes.CDLL
    _info: _LastInputInfo

    def __init__(self) -> None:
        if sys.platform != "win32":
            raise OSError("GetLastInputInfo exists only on Windows")
        self._user32 = ctypes.WinDLL("user32")
        self._kernel32 = ctypes.WinDLL("kernel32")
        self._kernel32.GetTickCount.restype = ctypes.c_uint
        self._user32.OpenInputDesktop.restype = ctypes.c_void_p
        self._user32.CloseDesktop.argtypes = [ctypes.c_void_p]
        self._info = _LastInputInfo(cbSize=ctypes.sizeof(_LastInputInfo))

    def idle_seconds(self) -> float | None:
        if not self._user32.GetLastInputInfo(ctypes.byref(self._info)):
            return None
        now = self._kernel32.GetTickCount()
        return ((now - self._info.dwTime) & 0xFFFFFFFF) / 1000.0

    def is_locked(self) -> bool:
        desktop = self._user32.OpenInputDesktop(0, False, _DESKTOP_SWITCHDESKTOP)
        if not desktop:
            return True
        self._user32.CloseDesktop(desktop)
        return False
