"""End to end under Xvfb: ``backcoach tray`` as a user runs it, real idle time from the X server.

Two runs side by side (each on its own display and BackCoach home), about
80 s in all:

- someone working: xdotool moves the mouse every few seconds; with
  ``--interval 1`` the nudge window appears about a minute after start;
  the user clicks "Skip", the nudge goes and the log holds a "skipped" break;
- nobody there: no input, idle threshold 10 s; the count keeps resetting and
  no nudge appears in 75 s.

The nudge is found the way a user's window manager sees it: by its title,
among the mapped windows (``xdotool search --onlyvisible``).
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest

from backcoach.core.history.store import HistoryStore
from tests.conftest import REPO_ROOT
from tests.desktop_helpers import running_xvfb, xdotool

pytestmark = [pytest.mark.slow, pytest.mark.xvfb]

NUDGE_TITLE = "time to move"


def _env(display: str, home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DBUS_SESSION_BUS_ADDRESS",)}
    env.update(
        DISPLAY=display,
        QT_QPA_PLATFORM="xcb",
        BACKCOACH_HOME=str(home),
        PYTHONPATH=str(REPO_ROOT),
        PYTHONUNBUFFERED="1",
    )
    env.pop("WAYLAND_DISPLAY", None)
    return env


@contextmanager
def tray_process(display: str, home: Path, *args: str) -> Iterator[subprocess.Popen]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "backcoach", "tray", *args],
        env=_env(display, home),
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        yield proc
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def nudge_visible(display: str) -> bool:
    result = subprocess.run(
        ["xdotool", "search", "--onlyvisible", "--name", NUDGE_TITLE],
        env={**os.environ, "DISPLAY": display},
        capture_output=True,
        text=True,
    )
    return bool(result.stdout.strip())


def click_skip(display: str) -> None:
    """Click the nudge's "Skip" button, the rightmost of its three, as a user would."""
    env = {**os.environ, "DISPLAY": display}
    window = subprocess.run(
        ["xdotool", "search", "--onlyvisible", "--name", NUDGE_TITLE],
        env=env,
        capture_output=True,
        text=True,
    ).stdout.split()[0]
    shell = subprocess.run(
        ["xdotool", "getwindowgeometry", "--shell", window], env=env, capture_output=True, text=True
    ).stdout
    geometry = dict(line.split("=", 1) for line in shell.split())
    x = int(geometry["X"]) + int(geometry["WIDTH"]) - 18 - 60
    y = int(geometry["Y"]) + int(geometry["HEIGHT"]) - 14 - 14
    xdotool(display, "mousemove", str(x), str(y), "click", "1")


def keep_busy(display: str, stop: threading.Event) -> None:
    x = 100
    while not stop.wait(3):
        x = 300 if x == 100 else 100
        xdotool(display, "mousemove", str(x), "200")


def test_nudge_after_a_minute_of_activity_and_none_when_nobody_is_there(tmp_path: Path) -> None:
    with ExitStack() as stack:
        busy_display = stack.enter_context(running_xvfb())
        empty_display = stack.enter_context(running_xvfb())
        start = time.monotonic()
        busy = stack.enter_context(tray_process(busy_display, tmp_path / "busy", "--interval", "1"))
        empty = stack.enter_context(
            tray_process(
                empty_display, tmp_path / "empty", "--interval", "1", "--idle-threshold", "10"
            )
        )
        stop = threading.Event()
        mover = threading.Thread(target=keep_busy, args=(busy_display, stop), daemon=True)
        mover.start()
        stack.callback(stop.set)

        assert busy.stdout is not None
        first_line = busy.stdout.readline()
        assert "BackCoach is running" in first_line
        assert "Idle detection: X11" in first_line

        # A second launch with the same home hands over to the running one and exits.
        second = subprocess.run(
            [sys.executable, "-m", "backcoach", "tray"],
            env=_env(busy_display, tmp_path / "busy"),
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert second.returncode == 0
        assert "already running" in second.stdout

        appeared_after = None
        empty_nudged = False
        while time.monotonic() - start < 78:
            if appeared_after is None and nudge_visible(busy_display):
                appeared_after = time.monotonic() - start
                time.sleep(0.5)
                click_skip(busy_display)
            empty_nudged = empty_nudged or nudge_visible(empty_display)
            time.sleep(1)
        assert busy.poll() is None and empty.poll() is None, "a tray process died"
        skipped_closed_it = not nudge_visible(busy_display)
        store = HistoryStore(tmp_path / "busy" / "data" / "history.sqlite3")
        logged = [event.kind.value for event in store.break_events()]
        store.close()

    assert appeared_after is not None, "no nudge appeared for the active user"
    assert 55 <= appeared_after <= 70
    assert not empty_nudged, "a nudge appeared although nobody was at the computer"
    assert skipped_closed_it, "the nudge stayed after Skip"
    assert logged == ["skipped"]
