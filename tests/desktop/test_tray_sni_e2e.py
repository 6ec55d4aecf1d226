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
from jeepney import DBusAddress, MessageType, Properties
from jeepney.io.blocking import open_dbus_connection

from backcoach.adapters.event_loop import SelectLoop
from backcoach.adapters.tray.sni import WATCHER_NAME, WATCHER_PATH, StatusNotifierTray
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


class Panel:
    """gtk-sni-tray-standalone with its own watcher, started on demand and stopped at the end.

    The panel has a start-up race of its own (gtk-sni-tray 0.1.8 with
    status-notifier-item's ``Host.build``): it forks its watcher, asks that
    watcher for its items at once, and exits ("Pattern match failure ...
    Main.hs:177") when that watcher has not taken its name or does not serve
    its object yet. On a loaded machine that happened once in 15-30 starts. A
    panel that dies before its host is registered is started again; one that
    dies later fails the test.
    """

    def __init__(self, display: str, address: str, log: Path) -> None:
        """Remember where to start; nothing runs yet."""
        self._env = {**os.environ, "DISPLAY": display, "DBUS_SESSION_BUS_ADDRESS": address}
        self._address = address
        self._log = log
        self._proc: subprocess.Popen[bytes] | None = None

    def start(self, attempts: int = 5, timeout_s: float = 20.0) -> None:
        """Start the panel; return once its host is registered with its watcher."""
        for _attempt in range(attempts):
            with self._log.open("ab") as log:
                self._proc = subprocess.Popen(
                    ["gtk-sni-tray-standalone", "--watcher", "--size", "48"],
                    env=self._env,
                    stdout=log,
                    stderr=log,
                )
            if self._wait_for_host(timeout_s):
                return
        raise AssertionError(f"the panel did not start: {self._log.read_text(errors='replace')}")

    def _wait_for_host(self, timeout_s: float) -> bool:
        """Wait until the watcher says a host is registered; False if the panel exited first."""
        assert self._proc is not None
        watcher = DBusAddress(WATCHER_PATH, bus_name=WATCHER_NAME, interface=WATCHER_NAME)
        deadline = time.monotonic() + timeout_s
        with open_dbus_connection(bus=self._address) as bus:
            while time.monotonic() < deadline:
                if self._proc.poll() is not None:
                    return False
                reply = bus.send_and_get_reply(
                    Properties(watcher).get("IsStatusNotifierHostRegistered"), timeout=5
                )
                if reply.header.message_type == MessageType.method_return and reply.body[0][1]:
                    return True
                time.sleep(0.05)
        raise AssertionError("the panel's host did not register in time")

    def stop(self) -> None:
        """Stop the panel if it runs."""
        if self._proc is not None:
            self._proc.terminate()
            self._proc.wait(timeout=10)


@pytest.fixture
def panel_desktop(tmp_path: Path) -> Iterator[tuple[str, str, Panel]]:
    """Yield (display, bus address, panel): a panel along the top, started by the test."""
    for tool in ("gtk-sni-tray-standalone", "import", "convert"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed")
    with running_xvfb("480x360x24") as display, running_session_bus(tmp_path) as address:
        panel = Panel(display, address, tmp_path / "panel.log")
        try:
            yield display, address, panel
        finally:
            panel.stop()


def test_the_icon_shows_in_a_real_panel_and_its_menu_works(panel_desktop, tmp_path: Path) -> None:
    display, address, panel = panel_desktop
    loop = SelectLoop()
    source = FakeTrayMenuSource(build_tray_menu(None, notice="Reminders are off"))
    tray = StatusNotifierTray(loop, source, bus_address=address)
    # BackCoach may start before the panel: the icon must then arrive by itself.
    assert tray.show() is False
    panel.start()
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
