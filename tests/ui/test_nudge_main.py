"""The nudge window's own process: its command lines, and the real process on standard input."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from backcoach.ui.reminders.nudge import NudgeWindow
from backcoach.ui.reminders.nudge_process import NudgeCommands, _answer


class Recorder:
    def __init__(self) -> None:
        self.speakers_made = 0
        self.said: list[str] = []
        self.quits = 0

    def make_speak(self):
        self.speakers_made += 1
        return self.said.append

    def quit(self) -> None:
        self.quits += 1


@pytest.fixture
def window(qtbot) -> NudgeWindow:
    window = NudgeWindow()
    qtbot.addWidget(window)
    return window


@pytest.fixture
def rec() -> Recorder:
    return Recorder()


@pytest.fixture
def commands(window: NudgeWindow, rec: Recorder) -> NudgeCommands:
    return NudgeCommands(window, rec.make_speak, rec.quit)


def test_show_brings_up_the_nudge_with_its_heading(commands, window) -> None:
    commands.feed(b"show 30 0\n")
    assert window.isVisible()
    assert window.heading.text() == "Time to stand up"
    assert "30 minutes" in window.body.text()


def test_a_repeat_says_still_sitting(commands, window) -> None:
    commands.feed(b"show 35 1\n")
    assert window.isVisible()
    assert window.heading.text().startswith("Still sitting")
    assert "35 minutes" in window.body.text()


def test_a_line_split_across_reads_runs_once_complete(commands, window) -> None:
    commands.feed(b"sho")
    assert not window.isVisible()
    commands.feed(b"w 40 0\nsay hel")
    assert "40 minutes" in window.body.text()
    assert window.isVisible()


@pytest.mark.parametrize(
    "line", [b"show\n", b"show thirty 0\n", b"show 30 x\n", b"dance 1\n", b"\n", b"say\n"]
)
def test_lines_not_understood_are_ignored(commands, window, rec, line: bytes) -> None:
    commands.feed(line)
    assert not window.isVisible()
    assert rec.speakers_made == 0
    assert rec.quits == 0


def test_say_makes_the_speaker_once_and_passes_the_text(commands, rec) -> None:
    assert rec.speakers_made == 0  # nothing loaded until something is said
    commands.feed(b"say You have been sitting for 30 minutes.\nsay Again\n")
    assert rec.speakers_made == 1
    assert rec.said == ["You have been sitting for 30 minutes.", "Again"]


def test_quit_and_the_end_of_input_end_the_process(commands, rec) -> None:
    commands.feed(b"quit\n")
    assert rec.quits == 1
    commands.feed(b"")
    assert rec.quits == 2


def test_an_answer_hides_the_window_and_is_written_as_one_line(window, capsys) -> None:
    window.show_nudge(30)
    _answer("snooze", window)
    assert not window.isVisible()
    assert capsys.readouterr().out == "snooze\n"


def _start_nudge_process() -> subprocess.Popen[bytes]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.Popen(
        [sys.executable, "-m", "backcoach.ui.reminders.nudge_process"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
    )


@pytest.mark.slow
@pytest.mark.parametrize("ending", ["quit", "end of input"])
def test_the_real_process_shows_stays_and_exits_cleanly(ending: str) -> None:
    proc = _start_nudge_process()
    assert proc.stdin is not None
    try:
        proc.stdin.write(b"show 30 0\n")
        proc.stdin.flush()
        time.sleep(1.0)
        assert proc.poll() is None, "the nudge process ended on its own"
        if ending == "quit":
            proc.stdin.write(b"quit\n")
            proc.stdin.flush()
            assert proc.wait(timeout=15) == 0  # with its input still open
        proc.stdin.close()
        assert proc.wait(timeout=15) == 0
        assert proc.stdout is not None
        assert proc.stdout.read() == b""  # no answer was given
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
