"""What the player shows, computed without a window: countdown, counters, next, breathing."""

from __future__ import annotations

import pytest

from backcoach.core.playback.cues import plan_cues
from backcoach.core.playback.display import (
    Breath,
    BreathState,
    Phase,
    countdown_text,
    next_text,
    player_display,
)
from backcoach.core.playback.session import Session
from backcoach.core.playback.timeline import SegmentKind, compile_routine
from backcoach.core.routine.model import BreathPattern, Sides
from tests import builders as b
from tests.fakes import FakeClock


@pytest.mark.parametrize(
    ("remaining", "text"),
    [
        (30.0, "30"),
        (29.01, "30"),
        (0.2, "1"),
        (0.0, "0"),
        (59.5, "60"),  # two digits fill the ring up to 99 s: readable from the mat
        (90.0, "90"),
        (99.0, "99"),
        (99.5, "1:40"),
        (120.0, "2:00"),
        (599.0, "9:59"),
        (599.5, "10"),  # from ten minutes on, whole minutes: "10:00" is too wide to be big
        (600.0, "10"),
        (600.5, "11"),
        (899.0, "15"),
    ],
)
def test_countdown_rounds_up_to_whole_seconds(remaining: float, text: str) -> None:
    assert countdown_text(remaining) == text


def session_of(*steps, clock: FakeClock) -> Session:
    timeline = compile_routine(b.routine(*steps))
    session = Session(timeline, plan_cues(timeline), clock)
    session.start()
    return session


def walk(session: Session, clock: FakeClock, seconds: float) -> None:
    for _ in range(round(seconds / 0.25)):
        clock.advance(0.25)
        session.poll()


def test_reps_show_the_rep_number_and_the_tempo_word(fake_clock) -> None:
    session = session_of(b.reps("Glute bridge", 12), clock=fake_clock)
    walk(session, fake_clock, 3.5)  # rep 2 (a rep takes 3 s: up 1, down 2), going up
    shown = player_display(session)
    assert (shown.big_text, shown.big_caption) == ("2", "of 12")
    assert shown.phase_label == "Up"
    assert shown.counters == ("Rep 2 of 12",)
    assert shown.phase is Phase.ACTIVE


@pytest.mark.parametrize(
    ("language", "caption"), [("en", "minutes left"), ("da", "minutter tilbage"), ("zh-TW", "分鐘")]
)
def test_a_long_hold_counts_whole_minutes_then_minutes_and_seconds(
    fake_clock, language: str, caption: str
) -> None:
    timeline = compile_routine(b.routine(b.hold("Rest on your back", 900)), language=language)
    session = Session(timeline, (), fake_clock)
    session.start()
    shown = player_display(session)
    assert (shown.big_text, shown.countdown_s) == ("15", 900)
    assert caption in shown.big_caption
    walk(session, fake_clock, 300.5)  # 599.5 s left: still "10" minutes, rounded up
    assert (player_display(session).big_text, player_display(session).countdown_s) == ("10", 600)
    walk(session, fake_clock, 0.5)
    shown = player_display(session)
    assert (shown.big_text, shown.big_caption, shown.countdown_s) == ("9:59", "", 599)


def test_only_a_time_counting_down_has_seconds_left(fake_clock) -> None:
    session = session_of(b.reps("Glute bridge", 12), clock=fake_clock)
    walk(session, fake_clock, 3.5)
    assert player_display(session).countdown_s is None  # a rep number is no time


def test_next_looks_past_rep_phases_to_the_next_set_or_exercise(fake_clock) -> None:
    timeline = compile_routine(
        b.routine(b.reps("Bridge", 2, sets=2, rest_s=20), b.hold("Plank", 30, prepare_s=5))
    )
    ups = [s for s in timeline.segments if s.kind is SegmentKind.REP_UP]
    assert next_text(timeline, ups[0]) == "Rest · 0:20"
    assert next_text(timeline, ups[-1]) == "Plank"
    rest = next(s for s in timeline.segments if s.kind is SegmentKind.SET_REST)
    assert next_text(timeline, rest) == "Set 2 of 2: 2 reps"


def test_a_rest_between_exercises_is_titled_with_what_follows(fake_clock) -> None:
    session = session_of(
        b.hold("Plank", 5),
        b.rest(30),
        b.hold("Bird dog", 5, instruction="Reach long, not high."),
        clock=fake_clock,
    )
    walk(session, fake_clock, 6)
    shown = player_display(session)
    assert shown.phase is Phase.REST
    assert shown.phase_label == "Rest"
    assert shown.title == "Next: Bird dog"
    assert shown.instruction == "Reach long, not high."  # a look ahead
    assert shown.next_text == ""


def test_sides_are_named_in_the_routine_language(fake_clock) -> None:
    timeline = compile_routine(
        b.routine(b.hold("Stretch", 20, sides=Sides.LEFT_RIGHT)), language="da"
    )
    session = Session(timeline, (), fake_clock)
    session.start()
    assert player_display(session).side == "venstre side"


def test_a_hold_with_breathing_guides_in_and_out(fake_clock) -> None:
    pattern = BreathPattern(inhale_s=4, hold_in_s=2, exhale_s=4)
    session = session_of(b.hold("Child's pose", 30, breathing=pattern), clock=fake_clock)
    walk(session, fake_clock, 2)
    inhale = player_display(session).breath
    assert inhale is not None and inhale.breath is Breath.IN
    assert inhale.fraction == pytest.approx(0.5)
    assert inhale.label == "Breathe in"
    walk(session, fake_clock, 3)  # 5 s: holding the breath in
    held = player_display(session).breath
    assert held.breath is Breath.HOLD_IN and held.size == 1.0
    walk(session, fake_clock, 3)  # 8 s: halfway out
    out = player_display(session).breath
    assert out.breath is Breath.OUT and out.size == pytest.approx(0.5)


def test_breath_size_grows_smoothly_on_inhale_and_mirrors_on_exhale() -> None:
    grow = [BreathState(Breath.IN, f / 10, "").size for f in range(11)]
    shrink = [BreathState(Breath.OUT, f / 10, "").size for f in range(11)]
    assert grow == sorted(grow) and grow[0] == 0.0 and grow[-1] == 1.0
    assert shrink == pytest.approx(list(reversed(grow)))


def test_a_plain_hold_has_no_breathing_guide(fake_clock) -> None:
    session = session_of(b.hold("Plank", 30), clock=fake_clock)
    assert player_display(session).breath is None


def test_routine_progress_and_time_left(fake_clock) -> None:
    session = session_of(b.hold("One", 30), b.hold("Two", 30), clock=fake_clock)
    walk(session, fake_clock, 15)
    shown = player_display(session)
    assert shown.routine_fraction == pytest.approx(0.25)
    assert shown.routine_left == "0:45 left"
    assert shown.ring_fraction == pytest.approx(0.5)
