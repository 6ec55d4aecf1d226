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

from backcoach.config.settings import Settings, save_settings
from backcoach.core.history.store import HistoryStore
from backcoach.ipc.channel import instance_key
from backcoach.resident.app_link import AppLink
from tests.conftest import REPO_ROOT
from tests.desktop.helpers import running_xvfb, xdotool

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
    click_nudge_button(display, right=True)


def click_start(display: str) -> None:
    """Click the nudge's "Start desk break" button, the leftmost of its three."""
    click_nudge_button(display, right=False)


def click_nudge_button(display: str, *, right: bool) -> None:
    """Click near the right end (Skip) or the left end (Start desk break) of the buttons row."""
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
    if right:
        x = int(geometry["X"]) + int(geometry["WIDTH"]) - 18 - 60
    else:
        x = int(geometry["X"]) + 18 + 60
    y = int(geometry["Y"]) + int(geometry["HEIGHT"]) - 14 - 14
    xdotool(display, "mousemove", str(x), str(y), "click", "1")


def keep_busy(displays: list[str], stop: threading.Event) -> None:
    x = 100
    while not stop.wait(3):
        x = 300 if x == 100 else 100
        for display in displays:
            xdotool(display, "mousemove", str(x), "200")


def window_visible(display: str, title_pattern: str) -> bool:
    result = subprocess.run(
        ["xdotool", "search", "--onlyvisible", "--name", title_pattern],
        env={**os.environ, "DISPLAY": display},
        capture_output=True,
        text=True,
    )
    return bool(result.stdout.strip())


def app_key(home: Path) -> str:
    """Return the app window's channel name for BackCoach home ``home``."""
    saved = os.environ.get("BACKCOACH_HOME")
    os.environ["BACKCOACH_HOME"] = str(home)
    try:
        return instance_key()
    finally:
        if saved is None:
            del os.environ["BACKCOACH_HOME"]
        else:
            os.environ["BACKCOACH_HOME"] = saved


def children_running(pid: int, module: str) -> bool:
    """Return True if a process started from ``pid`` runs ``module`` (e.g. the nudge's)."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == pid and module in cmdline:
            return True
    return False


def test_nudge_after_a_minute_of_activity_and_none_when_nobody_is_there(tmp_path: Path) -> None:
    with ExitStack() as stack:
        busy_display = stack.enter_context(running_xvfb())
        empty_display = stack.enter_context(running_xvfb())
        starter_display = stack.enter_context(running_xvfb())
        save_settings(
            Settings(safety_acknowledged=True),
            tmp_path / "starter" / "config" / "settings.json",
        )
        start = time.monotonic()
        busy = stack.enter_context(tray_process(busy_display, tmp_path / "busy", "--interval", "1"))
        starter = stack.enter_context(
            tray_process(starter_display, tmp_path / "starter", "--interval", "1")
        )
        empty = stack.enter_context(
            tray_process(
                empty_display, tmp_path / "empty", "--interval", "1", "--idle-threshold", "10"
            )
        )
        stop = threading.Event()
        mover = threading.Thread(
            target=keep_busy, args=([busy_display, starter_display], stop), daemon=True
        )
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
        started_break = False
        empty_nudged = False
        while time.monotonic() - start < 78:
            if appeared_after is None and nudge_visible(busy_display):
                appeared_after = time.monotonic() - start
                time.sleep(0.5)
                click_skip(busy_display)
            if not started_break and nudge_visible(starter_display):
                time.sleep(0.5)
                click_start(starter_display)
                started_break = True
            empty_nudged = empty_nudged or nudge_visible(empty_display)
            time.sleep(1)
        assert None is busy.poll() is empty.poll() is starter.poll(), "a tray process died"
        skipped_closed_it = not nudge_visible(busy_display)
        nudge_process_left = children_running(busy.pid, "backcoach.ui.reminders.nudge_process")
        # "Start desk break": the nudge goes and the app's window comes up playing it.
        window_came = any(
            window_visible(starter_display, "^BackCoach$") or time.sleep(0.5) for _ in range(40)
        )
        starter_nudge_gone = not nudge_visible(starter_display)
        AppLink(key=app_key(tmp_path / "starter")).quit()
        starter_store = HistoryStore(tmp_path / "starter" / "data" / "history.sqlite3")
        starter_logged = [event.kind.value for event in starter_store.break_events()]
        starter_sessions = [s.record.routine_id for s in starter_store.sessions()]
        starter_store.close()
        store = HistoryStore(tmp_path / "busy" / "data" / "history.sqlite3")
        logged = [event.kind.value for event in store.break_events()]
        store.close()

    assert appeared_after is not None, "no nudge appeared for the active user"
    assert 55 <= appeared_after <= 70
    assert not empty_nudged, "a nudge appeared although nobody was at the computer"
    assert skipped_closed_it, "the nudge stayed after Skip"
    assert not nudge_process_left, "the nudge's Qt process ended with the nudge"
    assert logged == ["skipped"]
    assert started_break and starter_nudge_gone
    assert window_came, "Start desk break brought up the app's window"
    assert starter_logged == ["taken"]
    assert starter_sessions == ["desk-break"], "the desk break played in the player"
