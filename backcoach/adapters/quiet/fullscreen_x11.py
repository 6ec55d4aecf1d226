"""Is the window in front full screen? On X11, from the EWMH properties the window manager sets.

``_NET_ACTIVE_WINDOW`` on the root window names the focused window; its
``_NET_WM_STATE`` lists ``_NET_WM_STATE_FULLSCREEN`` while it fills the
screen (presentations, video calls, films). Two property reads over a kept
connection, done only when a nudge is about to appear. Without a window
manager (no ``_NET_ACTIVE_WINDOW``) the answer is "not full screen".
"""

from __future__ import annotations

from backcoach.adapters.x11 import XDisplay


class X11FullscreenCheck:
    """Callable: True while the active window is full screen."""

    def __init__(self, display: str | None = None) -> None:
        """Connect to ``display`` (default ``$DISPLAY``); raise ``X11Unavailable`` if impossible."""
        self._x = XDisplay(display)
        self._x.tolerate_errors()

    def __call__(self) -> bool:
        active = self._x.window_property_longs(self._x.root, "_NET_ACTIVE_WINDOW", 1)
        if not active or not active[0]:
            return False
        fullscreen = self._x.atom("_NET_WM_STATE_FULLSCREEN")
        return bool(fullscreen) and fullscreen in self._x.window_property_longs(
            active[0], "_NET_WM_STATE"
        )

    def close(self) -> None:
        """Release the X connection."""
        self._x.close()
