"""A playing session kept in the log: begun, checkpointed, finished, and what a crash leaves."""

from __future__ import annotations

import pytest

from backcoach.config import paths
from backcoach.core.history.safe_log import SafeLog
from backcoach.core.history.store import HistoryStore
from backcoach.core.playback.record import SessionStatus
from backcoach.core.playback.recorder import SessionRecorder
from backcoach.core.playback.session import Session
from backcoach.core.playback.timeline import compile_routine
from tests import builders as b
from tests.core.history.test_history_store import read_only
from tests.fakes import FakeClock


def playing(clock: FakeClock, reports: list[str] | None = None):
    routine = b.routine(b.hold("One", 20), b.hold("Two", 20), b.hold("Three", 20), title="Tiny")
    session = Session(compile_routine(routine), clock=clock, source="headless")
    log = SafeLog((reports if reports is not None else []).append)
    return session, log, SessionRecorder(log, session)


def play_for(session: Session, clock: FakeClock, seconds: float, step: float = 0.5) -> None:
    for _ in range(int(seconds / step)):
        clock.advance(step)
        session.poll()


def logged(session_id: int):
    with HistoryStore() as other:
        return other.session(session_id).record


def test_a_session_is_begun_checkpointed_and_finished(fake_clock: FakeClock) -> None:
    session, log, recorder = playing(fake_clock)
    session.start()
    assert recorder.session_id is not None
    assert logged(recorder.session_id).status is SessionStatus.IN_PROGRESS
    play_for(session, fake_clock, 12)
    partway = logged(recorder.session_id)
    assert partway.status is SessionStatus.IN_PROGRESS
    assert 9 <= partway.done_s <= 12  # saved within the last 5 seconds
    play_for(session, fake_clock, 60)
    assert recorder.saved_id == recorder.session_id
    final = logged(recorder.saved_id)
    assert final.status is SessionStatus.COMPLETED
    assert final.source == "headless"
    assert [step.name for step in final.steps] == ["One", "Two", "Three"]
    assert final.done_s == pytest.approx(60, abs=1)
    log.close()


def test_a_stopped_session_is_saved_with_its_status(fake_clock: FakeClock) -> None:
    session, log, recorder = playing(fake_clock)
    session.start()
    play_for(session, fake_clock, 25)
    session.stop()
    assert recorder.saved_id is not None
    final = logged(recorder.saved_id)
    assert final.status is SessionStatus.STOPPED_EARLY
    assert final.steps[1].done_s == pytest.approx(5, abs=0.6)
    log.close()


def test_a_run_that_dies_leaves_an_interrupted_session_with_its_progress(
    fake_clock: FakeClock,
) -> None:
    session, log, recorder = playing(fake_clock)
    session.start()
    play_for(session, fake_clock, 31)  # into the second step, past a checkpoint
    log.close()  # the process is gone: its lock on the session is released
    record = logged(recorder.session_id)
    assert record.status is SessionStatus.INTERRUPTED
    assert record.steps[0].done_s == pytest.approx(20, abs=0.6)
    assert record.done_s >= 25


def test_an_unwritable_log_is_reported_once_and_the_session_plays_on(
    fake_clock: FakeClock,
) -> None:
    folder = paths.data_dir()
    folder.mkdir(parents=True)
    reports: list[str] = []
    with read_only(folder):
        session, log, recorder = playing(fake_clock, reports)
        session.start()
        play_for(session, fake_clock, 70)
        assert session.record().status is SessionStatus.COMPLETED
    assert recorder.saved_id is None
    assert len(reports) == 1 and "read-only" in reports[0]
    log.close()
