"""The tray menu and the reminder controller, driven by a fake clock and idle source."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from backcoach.adapters.tray.icon import icon_argb
from backcoach.core.reminders.sitting import POLL_MAX_S, SittingStatus, SittingTracker
from backcoach.core.reminders.tray_menu import build_tray_menu
from backcoach.ui.reminders.controller import ReminderController
from backcoach.ui.reminders.tray import Tray, status_line, tray_icon
from tests.fakes import FakeBreakLog, FakeClock, FakeIdleSource
from tests.ui.qt_menu import choose, data_tree, entries, qt_tree, submenu

CPH = ZoneInfo("Europe/Copenhagen")
MIN = 60.0


class Setup:
    def __init__(self, qtbot, spoken: list[str] | None = None) -> None:
        self.clock = FakeClock(wall=datetime(2026, 11, 23, 10, 0, tzinfo=CPH).timestamp())
        self.idle = FakeIdleSource(self.clock)
        self.log = FakeBreakLog()
        self.tracker = SittingTracker(self.clock, self.idle, break_log=self.log, tz=CPH)
        speak = spoken.append if spoken is not None else None
        self.reminders = ReminderController(self.tracker, speak=speak)
        qtbot.addWidget(self.reminders.nudge)
        self.tray = Tray(self.reminders, tz=CPH)

    def sit(self, seconds: float) -> None:
        """Let time pass at the desk, polling through the controller as its timer would."""
        end = self.clock.monotonic() + seconds
        while self.clock.monotonic() < end - 1e-9:
            step = min(self.tracker.next_check_in(), end - self.clock.monotonic())
            self.clock.advance(step)
            self.idle.touch()
            self.reminders.poll()

    def open_menu(self) -> list[str]:
        self.tray.menu.aboutToShow.emit()
        return entries(self.tray.menu)


def test_the_nudge_appears_after_thirty_minutes_with_a_spoken_prompt(qtbot) -> None:
    spoken: list[str] = []
    setup = Setup(qtbot, spoken)
    setup.sit(29 * MIN)
    assert not setup.reminders.nudge.isVisible()
    with qtbot.waitSignal(setup.reminders.nudge_shown) as shown:
        setup.sit(1 * MIN)
    assert shown.args == ["due", 30]
    assert setup.reminders.nudge.isVisible()
    assert "30 minutes" in setup.reminders.nudge.body.text()
    assert spoken == ["You have been sitting for 30 minutes. Time to stand up and move."]


def test_snooze_hides_the_nudge_and_brings_it_back_five_minutes_later(qtbot) -> None:
    setup = Setup(qtbot)
    setup.sit(30 * MIN)
    qtbot.mouseClick(setup.reminders.nudge.snooze_button, Qt.MouseButton.LeftButton)
    assert not setup.reminders.nudge.isVisible()
    assert setup.log.kinds == ["snoozed"]
    setup.sit(5 * MIN)
    assert setup.reminders.nudge.isVisible()


def test_start_desk_break_asks_the_app_to_play_it_and_logs_the_break(qtbot) -> None:
    setup = Setup(qtbot)
    setup.sit(30 * MIN)
    with qtbot.waitSignal(setup.reminders.start_routine_requested) as request:
        qtbot.mouseClick(setup.reminders.nudge.start_button, Qt.MouseButton.LeftButton)
    assert request.args == ["desk-break"]
    assert not setup.reminders.nudge.isVisible()
    assert setup.log.events[-1][0::2] == ("taken", "desk-break")


def test_skip_and_an_ignored_nudge_close_the_window(qtbot) -> None:
    setup = Setup(qtbot)
    setup.sit(30 * MIN)
    qtbot.mouseClick(setup.reminders.nudge.skip_button, Qt.MouseButton.LeftButton)
    assert not setup.reminders.nudge.isVisible()
    setup.sit(30 * MIN)
    assert setup.reminders.nudge.isVisible()
    setup.sit(15 * MIN)  # three repeats
    assert setup.reminders.nudge.heading.text().startswith("Still sitting")
    setup.sit(5 * MIN)  # given up
    assert not setup.reminders.nudge.isVisible()
    assert setup.log.kinds == ["skipped", "ignored"]


def test_walking_away_closes_the_nudge(qtbot) -> None:
    setup = Setup(qtbot)
    setup.sit(30 * MIN)
    for _ in range(12):
        setup.clock.advance(POLL_MAX_S)
        setup.reminders.poll()
    assert not setup.reminders.nudge.isVisible()


def test_the_poll_timer_waits_as_long_as_the_tracker_allows(qtbot) -> None:
    setup = Setup(qtbot)
    setup.reminders.start()
    # a very coarse timer: whole seconds are enough, and the system may batch wake-ups
    assert 29_000 <= setup.reminders.next_poll_in_ms() <= 31_000
    setup.sit(29 * MIN + 50)
    setup.reminders.poll()
    assert 9_000 <= setup.reminders.next_poll_in_ms() <= 11_000
    setup.reminders.stop()
    assert setup.reminders.next_poll_in_ms() == -1


def test_the_menu_shows_the_time_until_the_next_break_when_it_opens(qtbot) -> None:
    setup = Setup(qtbot)
    items = setup.open_menu()
    assert items[0] == "Next break in 30 min"
    assert items[1:] == ["Start desk break", "Pause reminders", "Quit BackCoach"]
    setup.sit(12 * MIN)
    setup.clock.advance(20)  # between two polls
    assert setup.open_menu()[0] == "Next break in 18 min"


def test_pausing_from_the_menu(qtbot) -> None:
    setup = Setup(qtbot)
    labels = entries(submenu(setup.tray.menu, "Pause reminders"))
    assert labels == ["For 30 minutes", "For 1 hour", "Until tomorrow"]
    choose(setup.tray.menu, "Pause reminders", "For 1 hour")
    items = setup.open_menu()
    assert items[0] == "Reminders paused until 11:00"
    assert "Resume reminders" in items and "Pause reminders" not in items
    choose(setup.tray.menu, "Resume reminders")
    assert setup.open_menu()[0] == "Next break in 30 min"
    choose(setup.tray.menu, "Pause reminders", "Until tomorrow")
    assert setup.open_menu()[0] == "Reminders paused until tomorrow"


def test_routines_and_settings_appear_once_the_app_provides_them(qtbot) -> None:
    setup = Setup(qtbot)
    assert "Start a routine" not in setup.open_menu()
    assert "Settings…" not in setup.open_menu()
    setup.tray.set_routines([("warm-up", "Warm-up"), ("stretch", "Stretch flow")])
    opened: list[bool] = []
    setup.tray.open_requested.connect(lambda: opened.append(True))
    items = setup.open_menu()
    assert "Start a routine" in items and "Settings…" in items and "Open BackCoach" in items
    with qtbot.waitSignal(setup.reminders.start_routine_requested) as request:
        choose(setup.tray.menu, "Start a routine", "Stretch flow")
    assert request.args == ["stretch"]
    choose(setup.tray.menu, "Open BackCoach")
    assert opened == [True]


def test_quit_is_requested_from_the_menu(qtbot) -> None:
    setup = Setup(qtbot)
    with qtbot.waitSignal(setup.tray.quit_requested):
        choose(setup.tray.menu, "Quit BackCoach")


def test_a_notice_line_explains_missing_idle_detection(qtbot) -> None:
    setup = Setup(qtbot)
    setup.tray.set_notice("Idle time unknown: all time at the computer counts")
    assert setup.open_menu()[1] == "Idle time unknown: all time at the computer counts"


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"due_in_s": 1799.0}, "Next break in 30 min"),
        ({"due_in_s": 30.0}, "Next break in under a minute"),
        ({"due_in_s": 0.0, "nudge_open": True}, "A break is due now"),
        ({"away": True}, "You are on a break"),
        ({"outside_hours": True}, "Outside working hours: no reminders"),
    ],
)
def test_status_lines(changes: dict, expected: str) -> None:
    base = {
        "at": 0.0,
        "sitting_s": 0.0,
        "due_in_s": 1800.0,
        "nudge_open": False,
        "away": False,
        "paused_until": None,
        "outside_hours": False,
        "idle_measured": True,
    }
    assert status_line(SittingStatus(**{**base, **changes})) == expected


def test_the_icon_has_the_sizes_trays_ask_for(qtbot) -> None:
    icon = tray_icon()
    sizes = {(s.width(), s.height()) for s in icon.availableSizes()}
    assert {(16, 16), (22, 22), (32, 32), (64, 64)} <= sizes
    assert not icon.pixmap(22, 22).isNull()


def test_the_qt_menu_is_the_menu_data_the_resident_tray_sends(qtbot) -> None:
    setup = Setup(qtbot)
    setup.tray.set_routines([("warm-up", "Warm-up & stretch")])
    setup.tray.set_notice("Idle time unknown")
    setup.tray.open_requested.connect(lambda: None)
    setup.tray.menu.aboutToShow.emit()
    expected = build_tray_menu(
        setup.reminders.status(),
        notice="Idle time unknown",
        routines=[("warm-up", "Warm-up && stretch")],  # "&" doubled: no shortcut mark in Qt
        tz=CPH,
    )
    assert qt_tree(setup.tray.menu) == data_tree(expected)


def test_with_reminders_off_the_menu_says_so_and_offers_no_pause(qtbot) -> None:
    setup = Setup(qtbot)
    setup.tray.reminders_on = False
    setup.tray.set_notice("Break reminders are off")
    assert setup.open_menu() == ["Break reminders are off", "Start desk break", "Quit BackCoach"]
    assert setup.tray.icon.toolTip() == "BackCoach - Break reminders are off"


def test_the_icon_pixels_are_the_ones_the_resident_tray_sends(qtbot) -> None:
    image = tray_icon().pixmap(22, 22).toImage().convertToFormat(QImage.Format.Format_ARGB32)
    argb = icon_argb(22)
    for x, y in ((0, 0), (11, 11), (5, 15), (20, 3)):
        offset = (y * 22 + x) * 4
        assert image.pixel(x, y) == int.from_bytes(argb[offset : offset + 4], "big")
