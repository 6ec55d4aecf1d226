"""Which routines can be a break, and what the nudge says about the chosen one."""

from __future__ import annotations

from backcoach.core.reminders.break_routine import BREAK_MAX_S, break_routines, break_summary
from backcoach.core.routine.catalog import load_catalog
from backcoach.core.routine.duration import planned_duration_s
from tests import builders as b


def test_only_routines_of_one_to_three_minutes_fit_a_break_desk_breaks_first() -> None:
    short = b.routine(b.hold("Stand tall", 30))  # 30 s: too short
    long = b.routine(b.hold("Long", 200))  # over 3 minutes
    two = b.routine(b.hold("Stretch", 90))
    bundled = load_catalog().routines
    chosen = break_routines([short, long, two, *bundled])
    assert chosen[0].routine_id == "desk-break"
    assert two in chosen and short not in chosen and long not in chosen
    assert all(60 <= planned_duration_s(r) <= BREAK_MAX_S for r in chosen)


def test_the_summary_names_the_routine_its_length_and_first_picture() -> None:
    desk = load_catalog().find("desk-break")
    assert desk is not None
    summary = break_summary(desk, "da")
    assert summary.title == desk.title.get("da")
    assert summary.duration_s == planned_duration_s(desk)
    assert summary.picture is not None and summary.picture.is_file()
