"""The Qt tray on a panel that only docks X icons (XEmbed): ``trayer`` under Xvfb.

Where a desktop's panel has no StatusNotifierItem host, ``backcoach tray``
hands over to Qt's tray icon and its ``QMenu``; these tests run that tray in a
real XEmbed panel, click it as a user does, and check the menu lists what
``core.reminders.tray_menu`` (the StatusNotifierItem menu's source too) says.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from backcoach.core.reminders.tray_menu import PAUSE_CHOICES
from tests.conftest import REPO_ROOT
from tests.desktop.helpers import running_xvfb, xdotool

pytestmark = [pytest.mark.slow, pytest.mark.xvfb]

SCREEN = "800x600x24"


def start_trayer(display: str) -> subprocess.Popen[bytes]:
    """Start trayer at the bottom right of ``display``, as a panel of docked X icons."""
    return subprocess.Popen(
        ["trayer", "--edge", "bottom", "--align", "right", "--widthtype", "request"]
        + ["--height", "26", "--SetDockType", "false"],
        env={**os.environ, "DISPLAY": display},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def docked_icon(display: str, name: str = "BackCoach") -> tuple[int, int, int, int] | None:
    """Return (x, y, width, height) on screen of the window ``name`` inside trayer's panel."""
    tree = subprocess.run(
        ["xwininfo", "-root", "-tree"],
        env={**os.environ, "DISPLAY": display},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    for index, line in enumerate(tree):
        if '("panel" "trayer")' in line:
            depth = len(line) - len(line.lstrip())
            for inner in tree[index + 1 :]:
                if inner.strip() and len(inner) - len(inner.lstrip()) <= depth:
                    break
                if f'"{name}"' in inner:
                    # ... 22x24+0+0  +777+575: size, place in the parent, place on screen
                    size, on_screen = inner.split()[-2:]
                    width, height = size.split("+")[0].split("x")
                    x, y = on_screen.lstrip("+").split("+")
                    return int(x), int(y), int(width), int(height)
    return None


def wait_docked(display: str, timeout_s: float = 15) -> tuple[int, int, int, int]:
    """Wait until the icon sits inside trayer's panel (it reparents and names it a moment
    after Qt reports the icon shown); return where it is."""
    deadline = time.monotonic() + timeout_s
    while (icon := docked_icon(display)) is None:
        assert time.monotonic() < deadline, "the icon is not inside trayer's panel"
        time.sleep(0.1)
    return icon


@pytest.fixture
def trayer_desktop() -> Iterator[str]:
    """Yield an Xvfb display with trayer running as its only tray (no D-Bus session bus)."""
    for tool in ("trayer", "xwininfo", "xdotool"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed")
    with running_xvfb(SCREEN) as display:
        panel = start_trayer(display)
        try:
            time.sleep(0.5)
            yield display
        finally:
            panel.terminate()
            panel.wait(timeout=10)


def child_env(display: str, home: Path) -> dict[str, str]:
    """The environment of a desktop without a session bus: only the X tray can show an icon."""
    env = {k: v for k, v in os.environ.items() if k != "DBUS_SESSION_BUS_ADDRESS"}
    env.pop("WAYLAND_DISPLAY", None)
    env.update(
        DISPLAY=display,
        QT_QPA_PLATFORM="xcb",
        BACKCOACH_HOME=str(home),
        PYTHONPATH=str(REPO_ROOT),
        PYTHONUNBUFFERED="1",
    )
    return env


class Lines:
    """A child's standard output, line by line, read by a thread (no line is lost or split)."""

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        self._lines: queue.Queue[str] = queue.Queue()
        assert proc.stdout is not None
        stream = proc.stdout
        threading.Thread(target=lambda: [self._lines.put(x) for x in stream], daemon=True).start()

    def next(self, timeout_s: float = 20) -> str:
        """Return the next line (without its newline)."""
        try:
            return self._lines.get(timeout=timeout_s).rstrip("\n")
        except queue.Empty:
            raise AssertionError("no line from the child process in time") from None

    def event(self, key: str, timeout_s: float = 20) -> dict:
        """Read JSON lines until one has ``key``; return it."""
        event = self.maybe_event(key, timeout_s)
        if event is None:
            raise AssertionError(f"no {key!r} from the child process in time")
        return event

    def maybe_event(self, key: str, timeout_s: float) -> dict | None:
        """Read JSON lines until one has ``key``; return it, or None after ``timeout_s``."""
        deadline = time.monotonic() + timeout_s
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self._lines.get(timeout=left).rstrip("\n")
            except queue.Empty:
                return None
            if line.startswith("{") and key in (event := json.loads(line)):
                return event
        return None


def end(proc: subprocess.Popen[str]) -> None:
    """End a child process and wait for it."""
    proc.terminate()
    proc.wait(timeout=10)


def test_the_qt_tray_docks_in_trayer_and_its_menu_is_the_tray_menu_data(
    trayer_desktop: str, tmp_path: Path
) -> None:
    display = trayer_desktop
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.desktop.qt_tray_child"],
        env=child_env(display, tmp_path),
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    lines = Lines(proc)
    try:
        docked = lines.event("shown")
        assert docked["shown"] is True
        icon = wait_docked(display)

        opened = None
        for _attempt in range(6):  # the panel may still be mapping or moving the icon it docked
            icon = docked_icon(display) or icon  # where it is now, not where it first was
            x, y, width, height = icon
            xdotool(display, "mousemove", str(x + width // 2), str(y + height // 2), "click", "3")
            opened = lines.maybe_event("menu", 5)
            if opened is not None:
                break
        assert opened is not None, "a right click on the icon did not open the menu"
        assert opened["menu"] == opened["data"], "the QMenu differs from the menu data"
        labels = [row[0] for row in opened["menu"]]
        assert labels[0] == "Next break in 18 min"
        assert labels[2:] == [
            "Open BackCoach",
            "Start desk break",
            "Start a routine",
            "Pause reminders",
            "-",
            "Settings…",
            "Quit BackCoach",
        ]
        routines = dict((row[0], row[2]) for row in opened["menu"])["Start a routine"]
        assert [row[0] for row in routines] == ["下背部放鬆", "Warm-up"]
        pauses = dict((row[0], row[2]) for row in opened["menu"])["Pause reminders"]
        assert [row[0] for row in pauses] == [label for label, _ in PAUSE_CHOICES] + [
            "Until tomorrow"
        ]

        lines.event("visible")
        time.sleep(0.3)  # let the menu take the keyboard
        # The status line is greyed: the keyboard starts on "Open BackCoach".
        xdotool(display, "key", "Down", "Down", "Return")
        assert lines.event("chosen")["chosen"] == "desk-break"
    finally:
        end(proc)


def test_backcoach_tray_hands_over_to_the_qt_tray_where_only_an_x_tray_is(
    trayer_desktop: str, tmp_path: Path
) -> None:
    display = trayer_desktop
    proc = subprocess.Popen(
        [sys.executable, "-m", "backcoach", "tray", "--interval", "1"],
        env=child_env(display, tmp_path),
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines = Lines(proc)
    try:
        said = [lines.next(), lines.next()]
        assert said[0] == "This desktop's tray docks X icons: BackCoach shows it with Qt."
        assert said[1].startswith("BackCoach is running in the system tray.")
        cmdline = Path(f"/proc/{proc.pid}/cmdline").read_bytes().split(b"\0")
        assert b"--qt" in cmdline, "the same process became the Qt tray"
        wait_docked(display)
    finally:
        end(proc)
