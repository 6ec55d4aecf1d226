"""BackCoach's Qt tray in a process of its own, for tests and screenshots on a real X display.

Run with ``QT_QPA_PLATFORM=xcb`` and ``DISPLAY`` set. Shows ``ui.reminders.tray.Tray``
over a reminder controller on a fake clock (12 minutes sitting) with two routines,
and prints one JSON line per event on standard output:

- ``{"shown": bool}`` once the panel docked the icon;
- ``{"menu": tree, "data": tree}`` each time the menu opens: what the ``QMenu`` holds
  and what ``core.reminders.tray_menu`` says it should hold, then ``{"visible": true}``
  once it is on screen;
- ``{"chosen": ...}`` for what the user picked (a routine id, "open", "settings").
"""

from __future__ import annotations

import json
import sys
from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from backcoach.core.reminders.sitting import SittingTracker
from backcoach.ui.reminders.controller import ReminderController
from backcoach.ui.reminders.tray import Tray
from tests.fakes import FakeBreakLog, FakeClock, FakeIdleSource
from tests.ui.qt_menu import data_tree, qt_tree

ROUTINES = [("lower-back", "下背部放鬆"), ("warm-up", "Warm-up")]
"""One title in Chinese: Qt's menu draws any script the system's fonts have."""


def say(**event: object) -> None:
    """Print ``event`` as one JSON line."""
    print(json.dumps(event, ensure_ascii=False), flush=True)


def main() -> int:
    """Show the tray and report until the test ends this process."""
    app = QApplication(["backcoach"])
    app.setApplicationName("BackCoach")
    app.setQuitOnLastWindowClosed(False)
    tz = ZoneInfo("Europe/Copenhagen")
    clock = FakeClock(wall=datetime(2026, 11, 23, 10, 0, tzinfo=tz).timestamp())
    idle = FakeIdleSource(clock)
    tracker = SittingTracker(clock, idle, break_log=FakeBreakLog(), tz=tz)
    end = clock.monotonic() + 12 * 60
    while clock.monotonic() < end:  # 12 minutes at the desk, polled as the timer would
        clock.advance(min(tracker.next_check_in(), end - clock.monotonic()))
        idle.touch()
        tracker.poll()
    controller = ReminderController(tracker)
    tray = Tray(controller, tz=tz)
    tray.set_routines(ROUTINES)
    controller.start_routine_requested.connect(lambda rid: say(chosen=rid))
    tray.open_requested.connect(lambda: say(chosen="open"))
    tray.settings_requested.connect(lambda: say(chosen="settings"))
    tray.quit_requested.connect(app.quit)

    def report_when_visible() -> None:
        if tray.menu.isVisible():
            say(visible=True)
        else:
            QTimer.singleShot(50, report_when_visible)

    def opened() -> None:
        say(menu=qt_tree(tray.menu), data=data_tree(tray.menu_items()))
        QTimer.singleShot(0, report_when_visible)

    tray.menu.aboutToShow.connect(opened)
    shown = tray.show()

    def report_when_docked() -> None:
        place = tray.icon.geometry()
        if shown and place.isEmpty():
            QTimer.singleShot(100, report_when_docked)
            return
        say(shown=shown)

    report_when_docked()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
