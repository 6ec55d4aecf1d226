"""Screenshot of the XEmbed tray: trayer under Xvfb, BackCoach's icon, its menu and a submenu open.

Run from the repository root: ``python tests/screenshots_xembed.py [out.png]``
(default ``docs/screenshots/tray-xembed-menu.png``). Needs Xvfb, trayer,
xdotool and ImageMagick's ``import``.
"""

from __future__ import annotations

import ctypes
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from backcoach.adapters.event_loop import SelectLoop  # noqa: E402
from backcoach.adapters.tray.xembed import XEmbedTray  # noqa: E402
from backcoach.adapters.tray.xlib import XConnection  # noqa: E402
from backcoach.core.reminders.tray_menu import MenuItem, build_tray_menu  # noqa: E402
from tests.builders import sitting_status  # noqa: E402
from tests.desktop.helpers import running_xvfb  # noqa: E402

OUT = Path("docs/screenshots/tray-xembed-menu.png")
SCREEN = (900, 520)
DESKTOP = (0x4B, 0x5A, 0x63)
ROUTINES = (
    ("desk-break", "Desk break (2 min)"),
    ("morning", "Morning mobility"),
    ("mckenzie", "McKenzie extensions"),
    ("evening", "Evening unwind"),
)


class ShowcaseMenu:
    """The real BackCoach menu, 12 minutes before the next break."""

    def __init__(self) -> None:
        """Remember nothing yet."""
        self.chosen: list[str] = []

    def menu_items(self) -> tuple[MenuItem, ...]:
        """Return the menu as the resident process would build it."""
        status = sitting_status(12 * 60)
        return build_tray_menu(status, routines=ROUTINES)

    def activate(self, key: str) -> None:
        """Record the choice."""
        self.chosen.append(key)

    def tooltip(self) -> str:
        """Return the tooltip."""
        return "BackCoach - Next break in 12 min"


def spin(loop: SelectLoop, done: Callable[[], bool], timeout_s: float = 5.0) -> None:
    """Run the loop until ``done()`` or the timeout."""
    deadline = time.monotonic() + timeout_s
    while not done() and time.monotonic() < deadline:
        loop.run_once(0.05)


def paint_desktop(display: str) -> None:
    """Give the root window a calm slate colour instead of Xvfb's black."""
    x = XConnection(display)
    try:
        x.lib.XSetWindowBackground.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_ulong]
        x.lib.XSetWindowBackground(x.handle, x.root, x.pixel(DESKTOP))
        x.lib.XClearWindow(x.handle, x.root)
        x.lib.XSync(x.handle, 0)
    finally:
        x.close()


def main(out: Path) -> None:
    """Start a tray, open the menu and its "Pause reminders" submenu, and take the picture."""
    with running_xvfb(f"{SCREEN[0]}x{SCREEN[1]}x24") as display:
        env = {**os.environ, "DISPLAY": display}
        trayer = subprocess.Popen(
            ["trayer", "--edge", "bottom", "--align", "right", "--widthtype", "request"]
            + ["--height", "26", "--SetDockType", "false", "--tint", "0x303836"],
            env=env,
            stderr=subprocess.DEVNULL,
        )
        loop = SelectLoop()
        tray = XEmbedTray(loop, ShowcaseMenu(), display=display)
        try:
            spin(loop, lambda: tray.show() and True, 5.0)
            spin(loop, lambda: tray.docked)
            # Only now: Xvfb resets itself when its last client leaves.
            paint_desktop(display)
            spin(loop, lambda: False, 0.3)
            geometry = subprocess.run(
                ["xdotool", "getwindowgeometry", "--shell", str(tray.icon_window)],
                env=env,
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            place = dict(line.split("=", 1) for line in geometry.split())
            cx, cy = int(place["X"]) + 11, int(place["Y"]) + 11
            subprocess.run(
                ["xdotool", "mousemove", str(cx), str(cy), "click", "3"], env=env, check=True
            )
            menu = tray.menu
            assert menu is not None
            spin(loop, lambda: menu.is_open)
            top = menu.levels[0]
            pause = next(i for i, row in enumerate(top.rows) if row.item.label == "Pause reminders")
            hx, hy = top.row_centre(pause)
            subprocess.run(["xdotool", "mousemove", str(hx), str(hy)], env=env, check=True)
            spin(loop, lambda: len(menu.levels) == 2)
            sub = menu.levels[1]
            sx, sy = sub.row_centre(1)
            subprocess.run(["xdotool", "mousemove", str(sx), str(sy)], env=env, check=True)
            spin(loop, lambda: False, 0.4)
            out.parent.mkdir(parents=True, exist_ok=True)
            left = max(0, min(top.x, sub.x) - 40)
            upper = max(0, top.y - 40)
            crop = f"{SCREEN[0] - left}x{SCREEN[1] - upper}+{left}+{upper}"
            subprocess.run(
                ["import", "-window", "root", "-crop", crop, str(out)], env=env, check=True
            )
        finally:
            tray.close()
            trayer.terminate()
            trayer.wait(timeout=10)
    print(f"wrote {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
