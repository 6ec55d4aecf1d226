"""Working hours: parsing the settings form and deciding whether a local time is inside."""

from __future__ import annotations

from datetime import datetime

import pytest

from backcoach.core.reminders.working_hours import WorkingHours

MONDAY = datetime(2026, 11, 23)


def at(day_offset: int, hour: int, minute: int = 0) -> datetime:
    return MONDAY.replace(day=MONDAY.day + day_offset, hour=hour, minute=minute)


DAY = {"mon": ["08:30", "17:00"]}
EVENING = {"mon": ["18:00", "24:00"]}
NIGHT = {"fri": ["22:00", "02:00"]}
FRIDAY, SATURDAY = 4, 5


@pytest.mark.parametrize(
    ("raw", "when", "inside"),
    [
        # A day period includes its start and excludes its end.
        pytest.param(DAY, at(0, 8, 29), False, id="day-before-start"),
        pytest.param(DAY, at(0, 8, 30), True, id="day-at-start"),
        pytest.param(DAY, at(0, 16, 59), True, id="day-before-end"),
        pytest.param(DAY, at(0, 17, 0), False, id="day-at-end"),
        pytest.param(DAY, at(1, 9, 0), False, id="day-tuesday-has-no-hours"),
        # A period until 24:00 covers the evening.
        pytest.param(EVENING, at(0, 23, 59), True, id="evening-last-minute"),
        pytest.param(EVENING, at(1, 0, 0), False, id="evening-next-midnight"),
        # A period past midnight belongs to the day it starts.
        pytest.param(NIGHT, at(FRIDAY, 23, 0), True, id="night-friday-late"),
        pytest.param(NIGHT, at(SATURDAY, 1, 59), True, id="night-saturday-early"),
        pytest.param(NIGHT, at(SATURDAY, 2, 0), False, id="night-at-end"),
        pytest.param(NIGHT, at(SATURDAY, 23, 0), False, id="night-saturday-has-no-hours"),
    ],
)
def test_a_period_holds_the_times_inside_it(raw: dict, when: datetime, inside: bool) -> None:
    assert WorkingHours.parse(raw).contains(when) is inside


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
