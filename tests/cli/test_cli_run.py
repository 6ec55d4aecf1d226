"""``backcoach run ROUTINE --headless``: the terminal player, its keys and its summary."""

from __future__ import annotations

import io
import os
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from backcoach.cli import main
from backcoach.cli.compiled import CompiledRoutine
from backcoach.cli.run import PrintCueSink, TerminalPlayer, status_line, summary
from backcoach.core.history.store import HistoryStore
from backcoach.core.playback.cues import plan_cues
from backcoach.core.playback.record import SessionStatus
from backcoach.core.playback.session import SessionState
from backcoach.core.playback.timeline import compile_routine
from backcoach.core.routine.model import Tempo
from tests import builders as b
from tests.conftest import REPO_ROOT
from tests.core.history.test_history_store import read_only
from tests.fakes import FakeClock
from tests.routine_files import tiny_routine_file

REPO = REPO_ROOT


def player(*steps, clock: FakeClock, interactive: bool = True, live_line: bool = False, voice=None):
    timeline = compile_routine(b.routine(*steps, title="Tiny"))
    out = io.StringIO()
    compiled = CompiledRoutine(timeline, plan_cues(timeline))
    terminal = TerminalPlayer(
        compiled, clock, out, PrintCueSink(out), interactive, live_line, voice=voice
    )
    return terminal, out


def scripted(clock: FakeClock, keys: dict[float, str]):
    """Return a wait that moves the fake clock and presses ``keys`` at given clock seconds."""
    start = clock.monotonic()
    pending = sorted(keys.items())

    def wait(timeout: float | None) -> str | None:
        step = 0.25 if timeout is None else max(timeout, 0.001)
        now = clock.monotonic() - start
        if pending and pending[0][0] <= now + step:
            at, key = pending.pop(0)
            clock.advance(max(0.0, at - now))
            return key
        clock.advance(step)
        return None

    return wait


def test_keys_pause_skip_and_quit(fake_clock) -> None:
    terminal, out = player(
        b.hold("One", 20), b.hold("Two", 20), b.hold("Three", 20), clock=fake_clock
    )
    record = terminal.play(scripted(fake_clock, {5: " ", 100: " ", 120: "n", 125: "q"}))
    text = out.getvalue()
    assert "Paused. Press space to go on." in text and "Going on." in text
    assert record.status is SessionStatus.STOPPED_EARLY
    one, two, three = record.steps
    assert one.done_s == pytest.approx(20) and not one.skipped  # 5 s, a pause, 15 s more
    assert two.skipped and two.done_s == pytest.approx(5)
    assert three.done_s == pytest.approx(5)


def test_p_stops_at_once_for_sharp_pain(fake_clock) -> None:
    terminal, _out = player(b.hold("One", 20), b.hold("Two", 20), clock=fake_clock)
    record = terminal.play(scripted(fake_clock, {6: "p"}))
    assert record.status is SessionStatus.STOPPED_FOR_PAIN
    assert record.done_s == pytest.approx(6, abs=0.3)
    assert "p sharp pain: stop" in status_line(terminal.session)


def test_back_and_restart_keys(fake_clock) -> None:
    terminal, _ = player(b.hold("One", 10), b.hold("Two", 10), clock=fake_clock)
    terminal.play(scripted(fake_clock, {12: "b", 14: "r", 15: "q"}))
    # Back from "Two" at 12 s, restart "One" 2 s later, quit 1 s after that.
    assert terminal.session.current_segment.exercise == "One"
    assert terminal.session.position_s == pytest.approx(1)


def test_done_key_ends_a_self_paced_set(fake_clock) -> None:
    terminal, _ = player(b.reps("Superman", 10, self_paced=True), clock=fake_clock)
    record = terminal.play(scripted(fake_clock, {8: "d"}))
    assert record.status is SessionStatus.COMPLETED
    assert record.steps[0].done_reps == 10 and record.steps[0].done_s == pytest.approx(8)


def test_without_a_terminal_self_paced_sets_end_with_their_estimate(fake_clock) -> None:
    terminal, out = player(
        b.reps("Superman", 5, sets=2, rest_s=5, self_paced=True, rep_s=2),
        clock=fake_clock,
        interactive=False,
    )
    record = terminal.play(scripted(fake_clock, {}))
    assert record.status is SessionStatus.COMPLETED
    assert record.steps[0].done_reps == 10
    assert record.done_s == pytest.approx(25)
    assert "Press done when you have finished the set." in out.getvalue()


def test_cues_and_segments_are_printed_as_lines_without_a_terminal(fake_clock) -> None:
    terminal, out = player(b.hold("One", 10, prepare_s=5), clock=fake_clock)
    terminal.play(scripted(fake_clock, {}))
    lines = out.getvalue().splitlines()
    assert "  0:00.0  One: Get ready" in lines
    assert "  0:00.0  » Tiny. First: One." in lines
    assert "  0:05.0  One: Hold" in lines
    assert "\x1b" not in out.getvalue()


def test_the_live_line_is_redrawn_in_place(fake_clock) -> None:
    terminal, out = player(b.hold("One", 10), clock=fake_clock, live_line=True)
    terminal.play(scripted(fake_clock, {}))
    text = out.getvalue()
    assert "\r\x1b[K▶ " in text and "One: Hold" in text
    assert terminal.session.state is SessionState.FINISHED


def test_status_line_shows_countdown_now_next_and_time_left(fake_clock) -> None:
    terminal, _ = player(
        b.reps("Bridge", 3, sets=2, rest_s=5, tempo=Tempo(up_s=2, down_s=2)),
        b.hold("Plank", 20),
        clock=fake_clock,
    )
    session = terminal.session
    session.start()
    fake_clock.advance(0.25)
    line = status_line(session)
    assert line.startswith("▶   2s  Bridge: Up (set 1/2, rep 1/3)")
    assert "next: Plank" in line and "0:49 left" in line
    session.pause()
    assert status_line(session).startswith("⏸")


def test_summary_lists_planned_against_done(fake_clock) -> None:
    terminal, _ = player(
        b.reps("Bridge", 2, tempo=Tempo(1, 1)), b.hold("Plank", 10), clock=fake_clock
    )
    record = terminal.play(scripted(fake_clock, {2: "n", 5: "q"}))
    text = summary(record)
    assert text.splitlines()[0] == "Stopped early: 0:05 done of 0:14 planned."
    assert "Bridge" in text and "1/2 reps  skipped" in text


def _run_without_terminal(tmp_path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "backcoach", "run", str(tiny_routine_file(tmp_path)), "--headless"]
        + ["--speed", "20"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
        env={**os.environ, "BACKCOACH_HOME": str(tmp_path / "home")},
    )


def test_headless_run_without_a_terminal_plays_to_the_end(tmp_path: Path) -> None:
    result = _run_without_terminal(tmp_path)
    assert result.returncode == 0, result.stderr
    assert "» Tiny. First: Plank." in result.stdout
    assert "Finished: 0:11 done of 0:11 planned." in result.stdout
    assert "Superman" in result.stdout and "2/2 reps" in result.stdout
    assert result.stdout.rstrip().endswith("Saved to your log.")
    with HistoryStore(tmp_path / "home" / "data" / "history.sqlite3") as store:
        (logged,) = store.sessions(with_steps=True)
    assert logged.record.routine_id == "tiny"
    assert logged.record.status is SessionStatus.COMPLETED
    assert logged.record.source == "headless"
    assert [step.name for step in logged.record.steps] == ["Plank", "Superman"]
    assert logged.record.steps[1].done_reps == 2


def test_headless_run_with_an_unwritable_log_says_so_and_plays_on(tmp_path: Path) -> None:
    data = tmp_path / "home" / "data"
    data.mkdir(parents=True)
    with read_only(data):
        result = _run_without_terminal(tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Finished: 0:11 done of 0:11 planned." in result.stdout
    assert "Saved to your log." not in result.stdout
    assert "read-only" in result.stderr and "session goes on" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1  # told once


def test_run_without_headless_plays_in_the_window(monkeypatch) -> None:
    import backcoach.ui.app.launch

    opened = []
    monkeypatch.setattr(
        backcoach.ui.app.launch,
        "run_app",
        lambda play=None, language=None: opened.append((play.routine_id, language)) or 0,
    )
    assert main(["run", "desk-break", "--language", "da"]) == 0
    assert opened == [("desk-break", "da")]


def test_headless_cues_are_spoken_and_cut_on_pause_and_moves(fake_clock) -> None:
    from tests.fakes import FakeVoice

    timeline = compile_routine(b.routine(b.hold("One", 20), b.hold("Two", 20), title="Tiny"))
    out = io.StringIO()
    voice = FakeVoice()
    terminal = TerminalPlayer(
        CompiledRoutine(timeline, plan_cues(timeline)),
        fake_clock,
        out,
        PrintCueSink(out),
        interactive=True,
        live_line=False,
        voice=voice,
    )
    terminal.play(scripted(fake_clock, {5: " ", 6: " ", 12: "n", 30: "q"}))
    said = voice.said()
    assert said[:2] == ["Tiny.", "One. Hold."]
    assert "» One. Hold." in out.getvalue()  # printed as well
    assert voice.count("beep") > 0
    calls = [name for name, _ in voice.calls]
    assert calls.count("cut") == 3  # pause, next, quit
    assert "Two. Hold." in said[said.index("One. Hold.") :]  # said after the cut of "next"


def test_run_reports_a_missing_routine(capsys) -> None:
    assert main(["run", "nothing-here", "--headless"]) == 1
    assert "nothing-here" in capsys.readouterr().err


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_keys_work_in_a_real_terminal(tmp_path: Path) -> None:
    main_fd, child_fd = os.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "backcoach", "run", str(tiny_routine_file(tmp_path)), "--headless"],
        stdin=child_fd,
        stdout=child_fd,
        stderr=child_fd,
        cwd=REPO,
        env={**os.environ, "BACKCOACH_HOME": str(tmp_path / "home")},
    )
    os.close(child_fd)
    output = b""

    def read_until(marker: bytes, limit: float = 20) -> None:
        nonlocal output
        deadline = time.monotonic() + limit
        while marker not in output and time.monotonic() < deadline:
            ready, _, _ = select.select([main_fd], [], [], 0.1)
            if ready:
                try:
                    output += os.read(main_fd, 4096)
                except OSError:
                    return

    try:
        read_until(b"\x1b[K")  # the live line: keys are read from now on
        os.write(main_fd, b" ")
        read_until(b"Paused.")
        os.write(main_fd, b"q")
        read_until(b"Stopped early")
        read_until(b"How hard")
        os.write(main_fd, b"11\n")
        read_until(b"whole number")
        os.write(main_fd, b"4\n")
        read_until(b"How is your back")
        os.write(main_fd, b"1\n")
        read_until(b"note")
        os.write(main_fd, b"hips stiff\n")
        read_until(b"saved too")
        assert process.wait(timeout=20) == 0
    finally:
        if process.poll() is None:
            process.kill()
        os.close(main_fd)
    assert b"Paused. Press space to go on." in output
    assert b"Saved to your log." in output
    with HistoryStore(tmp_path / "home" / "data" / "history.sqlite3") as store:
        (logged,) = store.sessions()
    assert logged.record.status is SessionStatus.STOPPED_EARLY
    assert (logged.record.effort, logged.record.pain, logged.record.note) == (4, 1, "hips stiff")
    assert b"Stopped early:" in output
    assert b"\r\x1b[K" in output  # the live line


def test_a_key_typed_while_the_first_phrases_render_applies_when_the_clock_starts(
    fake_clock,
) -> None:
    from tests.fakes import FakeVoice

    voice = FakeVoice(prepared=False)  # never ready: the clock starts after the longest wait
    terminal, out = player(b.hold("One", 20), clock=fake_clock, voice=voice)
    record = terminal.play(scripted(fake_clock, {0.5: " ", 10: "q"}))
    assert "  0:00.0  Paused. Press space to go on." in out.getvalue().splitlines()
    assert record.status is SessionStatus.STOPPED_EARLY
    assert record.done_s == pytest.approx(0)
    assert voice.said()[:1] == ["Tiny."]  # the intro was said before the pause cut it


def test_p_during_the_first_phrases_stops_for_pain_at_once(fake_clock) -> None:
    from tests.fakes import FakeVoice

    voice = FakeVoice(prepared=False)  # the clock would wait for the phrases
    terminal, _out = player(b.hold("One", 20), clock=fake_clock, voice=voice)
    began = fake_clock.monotonic()
    record = terminal.play(scripted(fake_clock, {0.3: "p"}))
    assert record.status is SessionStatus.STOPPED_FOR_PAIN
    assert fake_clock.monotonic() - began < 1.0  # at once, not held until the clock starts
