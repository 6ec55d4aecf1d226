"""X11 adapters against a real Xvfb: idle time from MIT-SCREEN-SAVER, full-screen detection."""

from __future__ import annotations

import ctypes
import time
from collections.abc import Iterator

import pytest

from backcoach.adapters.idle import WallClockIdle, detect_idle_source
from backcoach.adapters.idle.x11 import X11IdleSource
from backcoach.adapters.quiet import detect_quiet_check
from backcoach.adapters.quiet.fullscreen_x11 import X11FullscreenCheck
from backcoach.adapters.x11 import X11Unavailable, XDisplay
from tests.desktop.helpers import running_xvfb, xdotool

pytestmark = pytest.mark.xvfb

_XA_ATOM = 4
_XA_WINDOW = 33


@pytest.fixture(scope="module")
def display() -> Iterator[str]:
    with running_xvfb() as name:
        yield name


class WindowMaker:
    """Creates X windows and sets EWMH properties the way a window manager would."""

    def __init__(self, display: str) -> None:
        self.x = XDisplay(display)
        lib = self.x.lib
        lib.XCreateSimpleWindow.restype = ctypes.c_ulong
        lib.XCreateSimpleWindow.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
        lib.XCreateSimpleWindow.argtypes += [ctypes.c_int] * 2 + [ctypes.c_uint] * 3
        lib.XCreateSimpleWindow.argtypes += [ctypes.c_ulong] * 2
        lib.XChangeProperty.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_ulong]
        lib.XChangeProperty.argtypes += [ctypes.c_ulong, ctypes.c_int, ctypes.c_int]
        lib.XChangeProperty.argtypes += [ctypes.c_void_p, ctypes.c_int]
        lib.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
        lib.XDestroyWindow.argtypes = [ctypes.c_void_p, ctypes.c_ulong]

    def intern(self, name: str) -> int:
        return int(self.x.lib.XInternAtom(self.x.handle, name.encode(), 0))

    def window(self) -> int:
        args = (self.x.handle, self.x.root, 0, 0, 200, 100, 0, 0, 0)
        return int(self.x.lib.XCreateSimpleWindow(*args))

    def set_longs(self, window: int, prop: str, kind: int, values: list[int]) -> None:
        data = (ctypes.c_ulong * len(values))(*values)
        self.x.lib.XChangeProperty(
            self.x.handle, window, self.intern(prop), kind, 32, 0, data, len(values)
        )
        self.x.lib.XSync(self.x.handle, 0)  # processed before another client asks

    def make_active(self, window: int) -> None:
        self.set_longs(self.x.root, "_NET_ACTIVE_WINDOW", _XA_WINDOW, [window])

    def set_state(self, window: int, *states: str) -> None:
        self.set_longs(window, "_NET_WM_STATE", _XA_ATOM, [self.intern(s) for s in states])

    def destroy(self, window: int) -> None:
        self.x.lib.XDestroyWindow(self.x.handle, window)
        self.x.lib.XSync(self.x.handle, 0)


def test_idle_time_grows_without_input_and_resets_on_mouse_movement(display: str) -> None:
    source = X11IdleSource(display)
    try:
        xdotool(display, "mousemove", "10", "10")
        time.sleep(1.2)
        idle = source.idle_seconds()
        assert idle is not None and 1.0 <= idle < 5.0
        xdotool(display, "mousemove", "200", "150")
        after = source.idle_seconds()
        assert after is not None and after < 0.5
        assert not source.is_locked()
    finally:
        source.close()


def test_a_key_press_resets_idle_time_too(display: str) -> None:
    source = X11IdleSource(display)
    try:
        time.sleep(0.6)
        xdotool(display, "key", "shift")
        idle = source.idle_seconds()
        assert idle is not None and idle < 0.5
    finally:
        source.close()


def test_a_running_screen_saver_reads_as_locked(display: str) -> None:
    source = X11IdleSource(display)
    other_client = XDisplay(display)
    try:
        other_client.lib.XForceScreenSaver.argtypes = [ctypes.c_void_p, ctypes.c_int]
        other_client.lib.XForceScreenSaver(other_client.handle, 1)  # ScreenSaverActive
        other_client.lib.XSync(other_client.handle, 0)
        locked = source.is_locked()
        xdotool(display, "mousemove", "5", "5")  # input ends the screen saver
        assert locked
        assert not source.is_locked()
    finally:
        other_client.close()
        source.close()


def test_detect_picks_x11_when_a_display_answers(display: str) -> None:
    source = detect_idle_source(env={"DISPLAY": display}, platform="linux")
    assert isinstance(source, X11IdleSource)
    source.close()


def test_detect_falls_back_to_wall_time_without_any_desktop() -> None:
    source = detect_idle_source(env={}, platform="linux")
    assert isinstance(source, WallClockIdle)
    assert source.idle_seconds() is None


def test_a_missing_display_is_reported_not_crashed() -> None:
    with pytest.raises(X11Unavailable, match="cannot open X display"):
        X11IdleSource(":9999")


def test_fullscreen_is_seen_on_the_active_window_only(display: str) -> None:
    maker = WindowMaker(display)
    check = X11FullscreenCheck(display)
    try:
        assert not check()  # no window manager: no active window
        video, editor = maker.window(), maker.window()
        maker.set_state(video, "_NET_WM_STATE_ABOVE", "_NET_WM_STATE_FULLSCREEN")
        maker.set_state(editor, "_NET_WM_STATE_MAXIMIZED_VERT")
        maker.make_active(editor)
        assert not check()
        maker.make_active(video)
        assert check()
        quiet = detect_quiet_check(env={"DISPLAY": display}, platform="linux")
        assert quiet() == "fullscreen"
        maker.destroy(video)  # the active window vanished: no error, no crash
        assert not check()
        maker.make_active(0)
    finally:
        check.close()
        maker.x.close()


def test_detect_picks_x11_right_after_the_server_resets() -> None:
    """An X server resets when its last client leaves and refuses connections meanwhile.

    This race made the test above fail on a fresh machine (the reset recompiles
    the keymap, slowly, the first time); detection now waits it out.
    """
    with running_xvfb(reset=True) as name:
        for _ in range(3):
            XDisplay(name).close()  # the last client leaves: the server resets
            source = detect_idle_source(env={"DISPLAY": name}, platform="linux")
            assert isinstance(source, X11IdleSource)
            source.close()
