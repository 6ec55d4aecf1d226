"""The library's "done N times" and "last done": completed sessions only, at their own clock."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from backcoach.core.history.store import HistoryStore
from backcoach.core.history.usage import routine_use
from backcoach.core.playback.record import SessionStatus
from tests.history_records import make_record

CPH = ZoneInfo("Europe/Copenhagen")
TOKYO = ZoneInfo("Asia/Tokyo")


def test_counts_completed_sessions_and_keeps_the_latest_start_at_its_own_offset() -> None:
    with HistoryStore() as store:
        store.add(make_record(datetime(2026, 5, 1, 7, 0, tzinfo=CPH), routine_id="warm-up"))
        store.add(make_record(datetime(2026, 5, 3, 8, 0, tzinfo=TOKYO), routine_id="warm-up"))
        store.add(make_record(datetime(2026, 5, 2, 9, 0, tzinfo=CPH), routine_id="warm-up"))
        store.add(make_record(datetime(2026, 5, 2, 9, 0, tzinfo=CPH), routine_id="desk-break"))
        use = routine_use(store)
    assert use["warm-up"].times_done == 3
    last = use["warm-up"].last_done
    assert (last.date().isoformat(), last.hour) == ("2026-05-03", 8)  # Tokyo's clock, not UTC
    assert use["desk-break"].times_done == 1


def test_stopped_interrupted_and_partly_done_sessions_are_not_done() -> None:
    with HistoryStore() as store:
        for status in (
            SessionStatus.STOPPED_EARLY,
            SessionStatus.STOPPED_FOR_PAIN,
            SessionStatus.PARTLY_DONE,
            SessionStatus.INTERRUPTED,
        ):
            store.add(make_record(routine_id="stretch-flow", status=status))
        store.add(make_record(routine_id="cool-down", status=SessionStatus.STOPPED_EARLY))
        store.add(make_record(routine_id="cool-down"))
        use = routine_use(store)
    assert "stretch-flow" not in use
    assert use["cool-down"].times_done == 1
