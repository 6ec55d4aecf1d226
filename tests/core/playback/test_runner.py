"""The playback runner both players drive, on a fake clock with a fake voice, sink and log."""

from __future__ import annotations

from pathlib import Path

import pytest

from backcoach.core.history.safe_log import SafeLog
from backcoach.core.playback.cues import plan_cues
from backcoach.core.playback.record import SessionStatus
from backcoach.core.playback.runner import LEAD_IN_MAX_S, LEAD_IN_POLL_S, Runner, Silence
from backcoach.core.playback.session import Paused, PauseReason, SessionState
from backcoach.core.playback.timeline import compile_routine
from tests import builders as b
from tests.core.history.test_history_store import read_only
from tests.fakes import FakeClock, FakeCueSink, FakeSessionLog, FakeVoice

THREE = (b.hold("One", 20), b.hold("Two", 20), b.hold("Three", 20))


class OrderedLog(FakeSessionLog):
    """A fake log that also notes ``("finish", status)`` in a list shared with the voice."""

    def __init__(self, shared: list, fail: bool = False) -> None:
        super().__init__(fail=fail)
        self.shared = shared

    def finish(self, session_id, record):
        self.shared.append(("finish", record.status))
        return super().finish(session_id, record)


class Player:
    """A runner with its fakes, driven the way a player drives it."""

    def __init__(
        self,
        *steps,
        clock: FakeClock,
        prepared: bool = True,
        log: object | None = None,
        **options,
    ) -> None:
        self.clock = clock
        self.voice = FakeVoice(prepared=prepared)
        self.sink = FakeCueSink(clock, events=self.voice.calls)
        self.log = log if log is not None else OrderedLog(self.voice.calls)
        self.began: list[float] = []
        self.runner = Runner.for_routine(
            b.routine(*steps, title="Tiny"),
            "en",
            165.0,
            clock,
            self.voice,
            self.sink,
            self.log,
            source="headless",
            on_begin=lambda: self.began.append(clock.monotonic()),
            **options,
        )

    def run(self, seconds: float) -> None:
        """Sleep until each deadline (never past ``seconds``) and poll, as a driver does."""
        end = self.clock.monotonic() + seconds
        while self.clock.monotonic() < end - 1e-9:
            deadline = self.runner.next_deadline()
            step = 0.25 if deadline is None else max(deadline, 0.001)
            self.clock.advance(min(step, end - self.clock.monotonic()))
            self.runner.poll()

    def since_cut(self) -> list[tuple[str, object]]:
        """Return the voice, sink and log calls after the last cut."""
        calls = self.voice.calls
        last = max(i for i, (name, _) in enumerate(calls) if name == "cut")
        return calls[last + 1 :]


def test_with_phrases_ready_the_clock_starts_at_once_and_cues_fall_on_their_marks(
    fake_clock: FakeClock,
) -> None:
    player = Player(b.hold("One", 10, prepare_s=5), clock=fake_clock)
    start = fake_clock.monotonic()
    player.runner.start()
    assert player.began == [start]
    assert player.runner.session.state is SessionState.RUNNING
    prepared = [texts for call, texts in player.voice.calls if call == "prepare"]
    assert prepared[0] == ["Tiny. First: One.", "3", "2", "1", "Hold."]  # the first 12 s
    assert "That is the whole routine. Well done." in prepared[-1]  # then all of it
    assert player.sink.cues[0] == (start, "Tiny. First: One.", 0.0)
    assert player.runner.next_deadline() == pytest.approx(1.0)  # the countdown's next second
    player.run(5.0)
    marks = {text: at - start for at, text, _ in player.sink.cues}
    assert marks["3"] == pytest.approx(2.0)
    assert marks["Hold."] == pytest.approx(5.0)
    assert all(late == pytest.approx(0.0) for _, _, late in player.sink.cues)


def test_the_clock_waits_for_the_first_phrases_and_begins_when_they_are_ready(
    fake_clock: FakeClock,
) -> None:
    player = Player(b.hold("One", 10, prepare_s=5), clock=fake_clock, prepared=False)
    player.runner.start()
    assert player.runner.leading_in
    assert player.runner.session.state is SessionState.READY
    assert player.sink.cues == [] and player.began == []
    assert player.runner.next_deadline() == pytest.approx(LEAD_IN_POLL_S)
    fake_clock.advance(0.3)
    player.runner.poll()
    assert player.runner.leading_in  # still rendering
    player.voice.prepared = True
    fake_clock.advance(LEAD_IN_POLL_S)
    player.runner.poll()
    assert not player.runner.leading_in
    assert player.began == [fake_clock.monotonic()]
    assert player.sink.texts()[0] == "Tiny. First: One."  # said at the clock's start
    assert player.sink.cues[0][2] == 0.0  # not late: the lead-in is not session time
    assert len(player.log.begun) == 1


def test_the_clock_starts_anyway_after_the_longest_lead_in(fake_clock: FakeClock) -> None:
    player = Player(b.hold("One", 10), clock=fake_clock, prepared=False)
    start = fake_clock.monotonic()
    player.runner.start()
    player.run(LEAD_IN_MAX_S - 0.1)
    assert player.runner.leading_in
    player.run(0.2)
    assert player.began and player.began[0] - start == pytest.approx(LEAD_IN_MAX_S, abs=0.06)
    assert player.runner.session.state is SessionState.RUNNING


def test_pause_cuts_the_voice_and_time_paused_does_not_count(fake_clock: FakeClock) -> None:
    player = Player(*THREE, clock=fake_clock)
    player.runner.start()
    player.run(5)
    assert player.runner.toggle_pause()
    assert player.voice.calls[-1] == ("cut", None)
    assert player.runner.next_deadline() is None  # nothing is due while paused
    player.run(60)
    assert player.runner.session.position_s == pytest.approx(5)
    assert player.runner.toggle_pause()
    assert player.runner.session.state is SessionState.RUNNING
    player.run(5)
    assert "Halfway." in player.sink.texts()  # at 10 s of session time
    assert player.runner.session.position_s == pytest.approx(10)


def test_a_computer_that_slept_pauses_and_cuts_the_voice(fake_clock: FakeClock) -> None:
    player = Player(*THREE, clock=fake_clock)
    events: list = []
    player.runner.subscribe(events.append)
    player.runner.start()
    player.run(3)
    cuts = player.voice.count("cut")
    fake_clock.sleep_for(600)
    player.runner.poll()
    session = player.runner.session
    assert session.state is SessionState.PAUSED
    assert player.voice.count("cut") == cuts + 1
    assert session.position_s == pytest.approx(3)
    assert player.log.checkpoints[-1].done_s == pytest.approx(3)
    assert [e.reason for e in events if isinstance(e, Paused)] == [PauseReason.SLEEP]


@pytest.mark.parametrize(
    ("move", "exercise", "position", "announced"),
    [
        ("next", "Three", 40.0, "Three. Hold."),
        ("back", "One", 0.0, "Tiny."),
        ("restart_step", "Two", 20.0, "Two. Hold."),
    ],
)
def test_moves_deliver_due_cues_then_cut_the_voice_then_move(
    fake_clock: FakeClock, move: str, exercise: str, position: float, announced: str
) -> None:
    player = Player(*THREE, clock=fake_clock)
    player.runner.start()
    player.run(26)  # in "Two"
    fake_clock.advance(4.2)  # the driver is late: "Halfway." (at 30 s) is due, not yet said
    assert getattr(player.runner, move)()
    calls = player.voice.calls
    halfway = max(i for i, call in enumerate(calls) if call == ("cue", "Halfway."))
    cut = max(i for i, (name, _) in enumerate(calls) if name == "cut")
    assert halfway < cut  # due before the move: delivered, then cut
    session = player.runner.session
    assert session.current_segment.exercise == exercise
    assert session.position_s == pytest.approx(position)
    assert ("cue", announced) in player.since_cut()  # the new place is announced


def test_done_cuts_and_moves_only_in_a_self_paced_set(fake_clock: FakeClock) -> None:
    player = Player(b.hold("Plank", 10), b.reps("Superman", 4, self_paced=True), clock=fake_clock)
    player.runner.start()
    player.run(3)
    cuts = player.voice.count("cut")
    assert not player.runner.done()  # in a hold: nothing happens, nothing is cut
    assert player.voice.count("cut") == cuts
    player.run(9)
    assert player.runner.session.current_segment.exercise == "Superman"
    assert player.runner.done()
    assert player.voice.count("cut") == cuts + 1
    assert player.runner.session.state is SessionState.FINISHED
    assert player.log.finished[-1].steps[1].done_reps == 4


def test_without_keys_a_self_paced_set_is_done_when_its_estimate_runs_out(
    fake_clock: FakeClock,
) -> None:
    player = Player(
        b.reps("Superman", 4, self_paced=True, rep_s=2), clock=fake_clock, auto_done=True
    )
    player.runner.start()
    player.run(8.5)
    assert player.runner.session.state is SessionState.FINISHED
    assert player.log.finished[-1].steps[0].done_reps == 4


def test_a_pain_stop_cuts_the_voice_before_the_log_is_written_and_says_nothing_after(
    fake_clock: FakeClock,
) -> None:
    player = Player(*THREE, clock=fake_clock)
    player.runner.start()
    player.run(8)
    fake_clock.advance(2.1)  # "Halfway." (at 10 s) falls due while stopping
    assert player.runner.stop(SessionStatus.STOPPED_FOR_PAIN)
    assert player.since_cut() == [("finish", SessionStatus.STOPPED_FOR_PAIN)]
    assert player.voice.count("cut") == 1
    record = player.log.finished[-1]
    assert record.status is SessionStatus.STOPPED_FOR_PAIN
    assert record.done_s == pytest.approx(10.1)
    assert player.runner.ended and not player.runner.playing
    assert not player.runner.stop()  # once only
    assert player.runner.next_deadline() is None


def test_stopping_during_the_lead_in_still_logs_the_session(fake_clock: FakeClock) -> None:
    player = Player(*THREE, clock=fake_clock, prepared=False)
    player.runner.start()
    assert player.runner.stop()
    assert not player.runner.leading_in
    assert player.log.finished[-1].status is SessionStatus.STOPPED_EARLY


def test_finishing_records_the_session_and_the_answers(fake_clock: FakeClock) -> None:
    player = Player(*THREE, clock=fake_clock)
    player.runner.start()
    assert len(player.log.begun) == 1
    player.run(61)
    assert player.runner.ended
    record = player.log.finished[-1]
    assert record.status is SessionStatus.COMPLETED
    assert record.source == "headless"
    assert [step.name for step in record.steps] == ["One", "Two", "Three"]
    assert record.done_s == pytest.approx(60)
    assert {round(r.done_s) for r in player.log.checkpoints} >= {20, 40}  # at each exercise
    assert player.runner.saved_id == 1
    assert player.voice.count("cut") == 0  # "well done" is heard to its end
    assert not player.runner.save_answers(None, None, "")  # nothing to save
    assert player.runner.save_answers(4, 1, "hips stiff")
    assert player.log.feedback == [(1, 4, 1, "hips stiff")]


def test_a_log_that_saves_nothing_does_not_stop_the_runner(fake_clock: FakeClock) -> None:
    player = Player(*THREE, clock=fake_clock, log=FakeSessionLog(fail=True))
    player.runner.start()
    player.run(61)
    assert player.runner.session.state is SessionState.FINISHED
    assert "That is the whole routine. Well done." in player.sink.texts()
    assert player.runner.saved_id is None
    assert not player.runner.save_answers(5, 2, "")


def test_a_log_that_cannot_write_is_reported_once_and_the_runner_plays_on(
    fake_clock: FakeClock, backcoach_home: Path
) -> None:
    data = backcoach_home / "data"
    data.mkdir(parents=True)
    reports: list[str] = []
    with read_only(data):
        log = SafeLog(reports.append)
        player = Player(*THREE, clock=fake_clock, log=log)
        player.runner.start()
        player.run(30)
        assert player.runner.next()
        player.run(25)
        log.close()
    assert player.runner.session.state is SessionState.FINISHED
    assert player.runner.saved_id is None
    assert len(reports) == 1


def test_silence_plays_a_routine_without_a_voice(fake_clock: FakeClock) -> None:
    timeline = compile_routine(b.routine(*THREE))
    log = FakeSessionLog()
    runner = Runner(
        timeline, plan_cues(timeline), fake_clock, Silence(), Silence(), log, source="headless"
    )
    runner.start()
    assert runner.session.state is SessionState.RUNNING  # no wait for a voice
    for _ in range(122):
        fake_clock.advance(0.5)
        runner.poll()
    assert runner.ended and log.finished[-1].status is SessionStatus.COMPLETED
