"""Which suggestions are due, and "Not now" remembered until the routine's next session."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from backcoach.core.history.store import HistoryStore
from backcoach.core.playback.record import SessionStatus
from backcoach.core.progression.queue import (
    dismiss,
    dismissed_path,
    due_suggestions,
    load_dismissed,
)
from backcoach.core.progression.suggestions import SuggestionKind
from backcoach.core.routine.catalog import load_catalog
from tests.history_records import make_record

TODAY = date(2026, 11, 18)
UTC = timezone.utc


def _at(days_ago: int, hour: int = 18) -> datetime:
    day = TODAY - timedelta(days=days_ago)
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def test_due_suggestions_newest_routine_first_and_put_off_until_a_new_session() -> None:
    catalog = load_catalog()
    strength = catalog.find("strength-beginner")
    stretch = catalog.find("stretch-flow")
    with HistoryStore() as store:
        for n in (5, 3, 2):
            store.add(
                make_record(
                    _at(n),
                    routine_id=strength.routine_id,
                    content_hash=strength.content_hash,
                    pain=1,
                )
            )
        store.add(
            make_record(
                _at(1),
                routine_id=stretch.routine_id,
                kind="stretch",
                status=SessionStatus.STOPPED_FOR_PAIN,
                pain=1,
            )
        )
        due = due_suggestions(store, catalog.routines, TODAY, load_dismissed())
        assert [(p.routine.routine_id, p.suggestion.kind) for p in due] == [
            ("stretch-flow", SuggestionKind.EASE_OFF),
            ("strength-beginner", SuggestionKind.PROGRESS),
        ]
        dismiss(due[1])
        assert [
            p.routine.routine_id
            for p in due_suggestions(store, catalog.routines, TODAY, load_dismissed())
        ] == ["stretch-flow"]
        store.add(
            make_record(
                _at(0), routine_id=strength.routine_id, content_hash=strength.content_hash, pain=0
            )
        )
        again = due_suggestions(store, catalog.routines, TODAY, load_dismissed())
        assert "strength-beginner" in [p.routine.routine_id for p in again]
        assert due_suggestions(store, catalog.routines, TODAY + timedelta(days=40)) == []


def test_an_unreadable_dismissal_file_means_nothing_was_put_off() -> None:
    path = dismissed_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\xff{not json")
    assert load_dismissed() == []
    path.write_text('{"a": 1}')
    assert load_dismissed() == []
