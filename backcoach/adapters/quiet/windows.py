"""Windows' own idea of "the user is busy": ``SHQueryUserNotificationState`` (shell32).

It reports a full-screen application, a Direct3D game or presentation mode,
which is exactly when a nudge should wait.
"""

from __future__ import annotations

import ctypes
import sys

_BUSY = {2: "fullscreen", 3: "fullscreen", 4: "presentation"}


class WindowsBusyCheck:
    """Callable: a reason while Windows says the user should not be disturbed, else None."""

    _shell32: ctypes.CDLL

    def __init__(self) -> None:
        if sys.platform != "win32":
            raise OSError("SHQueryUserNotificationState exists only on Windows")
        self._shell32 = ctypes.WinDLL("shell32")

    def __call__(self) -> str | None:
        state = ctypes.c_int()
        if self._shell32.SHQueryUserNotificationState(ctypes.byref(state)) != 0:
            return None
        return _BUSY.get(state.value)
