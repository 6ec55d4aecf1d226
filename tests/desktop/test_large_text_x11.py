"""At 200 % scale on a 1920×1080 screen every window fits the screen, buttons included.

The windows are opened by ``scaled_windows_child.py`` in a child process on a
private Xvfb display with ``QT_SCALE_FACTOR=2`` (Qt reads the scale once, when
it starts), which reports where each window and its primary buttons are.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.desktop.helpers import running_xvfb

CHILD = Path(__file__).with_name("scaled_windows_child.py")


@pytest.fixture(scope="module")
def scaled_report() -> dict[str, dict]:
    """Open every window at 200 % on a 1920×1080 display; return the child's report."""
    with running_xvfb("1920x1080x24") as display:
        env = dict(os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb", QT_SCALE_FACTOR="2")
        done = subprocess.run(
            [sys.executable, str(CHILD)], env=env, capture_output=True, text=True, timeout=120
        )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def _inside(inner: list[int], outer: list[int]) -> bool:
    left, top, width, height = inner[:4]
    o_left, o_top, o_width, o_height = outer
    return (
        left >= o_left
        and top >= o_top
        and left + width <= o_left + o_width
        and top + height <= o_top + o_height
    )


@pytest.mark.parametrize(
    "name", ["main", "player", "history", "settings", "safety", "editor", "nudge"]
)
def test_window_and_its_buttons_fit_the_screen_at_200_percent(scaled_report, name) -> None:
    window = scaled_report[name]
    assert window["ratio"] == 2.0
    assert window["area"][2] <= 960 and window["area"][3] <= 540  # 1920×1080 at 200 %
    assert _inside(window["frame"], window["area"]), f"{name} window {window['frame']}"
    for button, where in window["buttons"].items():
        assert where[4], f"{name}: {button} is hidden"
        assert _inside(where, window["area"]), f"{name}: {button} at {where[:4]} is off screen"
        assert _inside(where, window["frame"]), f"{name}: {button} is outside its window"
