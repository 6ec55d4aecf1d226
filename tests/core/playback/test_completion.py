"""The completion rule: a session is completed only when the work was done."""

from __future__ import annotations

import pytest

from backcoach.core.playback.completion import StepOutcome, step_outcome
from backcoach.core.playback.cues import plan_cues
from backcoach.core.playback.record import SessionStatus, StepRecord
from backcoach.core.playback.session import Session, SessionState
from backcoach.core.playback.timeline import compile_routine
from tests import builders as b
from tests.fakes import FakeClock


def play(clock: FakeClock, *steps, plan: dict[float, str] | None = None, until: float = 600):
    """Play ``steps``, pressing the key ``plan`` gives at each time (n next, d done)."""
    timeline = compile_routine(b.routine(*steps))
    session = Session(timeline, plan_cues(timeline), clock)
    finished = []
    session.subscribe(lambda e: finished.append(e) if hasattr(e, "record") else None)
    session.start()
    plan = dict(plan or {})
    t = 0.0
    while session.state is not SessionState.FINISHED and t < until:
        clock.advance(0.25)
        t += 0.25
        session.poll()
        key = plan.pop(t, None)
        if key == "n":
            session.next()
        elif key == "d":
            session.done()
    assert session.state is SessionState.FINISHED
    return finished[-1].record


def four_exercises():
    return (
        b.hold("Knee to chest", 20),
        b.hold("Cat-cow", 20),
        b.hold("Bird dog", 20),
        b.hold("Bridge", 20),
    )


def test_playing_everything_through_is_completed(fake_clock) -> None:
    record = play(fake_clock, *four_exercises())
    assert record.status is SessionStatus.COMPLETED


def test_pressing_next_through_most_of_a_routine_is_only_partly_done(fake_clock) -> None:
    # The case: Next pressed through, 3 of 4 steps skipped at once.
    record = play(fake_clock, *four_exercises(), plan={20.25: "n", 20.5: "n", 20.75: "n"})
    assert record.status is SessionStatus.PARTLY_DONE
    outcomes = [step_outcome(step) for step in record.steps]
    assert outcomes == [StepOutcome.DONE] + [StepOutcome.SKIPPED] * 3


def test_one_exercise_skipped_entirely_is_partly_done_even_above_80_percent(fake_clock) -> None:
    steps = [b.hold(f"Hold {n}", 20) for n in range(9)] + [b.hold("Short", 2)]
    # Skip the 2 s hold at once: 180 of 182 s done (99 %) but one exercise not done at all.
    record = play(fake_clock, *steps, plan={180.0: "n"})
    assert record.status is SessionStatus.PARTLY_DONE


def test_cutting_one_hold_short_but_doing_80_percent_is_completed(fake_clock) -> None:
    # 20 + 20 + 20 + 5 = 65 of 80 s is 81 %, and no exercise was skipped entirely.
    record = play(fake_clock, *four_exercises(), plan={65.0: "n"})
    assert record.status is SessionStatus.COMPLETED
    assert step_outcome(record.steps[-1]) is StepOutcome.SKIPPED


def test_a_self_paced_set_ended_early_with_done_counts_in_full(fake_clock) -> None:
    record = play(fake_clock, b.reps("Superman", 10, self_paced=True), plan={5.0: "d"})
    assert record.status is SessionStatus.COMPLETED


@pytest.mark.parametrize(
    ("step", "outcome"),
    [
        (StepRecord("/steps/0", "Bridge", 30, 0, planned_reps=10, done_reps=0), "Not reached"),
        (
            StepRecord("/steps/0", "Bridge", 30, 0, planned_reps=10, done_reps=0, skipped=True),
            "Skipped",
        ),
        (StepRecord("/steps/0", "Bridge", 30, 12, planned_reps=10, done_reps=4), "Partly done"),
        (StepRecord("/steps/0", "Bridge", 30, 30, planned_reps=10, done_reps=10), "Done"),
        (StepRecord("/steps/1", "Plank", 20, 0), "Not reached"),
        (StepRecord("/steps/1", "Plank", 20, 8), "Partly done"),
        (StepRecord("/steps/1", "Plank", 20, 20), "Done"),
    ],
)
def test_each_step_outcome_as_the_history_shows_it(step: StepRecord, outcome: str) -> None:
    assert step_outcome(step).value == outcome


def test_partly_done_sessions_do_not_extend_the_streak() -> None:
    from datetime import date, datetime

    from backcoach.core.history.stats import compute_history
    from backcoach.core.history.store import HistoryStore
    from tests.history_records import make_record

    with HistoryStore() as store:
        for day in (27, 28, 29):
            store.add(make_record(datetime(2026, 11, day, 12), status=SessionStatus.COMPLETED))
        store.add(make_record(datetime(2026, 11, 30, 12), status=SessionStatus.PARTLY_DONE))
        view = compute_history(store, date(2026, 11, 30))
    assert view.session_count == 4
    assert view.current_streak == 3
