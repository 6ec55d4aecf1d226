"""Idle time on macOS: the HID system's time since the last input event.

First choice is CoreGraphics' ``CGEventSourceSecondsSinceLastEventType``
through ctypes (one cheap call). If CoreGraphics cannot be loaded, ``ioreg
-c IOHIDSystem`` is read for ``HIDIdleTime`` (nanoseconds); that spawns a
process per reading, so it is only the fallback. The lock state is not read
on macOS: a locked Mac stops receiving input, so the idle time covers it
once it passes the threshold.
"""

from __future__ import annotations

import ctypes
import re
import subprocess
import sys

_HID_SYSTEM_STATE = 1
_ANY_INPUT_EVENT = 0xFFFFFFFF
_CORE_GRAPHICS = "/System/Library/Frameworks/CoreGraphics.framework/CoreGraphics"
_HID_IDLE = re.compile(rb'"HIDIdleTime"\s*=\s*(\d+)')


class MacIdleSource:
    """Idle time from CoreGraphics; raises ``OSError`` anywhere but macOS."""

    name = "macOS (HID idle time)"
    _cg: ctypes.CDLL

    def __init__(self) -> None:
        if sys.platform != "darwin":
            raise OSError("the HID idle time exists only on macOS")
        cg = ctypes.CDLL(_CORE_GRAPHICS)
        cg.CGEventSourceSecondsSinceLastEventType.restype = ctypes.c_double
        cg.CGEventSourceSecondsSinceLastEventType.argtypes = [ctypes.c_int32, ctypes.c_uint32]
        self._cg = cg

    def idle_seconds(self) -> float | None:
        return float(
            self._cg.CGEventSourceSecondsSinceLastEventType(_HID_SYSTEM_STATE, _ANY_INPUT_EVENT)
        )

    def is_locked(self) -> bool:
        return False


class IoregIdleSource:
    """``ioreg -c IOHIDSystem`` ``HIDIdleTime``: slower (a process per reading), for old Macs."""

    name = "macOS (ioreg HIDIdleTime)"

    def __init__(self) -> None:
        if sys.platform != "darwin":
            raise OSError("ioreg exists only on macOS")

    def idle_seconds(self) -> float | None:
        try:
            output = subprocess.run(
                ["ioreg", "-c", "IOHIDSystem", "-d", "4"],
                capture_output=True,
                timeout=2,
                check=True,
            ).stdout
        except (OSError, subprocess.SubprocessError):
            return None
        return parse_hid_idle_time(output)

    def is_locked(self) -> bool:
        return False


def parse_hid_idle_time(ioreg_output: bytes) -> float | None:
    """Return seconds from the first ``"HIDIdleTime" = <ns>`` line of ``ioreg`` output."""
    match = _HID_IDLE.search(ioreg_output)
    return int(match.group(1)) / 1e9 if match else None
