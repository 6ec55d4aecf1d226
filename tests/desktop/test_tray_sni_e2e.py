"""The StatusNotifierItem in a real SNI panel (gtk-sni-tray-standalone) under Xvfb.

The panel is Debian's ``haskell-gtk-sni-tray-utils``: it runs its own
StatusNotifierWatcher, draws each item's ``IconPixmap`` and opens its
dbusmenu on a right click, as a desktop panel does.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from backcoach.adapters.event_loop import SelectLoop
from backcoach.adapters.tray.sni import StatusNotifierTray
from backcoach.core.reminders.tray_menu import build_tray_menu
from tests.desktop.helpers import running_session_bus, running_xvfb, xdotool
from tests.desktop.sni_panel import pump_until
from tests.fakes import FakeTrayMenuSource

pytestmark = [pytest.mark.slow, pytest.mark.xvfb]


def app_icon_blue(rgb: tuple[int, int, int]) -> bool:
    """Whether ``rgb`` is the blue of the app icon's background (#3d7fb8 to #2f5d8a)."""
    red, green, blue = rgb
    return blue > 120 and blue - red > 60 and blue - green > 20


def pixel(display: str, shot: Path, x: int, y: int) -> tuple[int, int, int]:
    """Take a screenshot of ``display`` into ``shot`` and return the colour at (x, y)."""
    env = {**os.environ, "DISPLAY": display}
    subprocess.run(["import", "-window", "root", str(shot)], env=env, check=True)
    out = subprocess.run(
        ["convert", str(shot), "-crop", f"1x1+{x}+{y}", "-depth", "8", "rgb:-"],
        capture_output=True,
        check=True,
    ).stdout
    return out[0], out[1], out[2]


def pump_for(loop: SelectLoop, seconds: float) -> None:
    """Serve the bus for ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        loop.run_once(max_wait_s=0.01)


@pytest.fixture
def panel_desktop(tmp_path: Path) -> Iterator[tuple[str, str]]:
    """Yield (display, bus address) with gtk-sni-tray-standalone running along the top."""
    for tool in ("gtk-sni-tray-standalone", "import", "convert"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed")
    with running_xvfb("480x360x24") as display, running_session_bus(tmp_path) as address:
        env = {**os.environ, "DISPLAY": display, "DBUS_SESSION_BUS_ADDRESS": address}
        panel = subprocess.Popen(
            ["gtk-sni-tray-standalone", "--watcher", "--size", "48"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            yield display, address
        finally:
            panel.terminate()
            panel.wait(timeout=10)


def test_the_icon_shows_in_a_real_panel_and_its_menu_works(panel_desktop, tmp_path: Path) -> None:
    display, address = panel_desktop
    loop = SelectLoop()
    source = FakeTrayMenuSource(build_tray_menu(None, notice="Reminders are off"))
    tray = StatusNotifierTray(loop, source, bus_address=address)
    # The panel takes the watcher's name a moment after it starts: show() may
    # come first, and the icon must then arrive by itself.
    tray.show()
    pump_until(loop, lambda: tray.registered, timeout_s=15)
    try:
        # The icon is drawn from our pixels (the app icon's PNGs): its blue background.
        shot = tmp_path / "icon.png"
        pump_until(loop, lambda: app_icon_blue(pixel(display, shot, 24, 8)), timeout_s=10)

        xdotool(display, "mousemove", "24", "24", "click", "1")
        pump_until(loop, lambda: source.activated == ["open"], timeout_s=5)

        pump_for(loop, 1.0)  # the panel fetches the menu once the icon is added
        looks = source.looks
        xdotool(display, "click", "3")
        pump_until(loop, lambda: source.looks > looks, timeout_s=5)  # AboutToShow: fresh items
        pump_for(loop, 1.0)  # let the panel draw them
        assert pixel(display, tmp_path / "menu.png", 60, 120) != (0, 0, 0)
        # The status line is greyed, so the keyboard starts on "Open BackCoach".
        xdotool(display, "key", "Down", "Down", "Return")
        pump_until(loop, lambda: len(source.activated) == 2, timeout_s=5)
        assert source.activated == ["open", "desk-break"]
    finally:
        tray.close()
        loop.close()
