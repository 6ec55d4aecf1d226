"""Say which system library Qt's X11 platform plugin is missing, in one line.

Without one of these libraries Qt prints "could not load the Qt platform
plugin "xcb"" and a screenful of advice, then aborts. ``missing_qt_library()``
tries to load each library the xcb plugin needs but the bundle does not
carry, and names the first one missing with the Debian package that has it,
so the user reads one sentence they can act on.

Only the X11 plugin is checked: on Wayland (``WAYLAND_DISPLAY`` set) or with
another ``QT_QPA_PLATFORM`` (offscreen, wayland...) Qt does not need these.
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Callable, Mapping, Sequence

# soname -> Debian package: the libraries Qt 6's xcb plugin links to. The Debian package depends
# on them; a pip install or a copied bundle may run where one is missing.
XCB_LIBRARIES: dict[str, str] = {
    "libxcb.so.1": "libxcb1",
    "libGL.so.1": "libgl1",
    "libEGL.so.1": "libegl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-util.so.1": "libxcb-util1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-render.so.0": "libxcb-render0",
}

# Commands that never start Qt (the resident tray without --qt, headless runs, the CLI tools),
# and options that answer without starting the app.
_NO_QT_COMMANDS = frozenset(
    {"validate", "routines", "plan", "history", "voices", "speak", "import", "export"}
)
_NO_QT_OPTIONS = frozenset({"--version", "-h", "--help", "--uninstall-desktop-files"})


def needs_x11_qt(argv: Sequence[str], environ: Mapping[str, str] = os.environ) -> bool:
    """Return True if ``backcoach argv`` will start Qt on its X11 (xcb) platform plugin."""
    platform = environ.get("QT_QPA_PLATFORM", "").split(":")[0]
    if platform not in ("", "xcb") or (not platform and environ.get("WAYLAND_DISPLAY")):
        return False
    if argv and argv[0] == "-m":
        return len(argv) > 1 and argv[1].startswith("backcoach.ui")
    words = [arg for i, arg in enumerate(argv) if i == 0 or argv[i - 1] != "--lang"]
    command = next((arg for arg in words if not arg.startswith("-")), None)
    if command is None and _NO_QT_OPTIONS.intersection(argv):
        return False
    if command in _NO_QT_COMMANDS or (command == "tray" and "--qt" not in argv):
        return False
    return not (command == "run" and "--headless" in argv)


def _loads(soname: str) -> bool:
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def missing_qt_library(loads: Callable[[str], bool] = _loads) -> str | None:
    """Return a one-line message naming the first missing X11 library, or None if all load."""
    for soname, package in XCB_LIBRARIES.items():
        if not loads(soname):
            return (
                f"BackCoach cannot open its window: the system library {soname} is missing "
                f"(on Debian or Ubuntu: sudo apt install {package})."
            )
    return None


def exit_if_qt_cannot_start(argv: Sequence[str]) -> None:
    """Print the one-line reason and exit with 1 if ``argv`` needs a library that is missing."""
    if not needs_x11_qt(argv):
        return
    message = missing_qt_library()
    if message:
        print(message, file=sys.stderr)
        raise SystemExit(1)
