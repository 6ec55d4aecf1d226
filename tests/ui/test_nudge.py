"""The nudge window: what it says, where it sits, and that it never takes the keyboard."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from backcoach.core.reminders.driver import spoken_prompt
from backcoach.ui.reminders.nudge import (
    WINDOW_TITLE,
    NudgeWindow,
    break_summary_for,
    nudge_message,
)


def test_the_nudge_says_how_long_and_offers_three_choices(qtbot) -> None:
    nudge = NudgeWindow()
    qtbot.addWidget(nudge)
    nudge.show_nudge(31)
    assert nudge.isVisible()
    assert nudge.windowTitle() == WINDOW_TITLE
    assert nudge.heading.text() == "Time to stand up"
    assert "31 minutes" in nudge.body.text()
    labels = [b.text() for b in (nudge.start_button, nudge.snooze_button, nudge.skip_button)]
    assert labels == ["Start desk break", "Snooze 5 min", "Skip"]


def test_a_repeat_reads_differently(qtbot) -> None:
    heading, body = nudge_message(45, repeat=2)
    assert heading.startswith("Still sitting")
    assert "45 minutes" in body
    assert "30 minutes" in spoken_prompt(30)


def test_the_nudge_asks_to_stay_on_top_without_taking_focus(qtbot) -> None:
    # The real focus behaviour needs a window system: see test_nudge_focus_x11.py.
    nudge = NudgeWindow()
    qtbot.addWidget(nudge)
    nudge.show_nudge(30)
    flags = nudge.windowFlags()
    assert flags & Qt.WindowType.WindowDoesNotAcceptFocus
    assert flags & Qt.WindowType.WindowStaysOnTopHint
    assert flags & Qt.WindowType.Tool
    assert nudge.testAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
    assert not nudge.isActiveWindow()


@pytest.mark.parametrize(
    ("button", "signal"),
    [
        ("start_button", "start_break_clicked"),
        ("snooze_button", "snooze_clicked"),
        ("skip_button", "skip_clicked"),
    ],
)
def test_each_button_reports_the_users_choice(qtbot, button: str, signal: str) -> None:
    nudge = NudgeWindow()
    qtbot.addWidget(nudge)
    nudge.show_nudge(30)
    with qtbot.waitSignal(getattr(nudge, signal), timeout=1000):
        qtbot.mouseClick(getattr(nudge, button), Qt.MouseButton.LeftButton)


def test_the_nudge_sits_in_the_bottom_right_corner(qtbot) -> None:
    nudge = NudgeWindow()
    qtbot.addWidget(nudge)
    nudge.show_nudge(30)
    area = nudge.screen().availableGeometry()
    frame = nudge.geometry()
    assert frame.right() <= area.right() and frame.bottom() <= area.bottom()
    assert area.right() - frame.right() <= 40
    assert area.bottom() - frame.bottom() <= 40


def test_the_nudge_shows_which_break_start_plays_how_long_and_a_picture(qtbot) -> None:
    nudge = NudgeWindow()
    qtbot.addWidget(nudge)
    nudge.set_break(break_summary_for("desk-break"))
    nudge.show_nudge(30)
    assert nudge.break_line.isVisible()
    assert nudge.break_line.text() == "Desk break · takes 1:59"
    assert nudge.picture.isVisible()
    image = nudge.picture.pixmap().toImage()
    colours = {
        image.pixel(x, y) for x in range(0, image.width(), 4) for y in range(0, image.height(), 4)
    }
    assert len(colours) > 2  # a drawing, not an empty box
    assert nudge.start_button.accessibleDescription() == "Desk break · takes 1:59"


def test_a_break_routine_that_does_not_load_leaves_the_nudge_plain(qtbot) -> None:
    nudge = NudgeWindow()
    qtbot.addWidget(nudge)
    nudge.set_break(break_summary_for("no-such-routine"))
    nudge.show_nudge(30)
    assert not nudge.break_line.isVisible() and not nudge.picture.isVisible()
