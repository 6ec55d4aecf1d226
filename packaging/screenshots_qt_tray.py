"""Screenshot of the Qt tray where the panel only docks X icons: trayer under Xvfb.

BackCoach's ``Tray`` (``tests/desktop/qt_tray_child.py``: the real tray and menu
over a controller on a fake clock, 12 minutes of sitting, two routines, one
titled in Chinese) docks into trayer; the menu is opened with a right click and
"Start a routine" with the keyboard, then the screen is grabbed.

Run from the repository root: ``python packaging/screenshots_qt_tray.py [out.png]``
(default ``docs/screenshots/tray-qt-menu.png``). Needs Xvfb, trayer, xdotool,
xwininfo and ImageMagick's ``import``; a CJK font (e.g. ``fonts-wqy-microhei``)
for the Chinese title.
"""

from __future__ import annotations

import ctypes
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from backcoach.adapters.x11 import XDisplay  # noqa: E402
from tests.conftest import REPO_ROOT  # noqa: E402
from tests.desktop.helpers import running_xvfb  # noqa: E402
from tests.desktop.test_tray_qt_fallback import Lines, child_env, docked_icon  # noqa: E402

OUT = Path("docs/screenshots/tray-qt-menu.png")
SCREEN = (900, 520)
DESKTOP = 0x4B5A63


def paint_desktop(display: str) -> None:
    """Give the root window a calm slate colour instead of Xvfb's black."""
    x = XDisplay(display)
    try:
        x.lib.XSetWindowBackground.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_ulong]
        x.lib.XClearWindow.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
        x.lib.XSetWindowBackground(x.handle, x.root, DESKTOP)
        x.lib.XClearWindow(x.handle, x.root)
        x.lib.XSync(x.handle, 0)
    finally:
        x.close()


def main(out: Path) -> None:
    """Dock the tray, open its menu and "Start a routine", and take the picture."""
    with running_xvfb(f"{SCREEN[0]}x{SCREEN[1]}x24") as display:
        env = {**os.environ, "DISPLAY": display}
        trayer = subprocess.Popen(
            ["trayer", "--edge", "bottom", "--align", "right", "--widthtype", "request"]
            + ["--height", "26", "--SetDockType", "false", "--tint", "0x303836"],
            env=env,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(0.5)
        tray = subprocess.Popen(
            [sys.executable, "-m", "tests.desktop.qt_tray_child"],
            env=child_env(display, Path(os.environ.get("TMPDIR", "/tmp"))),
            cwd=REPO_ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        lines = Lines(tray)
        try:
            lines.event("shown")
            paint_desktop(display)  # only now: Xvfb resets itself when its last client leaves
            icon = docked_icon(display)
            assert icon is not None, "the tray did not dock"
            x, y, width, height = icon
            xdo = ["xdotool", "mousemove", str(x + width // 2), str(y + height // 2), "click", "3"]
            subprocess.run(xdo, env=env, check=True)
            lines.event("menu")
            time.sleep(0.5)
            subprocess.run(["xdotool", "key", "Down", "Down", "Down", "Right"], env=env, check=True)
            time.sleep(0.8)
            out.parent.mkdir(parents=True, exist_ok=True)
            left, upper = 585, 335
            crop = f"{SCREEN[0] - left}x{SCREEN[1] - upper}+{left}+{upper}"
            subprocess.run(
                ["import", "-window", "root", "-crop", crop, str(out)], env=env, check=True
            )
        finally:
            tray.terminate()
            tray.wait(timeout=10)
            trayer.terminate()
            trayer.wait(timeout=10)
    print(f"wrote {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
