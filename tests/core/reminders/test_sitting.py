"""The sitting tracker with a fake clock and idle source: whole working days in milliseconds."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from backcoach.config.settings import Settings
from backcoach.core.reminders.sitting import (
    POLL_MAX_S,
    ROUTINE_HOLD_MAX_S,
    EventKind,
    SittingEvent,
    SittingTracker,
    TrackerConfig,
)
from backcoach.core.reminders.working_hours import WorkingHours
from tests.fakes import FakeBreakLog, FakeClock, FakeIdleSource

MIN = 60.0
CPH = ZoneInfo("Europe/Copenhagen")


class Desk:
    """A person at a desk: the clock, their input, the tracker and its log, moved together."""

    def __init__(
        self,
        config: TrackerConfig | None = None,
        *,
        start: datetime | None = None,
        measures: bool = True,
        quiet=None,
    ) -> None:
        wall = (start or datetime(2026, 11, 23, 10, 0, tzinfo=CPH)).timestamp()
        self.clock = FakeClock(wall=wall)
        self.idle = FakeIdleSource(self.clock, measures=measures)
        self.log = FakeBreakLog()
        self.tracker = SittingTracker(
            self.clock, self.idle, config, quiet=quiet, break_log=self.log, tz=CPH
        )
        self.start_wall = wall

    def pass_time(self, seconds: float, *, typing: bool = True) -> list[SittingEvent]:
        """Let ``seconds`` pass, polling exactly as the tracker asks; type before each poll."""
        events: list[SittingEvent] = []
        end = self.clock.monotonic() + seconds
        while self.clock.monotonic() < end - 1e-9:
            step = min(self.tracker.next_check_in(), end - self.clock.monotonic())
            self.clock.advance(step)
            if typing:
                self.idle.touch()
            events += self.tracker.poll()
        return events

    def minutes_since_start(self, event: SittingEvent) -> float:
        return (event.at - self.start_wall) / MIN


def kinds(events: list[SittingEvent]) -> list[EventKind]:
    return [event.kind for event in events]


def test_steady_activity_nudges_after_thirty_minutes_and_not_before() -> None:
    desk = Desk()
    assert desk.pass_time(29 * MIN + 59) == []
    assert desk.tracker.time_until_due() == pytest.approx(1.0)
    events = desk.pass_time(1)
    assert kinds(events) == [EventKind.DUE]
    assert events[0].sitting_s == pytest.approx(30 * MIN)


def test_short_idle_gaps_count_as_sitting() -> None:
    desk = Desk()
    desk.pass_time(10 * MIN)
    assert desk.pass_time(4 * MIN + 50, typing=False) == []  # reading, under the 5 min threshold
    events = desk.pass_time(30 * MIN)
    due = [e for e in events if e.kind is EventKind.DUE]
    assert len(due) == 1
    assert desk.minutes_since_start(due[0]) == pytest.approx(30, abs=0.05)


def test_idle_past_threshold_is_a_natural_break_and_the_count_restarts() -> None:
    desk = Desk()
    desk.pass_time(25 * MIN)
    away = desk.pass_time(6 * MIN, typing=False)
    assert kinds(away) == [EventKind.BREAK]
    assert away[0].reason == "idle"
    assert desk.log.kinds == ["natural"]
    assert desk.tracker.status().away
    # back at the desk: a full interval before the next nudge
    assert desk.pass_time(29 * MIN) == []
    events = desk.pass_time(2 * MIN)
    assert kinds(events) == [EventKind.DUE]


def test_a_long_absence_logs_one_break_not_one_per_poll() -> None:
    desk = Desk()
    desk.pass_time(10 * MIN)
    events = desk.pass_time(3 * 60 * MIN, typing=False)
    assert kinds(events) == [EventKind.BREAK]
    assert desk.log.kinds == ["natural"]


def test_custom_idle_threshold() -> None:
    desk = Desk(TrackerConfig(idle_threshold_s=10 * MIN))
    desk.pass_time(20 * MIN)
    assert desk.pass_time(8 * MIN, typing=False) == []
    assert kinds(desk.pass_time(2 * MIN)) == [EventKind.DUE]


def test_sleep_is_a_break_when_monotonic_time_stops() -> None:
    desk = Desk()
    desk.pass_time(20 * MIN)
    desk.clock.sleep_for(45 * MIN)  # wall time jumps, monotonic does not (Linux suspend)
    desk.idle.touch()  # the user opens the lid and types at once
    events = desk.tracker.poll()
    assert kinds(events) == [EventKind.BREAK]
    assert events[0].reason == "sleep"
    assert desk.tracker.time_until_due() == pytest.approx(30 * MIN)


def test_sleep_is_a_break_when_monotonic_time_runs_on() -> None:
    # Windows and macOS keep monotonic time running in sleep; with no idle reading,
    # only the gap between polls gives the sleep away.
    desk = Desk(measures=False)
    desk.pass_time(20 * MIN)
    desk.clock.sleep_for(40 * MIN, monotonic_moves=True)
    events = desk.tracker.poll()
    assert [(e.kind, e.reason) for e in events] == [(EventKind.BREAK, "sleep")]


def test_a_short_wall_clock_correction_is_not_sleep() -> None:
    desk = Desk()
    desk.pass_time(20 * MIN)
    desk.clock.sleep_for(5)  # NTP stepped the clock by 5 s
    desk.idle.touch()
    assert desk.tracker.poll() == []
    assert desk.tracker.sitting_seconds() == pytest.approx(20 * MIN)


def test_screen_lock_is_a_break_even_if_short() -> None:
    desk = Desk()
    desk.pass_time(20 * MIN)
    desk.idle.locked = True
    desk.clock.advance(POLL_MAX_S)
    events = desk.tracker.poll()
    assert [(e.kind, e.reason) for e in events] == [(EventKind.BREAK, "locked")]
    desk.idle.locked = False
    assert desk.pass_time(29 * MIN) == []


def test_without_idle_measurement_every_unlocked_minute_counts() -> None:
    desk = Desk(measures=False)
    assert desk.pass_time(20 * MIN, typing=False) == []
    assert not desk.tracker.status().idle_measured
    assert kinds(desk.pass_time(10 * MIN, typing=False)) == [EventKind.DUE]


def test_snooze_brings_the_nudge_back_five_minutes_later() -> None:
    desk = Desk()
    desk.pass_time(30 * MIN)
    desk.tracker.snooze()
    assert desk.log.kinds == ["snoozed"]
    assert not desk.tracker.status().nudge_open
    assert desk.pass_time(4 * MIN + 59) == []
    events = desk.pass_time(1)
    assert kinds(events) == [EventKind.DUE]
    assert desk.minutes_since_start(events[0]) == pytest.approx(35)


def test_skip_waits_a_whole_interval() -> None:
    desk = Desk()
    desk.pass_time(30 * MIN)
    desk.tracker.skip()
    assert desk.log.kinds == ["skipped"]
    assert desk.pass_time(29 * MIN) == []
    events = desk.pass_time(1 * MIN)
    assert kinds(events) == [EventKind.DUE]
    assert desk.minutes_since_start(events[0]) == pytest.approx(60)


def test_an_ignored_nudge_repeats_every_five_minutes_three_times_then_gives_up() -> None:
    desk = Desk()
    events = desk.pass_time(60 * MIN)
    assert [(e.kind, e.repeat, round(desk.minutes_since_start(e))) for e in events] == [
        (EventKind.DUE, 0, 30),
        (EventKind.REPEAT, 1, 35),
        (EventKind.REPEAT, 2, 40),
        (EventKind.REPEAT, 3, 45),
        (EventKind.IGNORED, 0, 50),
    ]
    assert desk.log.kinds == ["ignored"]
    # the next cycle starts an interval after giving up
    events = desk.pass_time(20 * MIN)
    assert [(e.kind, round(desk.minutes_since_start(e))) for e in events] == [(EventKind.DUE, 80)]


def test_walking_away_from_an_open_nudge_closes_it() -> None:
    desk = Desk()
    desk.pass_time(30 * MIN)
    events = desk.pass_time(7 * MIN, typing=False)
    assert [e.kind for e in events] == [EventKind.BREAK]
    assert not desk.tracker.status().nudge_open


def test_start_desk_break_logs_it_and_restarts_the_count() -> None:
    desk = Desk()
    desk.pass_time(30 * MIN)
    desk.tracker.take_break("desk-break")
    assert desk.log.events[-1][0] == "taken"
    assert desk.log.events[-1][2] == "desk-break"
    assert not desk.tracker.status().nudge_open
    assert desk.pass_time(29 * MIN) == []
    assert kinds(desk.pass_time(1 * MIN)) == [EventKind.DUE]


def test_no_nudge_while_a_routine_plays() -> None:
    desk = Desk()
    desk.pass_time(20 * MIN)
    desk.tracker.routine_started()
    assert desk.pass_time(40 * MIN) == []  # a long routine at the desk: no nudge on top of it
    desk.tracker.routine_completed()
    assert desk.tracker.time_until_due() == pytest.approx(30 * MIN)
    assert kinds(desk.pass_time(30 * MIN)) == [EventKind.DUE]


def test_a_player_that_never_reports_the_end_does_not_silence_reminders_forever() -> None:
    desk = Desk()
    desk.tracker.routine_started()
    events = desk.pass_time(ROUTINE_HOLD_MAX_S + POLL_MAX_S)
    assert kinds(events) == [EventKind.DUE]


def test_any_routine_completed_counts_as_a_break() -> None:
    desk = Desk()
    desk.pass_time(25 * MIN)
    desk.tracker.routine_completed()
    assert desk.pass_time(29 * MIN) == []
    assert kinds(desk.pass_time(1 * MIN)) == [EventKind.DUE]


def test_a_routine_stopped_early_does_not_reset_the_count() -> None:
    desk = Desk()
    desk.pass_time(20 * MIN)
    desk.tracker.routine_started()
    desk.pass_time(15 * MIN)
    desk.tracker.routine_stopped()
    events = desk.pass_time(POLL_MAX_S)
    assert kinds(events) == [EventKind.DUE]


def test_pause_for_thirty_minutes_holds_the_nudge_until_the_pause_ends() -> None:
    desk = Desk()
    desk.pass_time(30 * MIN)
    assert desk.tracker.status().nudge_open
    desk.tracker.pause_for(30 * MIN)
    assert not desk.tracker.status().nudge_open  # pausing answers the open nudge
    events = desk.pass_time(29 * MIN)
    assert [(e.kind, e.reason) for e in events] == [(EventKind.DEFERRED, "paused")]
    events = desk.pass_time(1 * MIN + POLL_MAX_S)
    assert kinds(events) == [EventKind.DUE]
    assert desk.minutes_since_start(events[0]) == pytest.approx(60, abs=POLL_MAX_S / MIN)
    assert desk.tracker.status().paused_until is None


def test_resume_reminders_ends_a_pause() -> None:
    desk = Desk()
    desk.tracker.pause_for(60 * MIN)
    desk.pass_time(35 * MIN)
    desk.tracker.resume_reminders()
    assert kinds(desk.pass_time(POLL_MAX_S)) == [EventKind.DUE]


def test_pause_until_tomorrow_ends_at_local_midnight() -> None:
    desk = Desk(start=datetime(2026, 11, 23, 15, 0, tzinfo=CPH))
    desk.tracker.pause_until_tomorrow()
    until = desk.tracker.status().paused_until
    assert datetime.fromtimestamp(until, CPH) == datetime(2026, 11, 24, 0, 0, tzinfo=CPH)
    events = desk.pass_time(9 * 60 * MIN - POLL_MAX_S)
    assert EventKind.DUE not in kinds(events)
    events = desk.pass_time(2 * POLL_MAX_S)
    assert kinds(events) == [EventKind.DUE]


def test_pause_until_tomorrow_on_a_25_hour_day() -> None:
    # 25 October 2026: Denmark leaves summer time, the day has 25 hours.
    desk = Desk(start=datetime(2026, 10, 25, 0, 30, tzinfo=CPH))
    desk.tracker.pause_until_tomorrow()
    assert desk.tracker.status().paused_until - desk.clock.wall() == pytest.approx(24.5 * 3600)


WEEKDAY_HOURS = WorkingHours.parse(
    {day: ["08:00", "18:00"] for day in ("mon", "tue", "wed", "thu", "fri")}
)


def test_no_nudge_before_working_hours_and_one_when_they_begin() -> None:
    config = TrackerConfig(working_hours=WEEKDAY_HOURS)
    desk = Desk(config, start=datetime(2026, 11, 23, 7, 0, tzinfo=CPH))  # a Monday
    events = desk.pass_time(59 * MIN)
    assert [(e.kind, e.reason) for e in events] == [(EventKind.DEFERRED, "outside-hours")]
    assert desk.tracker.status().outside_hours
    events = desk.pass_time(2 * MIN)
    assert kinds(events) == [EventKind.DUE]
    local = datetime.fromtimestamp(events[0].at, CPH)
    assert (local.hour, local.minute) == (8, 0)


def test_no_nudge_on_a_day_without_working_hours() -> None:
    config = TrackerConfig(working_hours=WEEKDAY_HOURS)
    desk = Desk(config, start=datetime(2026, 11, 28, 9, 0, tzinfo=CPH))  # a Saturday
    events = desk.pass_time(8 * 60 * MIN)
    assert EventKind.DUE not in kinds(events)


def test_the_day_boundary_switches_to_the_next_days_hours_and_keeps_the_count() -> None:
    # Sunday evening without hours, Monday from 00:00 with night-shift hours.
    hours = WorkingHours.parse({"mon": ["00:00", "06:00"]})
    desk = Desk(
        TrackerConfig(working_hours=hours), start=datetime(2026, 11, 22, 23, 40, tzinfo=CPH)
    )
    events = desk.pass_time(20 * MIN - 1)
    assert EventKind.DUE not in kinds(events)
    events = desk.pass_time(10 * MIN + 1)
    assert kinds(events) == [EventKind.DUE]
    local = datetime.fromtimestamp(events[0].at, CPH)
    assert (local.day, local.hour, local.minute) == (23, 0, 10)


def test_a_full_screen_window_holds_the_nudge_and_is_asked_only_when_due() -> None:
    asked: list[float] = []
    fullscreen = {"on": True}

    def quiet() -> str | None:
        asked.append(1)
        return "fullscreen" if fullscreen["on"] else None

    desk = Desk(quiet=quiet)
    desk.pass_time(29 * MIN)
    assert asked == []  # not a single check while nothing is due
    events = desk.pass_time(10 * MIN)
    assert [(e.kind, e.reason) for e in events] == [(EventKind.DEFERRED, "fullscreen")]
    assert 5 <= len(asked) <= 11  # about once a minute, not every poll
    fullscreen["on"] = False
    events = desk.pass_time(1 * MIN)
    assert kinds(events) == [EventKind.DUE]


def test_polls_are_sparse_and_tighten_only_near_the_nudge() -> None:
    desk = Desk()
    assert desk.tracker.next_check_in() == POLL_MAX_S
    desk.pass_time(29 * MIN + 50)
    assert desk.tracker.next_check_in() == pytest.approx(10)
    reads_before = desk.idle.reads
    desk.pass_time(3 * 60 * MIN, typing=False)  # away for hours
    assert desk.idle.reads - reads_before <= 3 * 60 * 2 + 2


def test_time_until_due_counts_down_between_polls() -> None:
    desk = Desk()
    desk.pass_time(10 * MIN)
    desk.clock.advance(12)
    assert desk.tracker.time_until_due() == pytest.approx(20 * MIN - 12)


def test_a_failing_log_never_stops_the_reminders() -> None:
    desk = Desk()
    desk.log.fail_with = OSError("disk full")
    desk.pass_time(30 * MIN)
    desk.tracker.snooze()
    assert "disk full" in (desk.tracker.log_problem or "")
    assert kinds(desk.pass_time(5 * MIN)) == [EventKind.DUE]


def test_config_from_settings_uses_the_users_values_and_keeps_them_in_range() -> None:
    settings = Settings(reminder_interval_min=45, idle_threshold_s=120)
    config = TrackerConfig.from_settings(settings)
    assert (config.interval_s, config.idle_threshold_s, config.working_hours) == (2700, 120, None)
    wild = Settings(reminder_interval_min=1, idle_threshold_s=99999, working_hours_enabled=True)
    config = TrackerConfig.from_settings(wild)
    assert config.interval_s == 15 * MIN
    assert config.idle_threshold_s == 1800
    assert config.working_hours is not None
    assert config.working_hours.contains(datetime(2026, 11, 23, 9, 0))


def test_config_rejects_nonsense() -> None:
    with pytest.raises(ValueError, match="interval_s"):
        TrackerConfig(interval_s=0)
