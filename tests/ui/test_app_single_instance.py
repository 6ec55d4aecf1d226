"""One BackCoach per user, in real processes (offscreen): the window app and the resident tray.

- A second ``backcoach`` hands over to the running window and exits 0.
- The window app starts the resident tray when it is not running (Linux),
  and a second ``backcoach tray`` hands over to that one.
- Quitting BackCoach (the tray menu's Quit reaches the window) ends both.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from backcoach.resident.app_link import AppLink
from backcoach.resident.main import tray_channel

pytestmark = pytest.mark.slow


def _wait_for(condition, timeout_s: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the resident tray is Linux's")
def test_the_app_starts_the_tray_and_second_launches_hand_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = {
        **os.environ,
        "BACKCOACH_HOME": str(tmp_path / "home"),
        "XDG_RUNTIME_DIR": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "QT_QPA_PLATFORM": "offscreen",
    }
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    env.pop("DISPLAY", None)
    monkeypatch.setenv("BACKCOACH_HOME", env["BACKCOACH_HOME"])
    monkeypatch.setenv("XDG_RUNTIME_DIR", env["XDG_RUNTIME_DIR"])
    channel = tray_channel()
    app = subprocess.Popen(
        [sys.executable, "-m", "backcoach"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert _wait_for(lambda: channel.request("status") is not None), "the tray was started"
        assert "Next break in 30 min" in (channel.request("status") or "")

        started = time.monotonic()
        second = subprocess.run(
            [sys.executable, "-m", "backcoach"], env=env, capture_output=True, text=True, timeout=30
        )
        assert second.returncode == 0
        assert "already running" in second.stdout
        assert time.monotonic() - started < 20

        second_tray = subprocess.run(
            [sys.executable, "-m", "backcoach", "tray"],
            env=env,
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert second_tray.returncode == 0
        assert "already running in the tray" in second_tray.stdout
        assert app.poll() is None, "the first window keeps running"

        AppLink().quit()  # what the tray menu's Quit sends to the window
        assert app.wait(timeout=20) == 0
        assert _wait_for(lambda: channel.request("status") is None, 10), (
            "the window quitting BackCoach ends the tray too"
        )
    finally:
        if app.poll() is None:
            app.terminate()
            app.wait(timeout=10)
        channel.send("quit")
