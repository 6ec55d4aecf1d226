"""History statistics: days, streaks and weeks as the user saw the clock, midnight and DST."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from backcoach.core.history.localtime import local_day
from backcoach.core.history.stats import (
    compute_history,
    list_sessions,
    session_detail,
    streaks,
)
from backcoach.core.history.store import BreakKind, HistoryStore
from backcoach.core.playback.record import SessionStatus
from tests.history_records import make_record

CPH = ZoneInfo("Europe/Copenhagen")
TOKYO = ZoneInfo("Asia/Tokyo")
NEW_YORK = ZoneInfo("America/New_York")


def at(zone: ZoneInfo, *args: int) -> datetime:
    return datetime(*args, tzinfo=zone)


@pytest.fixture
def store():
    with HistoryStore() as opened:
        yield opened


def test_a_daily_streak_runs_through_the_spring_dst_change(store) -> None:
    # Clocks in Copenhagen jump from 02:00 to 03:00 on 2026-03-29.
    for day in range(23, 33):
        when = at(CPH, 2026, 3, 1, 7, 0) + timedelta(days=day)  # 24-31 March, 1-2 April
        store.add(make_record(when))
    view = compute_history(store, date(2026, 4, 2))
    assert (view.current_streak, view.longest_streak) == (10, 10)
    assert date(2026, 3, 29) in view.minutes_by_day


def test_just_after_midnight_counts_for_the_new_local_day_on_the_dst_night(store) -> None:
    # 00:30 on 29 March in Copenhagen is 23:30 UTC on the 28th.
    store.add(make_record(at(CPH, 2026, 3, 29, 0, 30), done_s=1200))
    # 02:30 on 25 October happens twice; the second time is 01:30 UTC.
    store.add(make_record(_second_230()))
    view = compute_history(store, date(2026, 10, 25))
    assert view.minutes_by_day[date(2026, 3, 29)] == pytest.approx(20.0)
    assert date(2026, 3, 28) not in view.minutes_by_day
    assert date(2026, 10, 25) in view.minutes_by_day


def _second_230() -> datetime:
    return datetime(2026, 10, 25, 2, 30, fold=1, tzinfo=CPH)


def test_a_late_session_running_past_midnight_belongs_to_the_evening_it_began(store) -> None:
    store.add(make_record(at(CPH, 2026, 6, 10, 23, 50), done_s=1800))
    view = compute_history(store, date(2026, 6, 11))
    assert view.minutes_by_day == {date(2026, 6, 10): pytest.approx(30.0)}
    assert view.current_streak == 1  # it reached yesterday: still alive today


def test_each_session_keeps_the_day_of_the_zone_it_was_done_in(store) -> None:
    # 08:00 in Tokyo on 1 July is 23:00 UTC on 30 June; the user was travelling.
    store.add(make_record(at(TOKYO, 2026, 7, 1, 8, 0)))
    # 21:00 in New York on 2 July is 01:00 UTC on 3 July.
    store.add(make_record(at(NEW_YORK, 2026, 7, 2, 21, 0)))
    view = compute_history(store, date(2026, 7, 2))
    assert set(view.minutes_by_day) == {date(2026, 7, 1), date(2026, 7, 2)}
    assert (view.current_streak, view.longest_streak) == (2, 2)


def test_streak_breaks_after_a_whole_day_without_a_completed_session(store) -> None:
    for day in (1, 2, 3, 5, 6):
        store.add(make_record(at(CPH, 2026, 6, day, 18, 0)))
    store.add(make_record(at(CPH, 2026, 6, 4, 18, 0), status=SessionStatus.STOPPED_EARLY))
    assert compute_history(store, date(2026, 6, 6)).current_streak == 2
    assert compute_history(store, date(2026, 6, 7)).current_streak == 2
    view = compute_history(store, date(2026, 6, 8))
    assert (view.current_streak, view.longest_streak) == (0, 3)


PLAIN_DAYS = [date(2026, 1, d) for d in (1, 2, 3, 10, 11)]


@pytest.mark.parametrize(
    ("days", "today", "expected"),
    [
        pytest.param(PLAIN_DAYS, date(2026, 1, 11), (2, 3), id="today-counts"),
        pytest.param(PLAIN_DAYS, date(2026, 1, 12), (2, 3), id="yesterday-still-counts"),
        pytest.param(PLAIN_DAYS, date(2026, 1, 13), (0, 3), id="a-whole-day-missed"),
        pytest.param([], date(2026, 1, 1), (0, 0), id="no-days"),
    ],
)
def test_streaks_of_plain_days(days: list[date], today: date, expected: tuple[int, int]) -> None:
    assert streaks(days, today) == expected


def test_weekly_minutes_cover_twelve_weeks_from_monday_and_respect_local_midnight(store) -> None:
    # Monday 00:30 in Copenhagen (winter) is Sunday 23:30 UTC: it belongs to the new week.
    store.add(make_record(at(CPH, 2026, 11, 16, 0, 30), done_s=600))
    # Sunday 23:30 the day before belongs to the old week.
    store.add(make_record(at(CPH, 2026, 11, 15, 23, 30), done_s=1200))
    # The week with the 25-hour day at the end of DST.
    store.add(make_record(at(CPH, 2026, 10, 24, 9, 0), done_s=300))
    store.add(make_record(_second_230(), done_s=300))
    # Thirteen weeks back: outside the chart.
    store.add(make_record(at(CPH, 2026, 8, 20, 9, 0), done_s=3000))
    view = compute_history(store, date(2026, 11, 22))
    weeks = view.weekly_minutes
    assert len(weeks) == 12
    assert weeks[-1].week_start == date(2026, 11, 16)
    assert weeks[0].week_start == date(2026, 8, 31)
    assert all(w.week_start.weekday() == 0 for w in weeks)
    minutes = {w.week_start: w.minutes for w in weeks}
    assert minutes[date(2026, 11, 16)] == pytest.approx(10.0)
    assert minutes[date(2026, 11, 9)] == pytest.approx(20.0)
    assert minutes[date(2026, 10, 19)] == pytest.approx(10.0)
    assert sum(minutes.values()) == pytest.approx(40.0)
    assert view.total_minutes == pytest.approx(90.0)


def test_desk_breaks_are_counted_apart_from_the_training_streak(store) -> None:
    day = date(2026, 6, 3)  # a Wednesday
    desk = {"routine_id": "desk-break", "kind": "desk-break", "done_s": 90.0}
    store.add(make_record(at(CPH, 2026, 6, 3, 10, 0), **desk))
    store.add(make_record(at(CPH, 2026, 6, 3, 14, 0), **desk))
    store.add(make_record(at(CPH, 2026, 6, 2, 14, 0), **desk))

    def event(kind: BreakKind, hour: int, routine: str | None = None, day_of_month: int = 3):
        when = at(CPH, 2026, 6, day_of_month, hour, 1)
        offset = int(when.utcoffset().total_seconds())
        store.log_break_event(kind, when.timestamp(), routine, utc_offset_s=offset)

    event(BreakKind.TAKEN, 10, "desk-break")  # the same break as the 10:00 session
    event(BreakKind.NATURAL, 11)
    event(BreakKind.SNOOZED, 12)
    event(BreakKind.SKIPPED, 13)
    event(BreakKind.IGNORED, 15)
    event(BreakKind.TAKEN, 9, day_of_month=1)  # Monday
    view = compute_history(store, day)
    assert view.current_streak == 0  # desk breaks are not training sessions
    desk_breaks = view.desk_breaks
    assert desk_breaks.per_day == {date(2026, 6, 1): 1, date(2026, 6, 2): 1, day: 3}
    assert (desk_breaks.today, desk_breaks.this_week) == (3, 5)
    assert (desk_breaks.current_streak, desk_breaks.longest_streak) == (3, 3)
    assert desk_breaks.events == {
        BreakKind.TAKEN: 2,
        BreakKind.NATURAL: 1,
        BreakKind.SNOOZED: 1,
        BreakKind.SKIPPED: 1,
        BreakKind.IGNORED: 1,
    }
    assert view.minutes_by_day[day] == pytest.approx(3.0)


def test_feedback_series_lists_answered_sessions_oldest_first(store) -> None:
    store.add(make_record(at(CPH, 2026, 6, 2, 8, 0), pain=3, effort=5))
    store.add(make_record(at(CPH, 2026, 6, 1, 8, 0), pain=2))
    store.add(make_record(at(CPH, 2026, 6, 3, 8, 0)))
    points = compute_history(store, date(2026, 6, 3)).feedback
    assert [(p.day, p.pain, p.effort) for p in points] == [
        (date(2026, 6, 1), 2, None),
        (date(2026, 6, 2), 3, 5),
    ]


def test_session_list_detail_and_routine_choices(store) -> None:
    first = store.add(make_record(at(CPH, 2026, 6, 1, 8, 0), routine_id="stretch-flow"))
    store.add(make_record(at(CPH, 2026, 6, 2, 8, 0), routine_id="core-circuit"))
    last = store.add(make_record(at(CPH, 2026, 6, 3, 8, 0), routine_id="stretch-flow"))
    view = compute_history(store, date(2026, 6, 3), recent=2)
    assert [s.session_id for s in view.recent_sessions] == [last, last - 1]
    assert view.session_count == 3 and view.completed_sessions == 3
    assert [r for r, _ in view.routines] == ["core-circuit", "stretch-flow"]
    stretch = list_sessions(store, routine_id="stretch-flow", until=date(2026, 6, 2))
    assert [s.session_id for s in stretch] == [first]
    assert stretch[0].start == at(CPH, 2026, 6, 1, 8, 0)
    detail = session_detail(store, last)
    assert detail.summary.day == date(2026, 6, 3)
    assert detail.end == at(CPH, 2026, 6, 3, 8, 10)
    assert len(detail.steps) == 3
    with pytest.raises(KeyError):
        session_detail(store, 999)


def test_an_empty_log_gives_an_empty_view(store) -> None:
    view = compute_history(store, date(2026, 6, 3))
    assert view.minutes_by_day == {} and view.recent_sessions == []
    assert (view.current_streak, view.longest_streak) == (0, 0)
    assert [w.minutes for w in view.weekly_minutes] == [0.0] * 12


def test_sql_and_python_agree_on_the_local_day_of_any_instant(store) -> None:
    rng = random.Random(5)
    instants = []
    for _ in range(300):
        epoch = rng.uniform(1_000_000_000, 2_000_000_000)
        offset = rng.choice((-36000, -18000, -12600, 0, 3600, 7200, 19800, 32400, 50400))
        instants.append((epoch, offset))
        store.log_break_event(BreakKind.TAKEN, epoch, utc_offset_s=offset)
    per_day = compute_history(store, date(2030, 1, 1)).desk_breaks.per_day
    expected: dict[date, int] = {}
    for epoch, offset in instants:
        day = local_day(epoch, offset)
        expected[day] = expected.get(day, 0) + 1
    assert per_day == expected


def test_nudge_answers_count_taken_snoozed_skipped_per_day_and_week() -> None:
    from datetime import date, datetime, timedelta, timezone

    from backcoach.core.history.stats import nudge_answers
    from backcoach.core.history.store import HistoryStore

    today = date(2026, 11, 18)  # a Wednesday
    cet = timezone(timedelta(hours=1))

    def when(day: date, hour: int) -> float:
        return datetime(day.year, day.month, day.day, hour, tzinfo=cet).timestamp()

    monday = date(2026, 11, 16)
    with HistoryStore() as store:
        store.log_break_event("taken", when(monday, 9), None, utc_offset_s=3600)
        store.log_break_event("snoozed", when(monday, 10), None, utc_offset_s=3600)
        store.log_break_event("ignored", when(monday, 11), None, utc_offset_s=3600)
        store.log_break_event("skipped", when(date(2026, 11, 15), 9), None, utc_offset_s=3600)
        days, weeks = nudge_answers(store, today, days=3, weeks=2)
    assert [(d.start, d.taken, d.snoozed, d.skipped) for d in days] == [
        (date(2026, 11, 16), 1, 1, 0),
        (date(2026, 11, 17), 0, 0, 0),
        (today, 0, 0, 0),
    ]
    assert [(w.start, w.total) for w in weeks] == [(date(2026, 11, 9), 1), (monday, 2)]
