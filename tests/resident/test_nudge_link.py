"""The nudge's child process, driven by a real select loop, with a small stand-in child."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from backcoach.adapters.event_loop import SelectLoop
from backcoach.resident.nudge_link import NudgeProcess

# Writes every line it reads to LOG; how it answers depends on MODE:
# answer: says "snooze" after a show; silent: never answers; crash: dies at a show;
# stubborn: ignores quit and the end of its input.
CHILD = r"""
import sys, time
log, mode = sys.argv[1], sys.argv[2]
for line in sys.stdin:
    with open(log, "a") as f:
        f.write(line)
    word = line.split(" ", 1)[0].strip()
    if word == "show":
        if mode == "crash":
            sys.exit(3)
        if mode == "answer":
            print("noise", flush=True)
            print("snooze", flush=True)
    if word == "quit" and mode != "stubborn":
        sys.exit(0)
if mode == "stubborn":
    time.sleep(60)
"""


class Harness:
    def __init__(self, tmp_path: Path, mode: str) -> None:
        self.log = tmp_path / "child.log"
        self.loop = SelectLoop()
        self.choices: list[str] = []
        self.nudge = NudgeProcess(
            self.loop,
            self.choices.append,
            command=[sys.executable, "-c", CHILD, str(self.log), mode],
        )

    def run_until(self, done: Callable[[], bool], timeout_s: float = 5.0) -> None:
        end = time.monotonic() + timeout_s
        while not done():
            assert time.monotonic() < end, "timed out"
            self.loop.call_later(0.05, lambda: None)  # never block for long
            self.loop.run_once()

    def lines(self) -> list[str]:
        return self.log.read_text().splitlines() if self.log.exists() else []

    def close(self) -> None:
        self.nudge.close()
        self.loop.close()


@pytest.fixture
def make(tmp_path: Path) -> Iterator[Callable[[str], Harness]]:
    made: list[Harness] = []

    def factory(mode: str) -> Harness:
        harness = Harness(tmp_path, mode)
        made.append(harness)
        return harness

    yield factory
    for harness in made:
        harness.close()


def process_gone(pid: int) -> bool:
    """True when ``pid`` has ended and was collected (no zombie left)."""
    return not Path(f"/proc/{pid}").exists()


def wait_gone(h: Harness, pid: int) -> None:
    """Wait for ``pid`` to end, collecting it as the tray does on SIGCHLD."""
    deadline = time.monotonic() + 5
    while not process_gone(pid):
        assert time.monotonic() < deadline, "the child did not end"
        time.sleep(0.05)
        h.nudge.reap()


def test_showing_starts_one_child_and_tells_it_what_to_show(make) -> None:
    h = make("silent")
    h.nudge.show_nudge(30)
    pid = h.nudge.pid
    assert pid is not None
    h.nudge.show_nudge(35, 1)  # a repeat goes to the same child
    assert h.nudge.pid == pid
    assert h.nudge.is_nudge_open()
    h.run_until(lambda: len(h.lines()) == 2)
    assert h.lines() == ["show 30 0", "show 35 1"]


def test_the_spoken_prompt_goes_to_the_child_on_one_line(make) -> None:
    h = make("silent")
    h.nudge.say("not running yet")  # no child: nothing started for speech alone
    assert h.nudge.pid is None
    h.nudge.show_nudge(30)
    h.nudge.say("Time to\nstand up")
    h.run_until(lambda: len(h.lines()) == 2)
    assert h.lines() == ["show 30 0", "say Time to stand up"]


def test_a_choice_is_reported_once_and_the_child_ends(make) -> None:
    h = make("answer")
    h.nudge.show_nudge(30)
    pid = h.nudge.pid
    assert pid is not None
    h.run_until(lambda: h.choices != [])
    assert h.choices == ["snooze"]
    assert not h.nudge.is_nudge_open()
    assert h.nudge.pid is None
    h.run_until(lambda: "quit" in h.lines())
    wait_gone(h, pid)
    h.loop.run_once(max_wait_s=0.1)
    assert h.choices == ["snooze"]


def test_hiding_ends_the_child(make) -> None:
    h = make("silent")
    h.nudge.show_nudge(30)
    pid = h.nudge.pid
    assert pid is not None
    h.nudge.hide_nudge()
    assert not h.nudge.is_nudge_open()
    assert h.nudge.pid is None
    wait_gone(h, pid)
    assert h.lines()[-1] == "quit"


def test_a_crashed_child_marks_the_nudge_closed_and_a_new_show_starts_another(make) -> None:
    h = make("crash")
    h.nudge.show_nudge(30)
    first = h.nudge.pid
    assert first is not None
    h.run_until(lambda: not h.nudge.is_nudge_open())
    assert h.choices == []
    h.nudge.show_nudge(35, 1)
    assert h.nudge.pid not in (None, first)


@pytest.mark.slow  # close() gives the child 3 s to go
def test_close_kills_a_child_that_ignores_quit(make) -> None:
    h = make("stubborn")
    h.nudge.show_nudge(30)
    pid = h.nudge.pid
    assert pid is not None
    started = time.monotonic()
    h.nudge.close()
    assert process_gone(pid)
    assert time.monotonic() - started < 8
