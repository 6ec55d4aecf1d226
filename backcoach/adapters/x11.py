"""A minimal ctypes binding to libX11: open a display, intern atoms, read window properties.

Used by the X11 idle source, the full-screen check and the resident tray
(to see whether an X system tray is there). No Qt, no compiled
module: only ``libX11.so.6`` (and ``libXss.so.1`` for idle time), present on
every X11 desktop.
"""

from __future__ import annotations

import ctypes
import os
import time
from pathlib import Path

_XA_ANY_PROPERTY_TYPE = 0
_SUCCESS = 0


class X11Unavailable(RuntimeError):
    """No X server to talk to, or libX11 is missing."""


def load_library(short_name: str, soname: str) -> ctypes.CDLL:
    """Load a shared library by its soname (``libX11.so.6``), else by its short name (``X11``).

    The soname comes first because ``ctypes.util.find_library`` runs
    ``ldconfig`` or a compiler in a child process.
    """
    try:
        return ctypes.CDLL(soname)
    except OSError:
        pass
    from ctypes.util import find_library

    path = find_library(short_name)
    try:
        return ctypes.CDLL(path or soname)
    except OSError as exc:
        raise X11Unavailable(f"cannot load {soname}: {exc}") from exc


_ERROR_HANDLER_TYPE = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)


@_ERROR_HANDLER_TYPE
def _ignore_x_error(_display: int | None, _event: int | None) -> int:
    # Xlib's default handler ends the process on any protocol error, e.g. a
    # BadWindow when the active window closes between two requests. Here a
    # failed request just reads as "no property".
    return 0


OPEN_RETRY_S = 3.0
"""How long to keep trying a local display whose socket is there but that refuses us.

An X server resets when its last client leaves (a display manager's greeter
at login, say) and refuses connections while it does; BackCoach started in
that moment would otherwise settle for no X11 idle time for the whole run.
"""


def _local_socket(name: str) -> Path:
    """Return the Unix socket of a local display name like ``:1`` or ``:1.0``."""
    host, _, number = name.rpartition(":")
    if host not in ("", "unix"):
        return Path("/nonexistent")  # a remote display: no socket here to look for
    return Path("/tmp/.X11-unix") / f"X{number.partition('.')[0]}"


class XDisplay:
    """An open Xlib connection with the few calls BackCoach needs."""

    def __init__(self, name: str | None = None) -> None:
        """Connect to display ``name`` (default: ``$DISPLAY``); raise ``X11Unavailable``."""
        name = name if name is not None else os.environ.get("DISPLAY")
        if not name:
            raise X11Unavailable("DISPLAY is not set")
        lib = load_library("X11", "libX11.so.6")
        lib.XOpenDisplay.restype = ctypes.c_void_p
        lib.XOpenDisplay.argtypes = [ctypes.c_char_p]
        lib.XDefaultRootWindow.restype = ctypes.c_ulong
        lib.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
        lib.XInternAtom.restype = ctypes.c_ulong
        lib.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
        lib.XGetWindowProperty.restype = ctypes.c_int
        lib.XGetWindowProperty.argtypes = [
            ctypes.c_void_p,
            ctypes.c_ulong,
            ctypes.c_ulong,
            ctypes.c_long,
            ctypes.c_long,
            ctypes.c_int,
            ctypes.c_ulong,
            ctypes.POINTER(ctypes.c_ulong),
            ctypes.POINTER(ctypes.c_int),
            ctypes.POINTER(ctypes.c_ulong),
            ctypes.POINTER(ctypes.c_ulong),
            ctypes.POINTER(ctypes.c_void_p),
        ]
        lib.XFree.argtypes = [ctypes.c_void_p]
        lib.XCloseDisplay.argtypes = [ctypes.c_void_p]
        lib.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
        lib.XDefaultScreen.restype = ctypes.c_int
        lib.XDefaultScreen.argtypes = [ctypes.c_void_p]
        lib.XGetSelectionOwner.restype = ctypes.c_ulong
        lib.XGetSelectionOwner.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
        lib.XSetErrorHandler.restype = ctypes.c_void_p
        lib.XSetErrorHandler.argtypes = [_ERROR_HANDLER_TYPE]
        handle = lib.XOpenDisplay(name.encode())
        deadline = time.monotonic() + OPEN_RETRY_S
        while not handle and _local_socket(name).exists() and time.monotonic() < deadline:
            time.sleep(0.1)  # the server is there but resetting (its last client just left)
            handle = lib.XOpenDisplay(name.encode())
        if not handle:
            raise X11Unavailable(f"cannot open X display {name}")
        self.lib = lib
        self.handle: int | None = handle
        self.name = name
        self.root = int(lib.XDefaultRootWindow(handle))
        self._atoms: dict[str, int] = {}

    def tolerate_errors(self) -> None:
        """Make Xlib protocol errors harmless instead of fatal (process-wide, idempotent)."""
        self.lib.XSetErrorHandler(_ignore_x_error)

    def atom(self, name: str) -> int:
        """Return the atom for ``name``, or 0 if the server has never heard of it."""
        if name not in self._atoms:
            value = int(self.lib.XInternAtom(self._require(), name.encode(), 1))
            if not value:
                return 0
            self._atoms[name] = value
        return self._atoms[name]

    def window_property_longs(self, window: int, prop: str, max_items: int = 64) -> list[int]:
        """Return a 32-bit-format property as integers (atoms, windows), or [] if absent."""
        prop_atom = self.atom(prop)
        if not prop_atom or not window:
            return []
        actual_type = ctypes.c_ulong()
        actual_format = ctypes.c_int()
        n_items = ctypes.c_ulong()
        bytes_after = ctypes.c_ulong()
        data = ctypes.c_void_p()
        status = self.lib.XGetWindowProperty(
            self._require(),
            window,
            prop_atom,
            0,
            max_items,
            0,
            _XA_ANY_PROPERTY_TYPE,
            ctypes.byref(actual_type),
            ctypes.byref(actual_format),
            ctypes.byref(n_items),
            ctypes.byref(bytes_after),
            ctypes.byref(data),
        )
        if status != _SUCCESS or not data.value:
            return []
        try:
            if actual_format.value != 32:
                return []
            # Xlib hands format-32 data back as C longs, whatever their size.
            items = ctypes.cast(data, ctypes.POINTER(ctypes.c_ulong))
            return [int(items[i]) for i in range(n_items.value)]
        finally:
            self.lib.XFree(data)

    def system_tray_owner(self) -> int:
        """Return the window of the X system tray (a panel that docks XEmbed icons), or 0.

        That panel owns the ``_NET_SYSTEM_TRAY_S<screen>`` selection.
        """
        handle = self._require()
        selection = self.atom(f"_NET_SYSTEM_TRAY_S{self.lib.XDefaultScreen(handle)}")
        if not selection:
            return 0
        return int(self.lib.XGetSelectionOwner(handle, selection))

    def close(self) -> None:
        """Close the connection (safe to call twice)."""
        if self.handle:
            self.lib.XCloseDisplay(self.handle)
            self.handle = None

    def _require(self) -> int:
        if not self.handle:
            raise X11Unavailable("the X display connection is closed")
        return self.handle
