"""On a real X server: the nudge appears while someone types, and their keystrokes stay put."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from tests.conftest import REPO_ROOT
from tests.desktop.helpers import running_xvfb

pytestmark = pytest.mark.xvfb

_SCRIPT = r"""
import subprocess, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLineEdit
from backcoach.ui.reminders.nudge import NudgeWindow

app = QApplication([])
editor = QLineEdit()
editor.setWindowTitle("editor")
editor.resize(400, 40)
editor.show()
editor.activateWindow()
nudge = NudgeWindow()

def xdotool(*args):
    subprocess.run(["xdotool", *args], check=True)

def step_type_before():
    xdotool("type", "--delay", "20", "half a sent")
    QTimer.singleShot(300, step_show_nudge)

def step_show_nudge():
    nudge.show_nudge(30)
    QTimer.singleShot(500, step_type_after)

def step_type_after():
    hints = subprocess.run(
        ["xprop", "-id", str(int(nudge.winId())), "WM_HINTS"], capture_output=True, text=True
    ).stdout
    print("HINTS:", " ".join(hints.split()))
    xdotool("type", "--delay", "20", "ence")
    QTimer.singleShot(300, finish)

def finish():
    print("TEXT:", editor.text())
    print("NUDGE_VISIBLE:", nudge.isVisible())
    print("ACTIVE:", QApplication.activeWindow() is editor)
    app.quit()

QTimer.singleShot(800, step_type_before)
app.exec()
"""


def test_typing_goes_on_into_the_editor_when_the_nudge_appears() -> None:
    for tool in ("xdotool", "xprop"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed")
    with running_xvfb() as display:
        env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
        env["PYTHONPATH"] = str(REPO_ROOT)
        result = subprocess.run(
            [sys.executable, "-c", _SCRIPT],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
    lines = dict(line.split(": ", 1) for line in result.stdout.splitlines() if ": " in line)
    assert lines.get("NUDGE_VISIBLE") == "True", result.stdout + result.stderr
    assert lines.get("TEXT") == "half a sentence"
    assert lines.get("ACTIVE") == "True"
    assert "input or input focus: False" in lines.get("HINTS", "")
