"""Playing a timeline on a fake clock: events, commands at any moment, sleep, the record."""

from __future__ import annotations

import random

import pytest

from backcoach.core.playback.cues import CueKind, CueRole, plan_cues
from backcoach.core.playback.record import SessionStatus
from backcoach.core.playback.session import (
    CueDue,
    Finished,
    Paused,
    PauseReason,
    Progress,
    Resumed,
    SegmentStarted,
    Session,
    SessionEvent,
    SessionState,
    Stopped,
    WaitingForDone,
)
from backcoach.core.playback.timeline import SegmentKind, Timeline, compile_routine
from backcoach.core.routine.model import Sides, Tempo
from tests import builders as b
from tests.fakes import FakeClock

K = SegmentKind


class Recorder:
    def __init__(self, session: Session) -> None:
        self.events: list[SessionEvent] = []
        session.subscribe(self.events.append)

    def of(self, kind: type) -> list:
        return [e for e in self.events if isinstance(e, kind)]

    def segments(self) -> list[tuple[SegmentKind, float]]:
        return [(e.segment.kind, e.segment.start_s) for e in self.of(SegmentStarted)]

    def said(self) -> list[str]:
        return [e.cue.text for e in self.of(CueDue) if e.cue.kind is CueKind.SPEECH]

    def clear(self) -> None:
        self.events.clear()


def make(
    *steps, clock: FakeClock, with_cues: bool = True, **options
) -> tuple[Session, Recorder, Timeline]:
    timeline = compile_routine(b.routine(*steps))
    cues = plan_cues(timeline) if with_cues else ()
    session = Session(timeline, cues, clock, **options)
    return session, Recorder(session), timeline


def run_for(session: Session, clock: FakeClock, seconds: float, step: float = 0.25) -> None:
    """Advance the clock ``seconds`` in ``step`` increments, polling after each."""
    steps = round(seconds / step)
    for _ in range(steps):
        clock.advance(step)
        session.poll()


# Three exercises: a 10 s hold after 5 s preparing, a 20 s rest, a 10 s hold after 5 s.
def three_blocks(clock: FakeClock, **options):
    return make(
        b.hold("One", 10, prepare_s=5),
        b.rest(20),
        b.hold("Two", 10, prepare_s=5),
        clock=clock,
        **options,
    )


# -- playing through --------------------------------------------------------------------


def test_start_announces_the_first_segment_and_the_cues_due_at_zero(fake_clock) -> None:
    session, events, _ = three_blocks(fake_clock)
    assert session.state is SessionState.READY
    assert session.start()
    assert session.state is SessionState.RUNNING
    assert events.segments() == [(K.PREPARE, 0)]
    assert events.said() == ["Test. First: One."]
    assert not session.start()  # only once


def test_playing_through_fires_every_segment_once_in_order_and_finishes(fake_clock) -> None:
    session, events, timeline = three_blocks(fake_clock)
    session.start()
    run_for(session, fake_clock, 49.75)
    assert session.state is SessionState.RUNNING
    run_for(session, fake_clock, 0.25)
    assert session.state is SessionState.FINISHED
    assert events.segments() == [(s.kind, s.start_s) for s in timeline.segments]
    assert all(e.late_s <= 0.25 for e in events.of(SegmentStarted))
    assert events.said()[-1] == "That is the whole routine. Well done."
    (finished,) = events.of(Finished)
    assert finished.record.status is SessionStatus.COMPLETED
    assert finished.record.done_s == pytest.approx(50)
    assert session.poll() is None and session.next_deadline() is None


def test_every_spoken_cue_fires_once_in_plan_order(fake_clock) -> None:
    session, events, _ = three_blocks(fake_clock)
    session.start()
    run_for(session, fake_clock, 60)
    planned = [c for c in session.cues if c.kind is CueKind.SPEECH]
    fired = [e.cue for e in events.of(CueDue) if e.cue.kind is CueKind.SPEECH]
    assert fired == planned


def test_one_late_poll_fires_everything_missed_in_timeline_order(fake_clock) -> None:
    session, events, _ = make(b.reps(count=2, tempo=Tempo(up_s=1, down_s=1)), clock=fake_clock)
    session.start()
    events.clear()
    fake_clock.advance(3.5)  # three boundaries at once, below the sleep threshold
    session.poll()
    started = events.of(SegmentStarted)
    assert [(e.segment.kind, e.segment.rep, e.late_s) for e in started] == [
        (K.REP_DOWN, 1, 2.5),
        (K.REP_UP, 2, 1.5),
        (K.REP_DOWN, 2, 0.5),
    ]
    order = [type(e).__name__ for e in events.events]
    assert order.index("SegmentStarted") < order.index("Progress")


def test_position_comes_from_the_clock_not_from_counting_polls(fake_clock) -> None:
    # An hour of holds polled at random intervals ends exactly on time.
    steps = [b.hold(f"Hold {i}", 59, prepare_s=1) for i in range(60)]
    session, events, timeline = make(*steps, clock=fake_clock, with_cues=False)
    assert timeline.total_s == 3600
    session.start()
    rng = random.Random(7)
    elapsed = 0.0
    while elapsed < 3599:
        step = min(rng.uniform(0.01, 1.0), 3599 - elapsed)
        fake_clock.advance(step)
        elapsed += step
        session.poll()
    assert session.state is SessionState.RUNNING
    assert session.position_s == pytest.approx(3599)
    fake_clock.advance(1.0)
    session.poll()
    assert session.state is SessionState.FINISHED
    assert max(e.late_s for e in events.of(SegmentStarted)) < 1.0


def test_progress_reports_position_and_what_is_left(fake_clock) -> None:
    session, events, _ = three_blocks(fake_clock)
    session.start()
    run_for(session, fake_clock, 7.5)
    progress = events.of(Progress)[-1]
    assert (progress.position_s, progress.segment.kind) == (7.5, K.HOLD)
    assert progress.segment_remaining_s == 7.5
    assert progress.remaining_s == 42.5


# -- next_deadline ----------------------------------------------------------------------


def test_next_deadline_points_at_the_next_cue_boundary_or_countdown_second(fake_clock) -> None:
    session, _, _ = make(b.hold("One", 30), clock=fake_clock, with_cues=False)
    assert session.next_deadline() is None  # not started
    session.start()
    fake_clock.advance(0.3)
    assert session.next_deadline() == pytest.approx(0.7)  # the countdown's next second
    session.pause()
    assert session.next_deadline() is None


def test_next_deadline_never_exceeds_the_poll_interval(fake_clock) -> None:
    session, _, _ = make(b.hold("One", 30), clock=fake_clock, max_poll_interval_s=0.5)
    session.start()
    assert 0 <= session.next_deadline() <= 0.5


def test_next_deadline_hits_a_cue_between_seconds(fake_clock) -> None:
    session, _, _ = make(b.hold("One", 30), clock=fake_clock)
    cue_at = next(c.at_s for c in session.cues if c.at_s % 1)  # e.g. a cue moved to 0.61 s
    session.start()
    fake_clock.advance(cue_at - 0.1)
    session.poll()
    assert session.next_deadline() == pytest.approx(0.1)


# -- pause and resume -------------------------------------------------------------------


def test_pause_freezes_the_position_and_resume_continues_from_it(fake_clock) -> None:
    session, events, _ = three_blocks(fake_clock)
    session.start()
    run_for(session, fake_clock, 7.25)
    assert session.pause()
    assert events.of(Paused)[-1] == Paused(7.25, PauseReason.USER)
    events.clear()
    fake_clock.advance(600)
    session.poll()
    assert events.events == [] and session.position_s == 7.25
    assert session.resume()
    assert events.of(Resumed) == [Resumed(7.25)]
    run_for(session, fake_clock, 2.75)
    assert session.position_s == 10
    assert not session.resume()


def test_paused_time_is_not_counted_as_done(fake_clock) -> None:
    session, _, _ = three_blocks(fake_clock)
    session.start()
    run_for(session, fake_clock, 8)
    session.pause()
    fake_clock.advance(300)
    session.resume()
    run_for(session, fake_clock, 42)
    record = session.record()
    assert record.status is SessionStatus.COMPLETED
    assert record.done_s == pytest.approx(50)
    assert [s.done_s for s in record.steps] == pytest.approx([15, 20, 15])


def test_toggle_pause_flips(fake_clock) -> None:
    session, _, _ = three_blocks(fake_clock)
    session.start()
    assert session.toggle_pause() and session.state is SessionState.PAUSED
    assert session.toggle_pause() and session.state is SessionState.RUNNING


# -- next, back, restart ----------------------------------------------------------------


def test_next_mid_hold_jumps_to_the_next_block_and_marks_the_step_skipped(fake_clock) -> None:
    session, events, _ = three_blocks(fake_clock)
    session.start()
    run_for(session, fake_clock, 9)  # 4 s into the first 10 s hold
    events.clear()
    assert session.next()
    assert events.segments() == [(K.REST, 15)]
    assert events.said()[0] == "Rest."  # cues at the new position fire at once
    assert session.position_s == 15
    run_for(session, fake_clock, 1)
    assert session.position_s == 16
    record = session.record()
    assert record.steps[0].skipped and record.steps[0].done_s == pytest.approx(9)
    assert not record.steps[1].skipped


def test_next_during_a_rest_skips_the_rest(fake_clock) -> None:
    session, _, _ = three_blocks(fake_clock)
    session.start()
    run_for(session, fake_clock, 20)  # in the rest
    session.next()
    assert (session.current_segment.kind, session.current_segment.exercise) == (K.PREPARE, "Two")
    session_record = session.record()
    assert session_record.steps[1].skipped
    assert session_record.steps[1].done_s == pytest.approx(5)


def test_next_on_the_last_block_finishes_with_the_skip_recorded(fake_clock) -> None:
    session, events, _ = three_blocks(fake_clock)
    session.start()
    run_for(session, fake_clock, 42)  # 2 s into the last 10 s hold
    session.next()
    assert session.state is SessionState.FINISHED
    record = events.of(Finished)[0].record
    assert record.status is SessionStatus.PARTLY_DONE  # 12 of 20 s of exercise: under 80 %
    assert [s.skipped for s in record.steps] == [False, False, True]
    assert not session.next()


def test_back_from_an_exercise_goes_to_the_previous_exercise_over_the_rest(fake_clock) -> None:
    session, events, _ = three_blocks(fake_clock)
    session.start()
    run_for(session, fake_clock, 37.5)  # in "Two"
    events.clear()
    assert session.previous()
    assert events.segments() == [(K.PREPARE, 0)]
    assert session.current_segment.exercise == "One"


def test_back_from_a_rest_redoes_the_exercise_before_it(fake_clock) -> None:
    session, _, _ = three_blocks(fake_clock)
    session.start()
    run_for(session, fake_clock, 18)
    session.previous()
    assert (session.position_s, session.current_segment.exercise) == (0, "One")


def test_back_at_the_first_exercise_restarts_it(fake_clock) -> None:
    session, _, _ = three_blocks(fake_clock)
    session.start()
    run_for(session, fake_clock, 12)
    session.previous()
    assert session.position_s == 0 and session.state is SessionState.RUNNING


def test_restart_goes_back_to_the_preparation_and_says_its_cues_again(fake_clock) -> None:
    session, events, _ = three_blocks(fake_clock)
    session.start()
    run_for(session, fake_clock, 41)  # 1 s into the hold of "Two"
    events.clear()
    assert session.restart_step()
    assert session.position_s == 35
    assert events.said()[0] == "Next: Two."
    run_for(session, fake_clock, 15)
    record = session.record()
    assert record.status is SessionStatus.COMPLETED
    assert record.steps[2].done_s == pytest.approx(21)  # 6 s before restarting, 15 after
    assert not record.steps[2].skipped


def test_skipped_step_done_later_is_no_longer_skipped(fake_clock) -> None:
    session, _, _ = three_blocks(fake_clock)
    session.start()
    run_for(session, fake_clock, 6)
    session.next()  # skip "One"
    session.previous()  # and come back to it
    run_for(session, fake_clock, 15)
    assert not session.record().steps[0].skipped


def test_commands_while_paused_move_but_stay_paused(fake_clock) -> None:
    session, events, _ = three_blocks(fake_clock)
    session.start()
    run_for(session, fake_clock, 3)
    session.pause()
    events.clear()
    session.next()
    assert session.state is SessionState.PAUSED and session.position_s == 15
    assert events.said() == []  # nothing is said while paused
    fake_clock.advance(30)
    session.resume()
    assert events.said()[0] == "Rest."
    run_for(session, fake_clock, 2)
    assert session.position_s == 17


# -- sleep ------------------------------------------------------------------------------


def test_a_monotonic_jump_pauses_where_the_last_poll_left_off(fake_clock) -> None:
    session, events, _ = three_blocks(fake_clock)
    session.start()
    run_for(session, fake_clock, 8)
    events.clear()
    fake_clock.advance(3600)  # the monotonic clock kept running through sleep
    session.poll()
    assert session.state is SessionState.PAUSED
    assert events.events == [Paused(8, PauseReason.SLEEP)]
    assert session.position_s == 8
    session.resume()
    run_for(session, fake_clock, 1)
    assert session.position_s == 9
    assert session.record().done_s == pytest.approx(9)


def test_wall_time_running_away_from_monotonic_time_pauses_too(fake_clock) -> None:
    session, events, _ = three_blocks(fake_clock)
    session.start()
    run_for(session, fake_clock, 8)
    fake_clock.sleep_for(1800)  # suspended: monotonic stood still, the wall clock did not
    fake_clock.advance(0.25)
    session.poll()
    assert events.of(Paused)[-1] == Paused(8, PauseReason.SLEEP)
    assert session.position_s == 8


def test_a_normal_gap_between_polls_is_not_sleep(fake_clock) -> None:
    session, events, _ = three_blocks(fake_clock)
    session.start()
    fake_clock.advance(4.5)
    session.poll()
    assert not events.of(Paused) and session.position_s == 4.5


def test_cues_found_far_too_late_are_dropped_not_spoken_out_of_time(fake_clock) -> None:
    session, events, _ = make(b.hold("One", 30), clock=fake_clock, stale_cue_s=1.0, sleep_gap_s=10)
    session.start()
    run_for(session, fake_clock, 25)
    events.clear()
    fake_clock.advance(4.5)  # the countdown at 27, 28 and 29 s falls due at once
    session.poll()
    countdown = [e for e in events.of(CueDue) if e.cue.role is CueRole.COUNTDOWN]
    assert [e.cue.text for e in countdown if e.cue.kind is CueKind.SPEECH] == ["1"]
    assert session.dropped_cues >= 2


# -- self-paced sets --------------------------------------------------------------------


def self_paced(clock: FakeClock):
    # 10 reps at ~3 s = a 30 s estimate, two sets with 20 s rest, then a 10 s hold.
    return make(
        b.reps("Superman", count=10, sets=2, rest_s=20, self_paced=True, rep_s=3),
        b.hold("After", 10),
        clock=clock,
    )


def test_done_early_ends_the_set_at_once(fake_clock) -> None:
    session, events, _ = self_paced(fake_clock)
    session.start()
    run_for(session, fake_clock, 12)
    events.clear()
    assert session.done()
    assert events.segments() == [(K.SET_REST, 30)]
    assert "Press done when you have finished the set." not in events.said()
    assert session.position_s == 30
    record = session.record()
    assert record.steps[0].done_reps == 10
    assert record.steps[0].done_s == pytest.approx(12)


def test_when_the_estimate_runs_out_the_session_waits_for_done(fake_clock) -> None:
    session, events, _ = self_paced(fake_clock)
    session.start()
    run_for(session, fake_clock, 30)
    assert session.state is SessionState.WAITING
    assert [e.segment.kind for e in events.of(WaitingForDone)] == [K.AWAIT_DONE]
    assert events.said()[-1] == "Press done when you have finished the set."
    run_for(session, fake_clock, 20)
    assert session.position_s == 30  # the timeline stands still
    assert events.of(Progress)[-1].waiting_s == pytest.approx(20)
    assert session.next_deadline() == session.max_poll_interval_s
    assert session.done()
    assert session.state is SessionState.RUNNING
    run_for(session, fake_clock, 5)
    assert session.position_s == 35
    record = session.record()
    assert record.steps[0].done_s == pytest.approx(55)  # 30 + 20 waited + 5 resting
    assert record.steps[0].done_reps == 10


def test_pausing_while_waiting_resumes_into_waiting(fake_clock) -> None:
    session, _, _ = self_paced(fake_clock)
    session.start()
    run_for(session, fake_clock, 31)
    session.pause()
    fake_clock.advance(100)
    session.resume()
    assert session.state is SessionState.WAITING
    run_for(session, fake_clock, 4)
    session.done()
    assert session.record().steps[0].done_s == pytest.approx(35)


def test_done_outside_a_self_paced_set_does_nothing(fake_clock) -> None:
    session, _, _ = three_blocks(fake_clock)
    session.start()
    run_for(session, fake_clock, 6)
    assert not session.done()
    assert session.position_s == 6


def test_a_listener_may_answer_waiting_with_done(fake_clock) -> None:
    session, events, _ = self_paced(fake_clock)

    def press_done(event: SessionEvent) -> None:
        if isinstance(event, WaitingForDone):
            session.done()

    session.subscribe(press_done)
    session.start()
    run_for(session, fake_clock, 30)
    assert session.state is SessionState.RUNNING
    waited = next(i for i, e in enumerate(events.events) if isinstance(e, WaitingForDone))
    following = events.events[waited + 1 :]
    rest = next(e for e in following if isinstance(e, SegmentStarted))
    assert rest.segment.kind is K.SET_REST
    assert session.position_s == 30


# -- stopping and the record ------------------------------------------------------------


def test_stop_ends_early_and_records_what_was_done(fake_clock) -> None:
    session, events, _ = three_blocks(fake_clock)
    session.start()
    run_for(session, fake_clock, 25)
    assert session.stop()
    assert session.state is SessionState.STOPPED
    (stopped,) = events.of(Stopped)
    record = stopped.record
    assert record.status is SessionStatus.STOPPED_EARLY
    assert record.ended_at == pytest.approx(record.started_at + 25)
    assert [s.done_s for s in record.steps] == pytest.approx([15, 10, 0])
    assert [s.skipped for s in record.steps] == [False, False, False]
    assert not session.next() and not session.stop()


def test_stop_for_pain_is_recorded_as_such(fake_clock) -> None:
    session, _, _ = three_blocks(fake_clock)
    session.start()
    session.stop(SessionStatus.STOPPED_FOR_PAIN)
    assert session.record().status is SessionStatus.STOPPED_FOR_PAIN
    with pytest.raises(ValueError):
        session.stop(SessionStatus.COMPLETED)


def test_record_carries_the_routine_and_planned_against_done(fake_clock) -> None:
    step = b.reps("Bridge", count=4, sets=2, rest_s=5, tempo=Tempo(up_s=1, down_s=1))
    session, _, timeline = make(step, b.hold("Plank", 10), clock=fake_clock)
    session.start()
    run_for(session, fake_clock, 5)  # 2 reps and a half of set 1
    session.next()
    run_for(session, fake_clock, 10)
    record = session.record()
    assert (record.routine_id, record.routine_title, record.routine_kind) == (
        "test-routine",
        "Test",
        "custom",
    )
    assert record.planned_s == timeline.total_s == 8 + 5 + 8 + 10
    assert record.started_at == pytest.approx(1_780_000_000.0)
    bridge, plank = record.steps
    assert (bridge.pointer, bridge.name, bridge.planned_reps, bridge.done_reps) == (
        "/steps/0",
        "Bridge",
        8,
        2,
    )
    assert bridge.skipped and bridge.planned_s == 21 and bridge.done_s == pytest.approx(5)
    assert (plank.planned_reps, plank.done_reps, plank.skipped) == (None, None, False)
    assert record.source == "gui"
    assert record.status is SessionStatus.PARTLY_DONE  # 2 of 8 bridges: the work was not done


def test_record_counts_reps_of_alternating_sides_per_side(fake_clock) -> None:
    step = b.reps("Bird dog", count=2, sides=Sides.ALTERNATING, tempo=Tempo(up_s=1, down_s=1))
    session, _, _ = make(step, clock=fake_clock)
    session.start()
    run_for(session, fake_clock, 8)
    assert session.record().steps[0].done_reps == 4


def test_unsubscribe_stops_the_events(fake_clock) -> None:
    session, _, _ = three_blocks(fake_clock)
    seen: list[SessionEvent] = []
    unsubscribe = session.subscribe(seen.append)
    session.start()
    unsubscribe()
    count = len(seen)
    run_for(session, fake_clock, 5)
    assert len(seen) == count > 0
