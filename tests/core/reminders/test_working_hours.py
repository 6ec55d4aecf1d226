"""Working hours: parsing the settings form and deciding whether a local time is inside."""

from __future__ import annotations

from datetime import datetime

import pytest

from backcoach.core.reminders.working_hours import WorkingHours

MONDAY = datetime(2026, 11, 23)


def at(day_offset: int, hour: int, minute: int = 0) -> datetime:
    return MONDAY.replace(day=MONDAY.day + day_offset, hour=hour, minute=minute)


def test_a_day_period_includes_its_start_and_excludes_its_end() -> None:
    hours = WorkingHours.parse({"mon": ["08:30", "17:00"]})
    assert not hours.contains(at(0, 8, 29))
    assert hours.contains(at(0, 8, 30))
    assert hours.contains(at(0, 16, 59))
    assert not hours.contains(at(0, 17, 0))
    assert not hours.contains(at(1, 9, 0))  # Tuesday has no hours


def test_a_period_until_24_00_covers_the_evening() -> None:
    hours = WorkingHours.parse({"mon": ["18:00", "24:00"]})
    assert hours.contains(at(0, 23, 59))
    assert not hours.contains(at(1, 0, 0))


def test_a_period_past_midnight_belongs_to_the_day_it_starts() -> None:
    hours = WorkingHours.parse({"fri": ["22:00", "02:00"]})
    friday, saturday = 4, 5
    assert hours.contains(at(friday, 23, 0))
    assert hours.contains(at(saturday, 1, 59))
    assert not hours.contains(at(saturday, 2, 0))
    assert not hours.contains(at(saturday, 23, 0))


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"mon": ["8", "17:00"]}, "working_hours/mon/0: must be a time like 08:30, got '8'"),
        ({"tue": ["08:00", "25:00"]}, "working_hours/tue/1: must be a time like 08:30"),
        ({"wed": ["08:00"]}, 'working_hours/wed: must be ["HH:MM", "HH:MM"] or null'),
        ({"thu": ["24:00", "06:00"]}, "working_hours/thu/0: a period cannot start at 24:00"),
        ({"monday": ["08:00", "17:00"]}, "working_hours/monday: unknown weekday"),
        ({"fri": ["24:30", "06:00"]}, "working_hours/fri/0: must be 24:00 or earlier"),
    ],
)
def test_bad_hours_are_reported_by_day_and_field(raw: dict, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        WorkingHours.parse(raw)
    assert message in str(caught.value)
