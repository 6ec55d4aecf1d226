"""Screenshot of the resident tray's StatusNotifierItem menu, drawn by a real SNI panel.

``gtk-sni-tray-standalone`` (its own StatusNotifierWatcher) along the top of an
Xvfb on a private session bus; BackCoach's ``StatusNotifierTray`` registers with
it, and its menu is opened with a right click on the icon.

Run from the repository root: ``python packaging/screenshots_sni_tray.py [out.png]``
(default ``docs/screenshots/tray-sni-menu.png``). Needs Xvfb, dbus-daemon,
gtk-sni-tray-standalone, xdotool and ImageMagick's ``import``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from backcoach.adapters.event_loop import SelectLoop  # noqa: E402
from backcoach.adapters.tray.sni import StatusNotifierTray  # noqa: E402
from backcoach.core.reminders.tray_menu import build_tray_menu  # noqa: E402
from tests.desktop.helpers import running_session_bus, running_xvfb  # noqa: E402
from tests.desktop.sni_panel import pump_until  # noqa: E402
from tests.fakes import FakeTrayMenuSource  # noqa: E402

OUT = Path("docs/screenshots/tray-sni-menu.png")


def pump_for(loop: SelectLoop, seconds: float) -> None:
    """Serve the bus for ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        loop.run_once(max_wait_s=0.01)


def main(out: Path) -> None:
    """Show the item in the panel, open its menu and take the picture."""
    with (
        tempfile.TemporaryDirectory() as tmp,
        running_xvfb("480x360x24") as display,
        running_session_bus(Path(tmp)) as address,
    ):
        env = {**os.environ, "DISPLAY": display, "DBUS_SESSION_BUS_ADDRESS": address}
        panel = subprocess.Popen(
            ["gtk-sni-tray-standalone", "--watcher", "--size", "48"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        loop = SelectLoop()
        items = build_tray_menu(None, notice="Reminders are off", routines=(("a", "Morning"),))
        tray = StatusNotifierTray(loop, FakeTrayMenuSource(items), bus_address=address)
        try:
            tray.show()
            pump_until(loop, lambda: tray.registered, timeout_s=40)
            pump_for(loop, 1.5)
            subprocess.run(["xdotool", "mousemove", "24", "24", "click", "3"], env=env, check=True)
            pump_for(loop, 1.5)
            out.parent.mkdir(parents=True, exist_ok=True)
            subprocess.run(["import", "-window", "root", str(out)], env=env, check=True)
        finally:
            tray.close()
            loop.close()
            panel.terminate()
            panel.wait(timeout=10)
    print(f"wrote {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
