"""A second ``backcoach`` hands over to the running one and exits 0 (real processes, offscreen)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest


@pytest.mark.slow
def test_a_second_launch_hands_over_to_the_running_backcoach(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "BACKCOACH_HOME": str(tmp_path / "home"),
        "XDG_RUNTIME_DIR": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "QT_QPA_PLATFORM": "offscreen",
    }
    first = subprocess.Popen(
        [sys.executable, "-m", "backcoach", "tray"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert first.stdout is not None
        line = first.stdout.readline()
        assert "BackCoach is running" in line
        started = time.monotonic()
        second = subprocess.run(
            [sys.executable, "-m", "backcoach"], env=env, capture_output=True, text=True, timeout=30
        )
        assert second.returncode == 0
        assert "already running" in second.stdout
        assert time.monotonic() - started < 20
        assert first.poll() is None, "the first one keeps running"
    finally:
        first.terminate()
        first.wait(timeout=10)
