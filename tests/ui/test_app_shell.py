"""The whole app wired: nudge → player, player → reminders, tray, close to tray, settings."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from backcoach.adapters.reminder_setup import REMINDERS_OFF
from backcoach.config import paths
from backcoach.config.settings import Settings, load_settings
from backcoach.core.reminders.tray_menu import TRAY_HINT_TITLE
from backcoach.core.routine.catalog import Catalog
from backcoach.ui.app.main_window import MainWindow
from backcoach.ui.app.shell import AppShell
from backcoach.ui.player.page import PlayerPage
from backcoach.ui.reminders.tray_app import Reminders
from backcoach.ui.settings.dialog import SettingsDialog
from backcoach.ui.settings.reminders_tab import RemindersTab
from tests import builders as b
from tests.fakes import (
    FakeScreenAwake,
    FakeSessionLog,
    FakeVoice,
)
from tests.ui.qt_menu import choose, entries, submenu
from tests.ui.test_tray_ui import Setup

CPH = ZoneInfo("Europe/Copenhagen")


class App:
    """A shell over a main window and reminders that all run on one fake clock."""

    def __init__(self, qtbot, settings: Settings | None = None, in_tray: bool = True) -> None:
        self.spoken: list[str] = []
        self.desk = Setup(qtbot, spoken=self.spoken)
        self.clock, self.idle, self.breaks = self.desk.clock, self.desk.idle, self.desk.log
        self.tracker, self.controller, self.tray = (
            self.desk.tracker,
            self.desk.reminders,
            self.desk.tray,
        )
        self.settings = settings or Settings(safety_acknowledged=True)
        self.announced: list[str] = []
        self.tray.announce = lambda title, text: self.announced.append(title)  # type: ignore[method-assign]
        self.reminders = Reminders(self.controller, self.tray, [])
        self.voice = FakeVoice()
        self.log = FakeSessionLog()
        self.autostart: list[bool] = []
        catalog = Catalog(
            (
                b.routine(b.hold("Trunk rotation", 3, prepare_s=1), routine_id="desk-break"),
                b.routine(b.hold("Plank", 3, prepare_s=1), routine_id="plank"),
            )
        )
        self.window = MainWindow(
            self.settings,
            catalog,
            voice_factory=lambda settings, on_message: self.voice,
            log_factory=lambda on_message: self.log,
            clock=self.clock,
            screen_awake=FakeScreenAwake(),
            list_voices=lambda: [],
        )
        qtbot.addWidget(self.window)
        self.shell = AppShell(
            self.settings,
            self.reminders,
            lambda: self.window,
            in_tray=in_tray,
            apply_autostart=self.autostart.append,
        )
        self.reminders.connect_shell(self.shell)
        self.shell.ensure_window()
        self.window.show()

    def sit(self, seconds: float) -> None:
        self.desk.sit(seconds)

    def play_to_the_end(self) -> None:
        player = self.player
        for _ in range(400):
            if not player.playing:
                return
            self.clock.advance(0.25)
            self.idle.touch()
            player.tick()
        raise AssertionError("the routine did not end")

    @property
    def player(self) -> PlayerPage:
        assert self.window.player is not None
        return self.window.player


def test_start_desk_break_in_the_nudge_plays_it_and_the_tracker_counts_it(qtbot) -> None:
    app = App(qtbot)
    app.window.hide()  # BackCoach sits in the tray
    app.sit(30 * 60)
    assert app.controller.nudge.isVisible()
    assert app.spoken, "the prompt is said when the nudge appears"

    app.controller.nudge.start_break_clicked.emit()

    assert app.window.isVisible(), "the window comes up for the routine"
    assert app.window.pages.currentWidget() is app.player
    assert app.player.playing
    assert app.player.title_label.text() == "Trunk rotation"
    assert app.breaks.kinds == ["taken"]
    assert app.tracker.status().sitting_s == 0
    app.sit(40 * 60)  # a long session: no nudge comes while it plays
    assert not app.controller.nudge.isVisible()


def test_a_completed_routine_counts_as_a_break_and_a_stopped_one_does_not(qtbot) -> None:
    app = App(qtbot)
    app.sit(20 * 60)
    app.tray.set_routines([("plank", "Plank")])
    app.controller.start_routine("plank")
    app.play_to_the_end()
    assert app.log.finished[-1].status.value == "completed"
    assert app.tracker.status().sitting_s < 60, "the count starts again"

    app.sit(20 * 60)
    app.controller.start_routine("plank")
    assert app.player.stop()
    assert app.tracker.status().sitting_s >= 20 * 60, "a routine stopped early is no break"
    app.sit(10 * 60)
    assert app.controller.nudge.isVisible(), "nudges come again after the stop"


def test_the_tray_lists_the_library_routines(qtbot) -> None:
    app = App(qtbot)
    app.tray.menu.aboutToShow.emit()
    titles = entries(submenu(app.tray.menu, "Start a routine"))
    assert titles == ["Test", "Test"]
    submenu(app.tray.menu, "Start a routine").actions()[1].trigger()
    assert app.player.title_label.text() == "Plank"


def test_closing_the_window_keeps_backcoach_in_the_tray_and_says_so_once(qtbot) -> None:
    app = App(qtbot)
    quits: list[bool] = []
    app.shell.quit_requested.connect(lambda: quits.append(True))
    app.window.close()
    assert not app.window.isVisible()
    assert app.announced == [TRAY_HINT_TITLE]
    assert load_settings().settings.tray_hint_shown
    app.shell.show_window()
    assert app.window.isVisible()
    app.window.close()
    assert app.announced == [TRAY_HINT_TITLE], "said only once"
    assert quits == []


def test_without_a_tray_closing_the_window_really_closes_it(qtbot) -> None:
    app = App(qtbot, in_tray=False)
    app.window.close()
    assert not app.window.isVisible()
    assert app.announced == []
    assert app.window.voice is None, "the window let go of its voice: the app ends"


def test_quit_from_the_tray_asks_first_when_a_routine_plays(qtbot, monkeypatch) -> None:
    app = App(qtbot)
    quits: list[bool] = []
    app.shell.quit_requested.connect(lambda: quits.append(True))
    app.controller.start_routine("plank")
    answers = [False, True]
    monkeypatch.setattr(
        app.window, "confirm_quit_during_session", lambda then="quit": answers.pop(0)
    )

    choose(app.tray.menu, "Quit BackCoach")
    assert quits == [] and app.player.playing, "declined: the routine goes on"
    choose(app.tray.menu, "Quit BackCoach")
    assert quits == [True]
    assert app.log.finished[-1].status.value == "stopped-early"


def test_the_reminders_tab_saves_and_applies_to_the_running_reminders(qtbot) -> None:
    app = App(qtbot)
    choose(app.tray.menu, "Settings…")
    dialog = app.window.findChild(SettingsDialog)
    assert dialog is not None
    tabs = dialog.tabs
    titles = [tabs.tabText(i) for i in range(tabs.count())]
    assert titles == ["Language and voice", "Reminders"]
    tab = tabs.widget(1)
    assert isinstance(tab, RemindersTab)
    tab.interval.setValue(45)
    tab.idle.setValue(10)
    tab.autostart.setChecked(True)
    tab.spoken.setChecked(False)
    tab.hours_group.setChecked(True)
    tab.days["sat"].enabled.setChecked(True)
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()

    saved = load_settings().settings
    assert saved.reminder_interval_min == 45
    assert saved.idle_threshold_s == 600
    assert saved.autostart and not saved.spoken_prompt
    assert saved.working_hours_enabled and saved.working_hours["sat"] == ["08:00", "18:00"]
    assert app.autostart == [True]
    assert app.tracker.config.interval_s == 45 * 60
    assert app.tracker.config.idle_threshold_s == 600
    assert app.tracker.config.working_hours is not None
    app.sit(44 * 60)
    assert not app.controller.nudge.isVisible()
    app.sit(2 * 60)
    assert app.controller.nudge.isVisible()


def test_turning_reminders_off_stops_the_nudges(qtbot) -> None:
    app = App(qtbot)
    app.controller.start()
    app.settings.reminders_enabled = False
    app.shell.apply_settings()
    assert app.controller.next_poll_in_ms() == -1
    app.tray.menu.aboutToShow.emit()
    assert entries(app.tray.menu)[0] == REMINDERS_OFF
    assert "Pause reminders" not in entries(app.tray.menu)


@pytest.mark.parametrize(
    ("spoken_prompt", "muted", "said"), [(True, False, 1), (False, False, 0), (True, True, 0)]
)
def test_the_spoken_prompt_follows_the_settings(qtbot, spoken_prompt, muted, said) -> None:
    from backcoach.adapters.reminder_setup import spoken_prompt_hook

    settings = Settings(spoken_prompt=spoken_prompt, muted=muted)
    heard: list[str] = []
    spoken_prompt_hook(settings, heard.append)("Time to stand up")
    assert len(heard) == said


def test_tray_only_lists_routines_when_its_menu_first_opens(qtbot) -> None:
    desk = Setup(qtbot, spoken=[])
    reminders = Reminders(desk.reminders, desk.tray, [])
    built: list[bool] = []

    def make_window() -> MainWindow:
        built.append(True)
        raise AssertionError("listing routines must not build the window")

    shell = AppShell(Settings(safety_acknowledged=True), reminders, make_window, in_tray=True)
    reminders.connect_shell(shell)
    assert "Start a routine" not in entries(desk.tray.menu)
    desk.tray.menu.aboutToShow.emit()
    titles = entries(submenu(desk.tray.menu, "Start a routine"))
    assert "Desk break" in titles and len(titles) >= 6
    assert built == [] and shell.window is None


def test_closing_the_window_during_a_routine_asks_first(qtbot, monkeypatch) -> None:
    app = App(qtbot)
    app.controller.start_routine("plank")
    asked: list[str] = []
    answers = [False, True]

    def confirm(then: str = "quit") -> bool:
        asked.append(then)
        return answers.pop(0)

    class UserClose:
        """A close from the window's title bar (Qt marks it spontaneous)."""

        accepted = True

        def spontaneous(self) -> bool:
            return True

        def ignore(self) -> None:
            self.accepted = False

        def accept(self) -> None:
            self.accepted = True

    monkeypatch.setattr(app.window, "confirm_quit_during_session", confirm)
    declined = UserClose()
    app.window.closeEvent(declined)
    assert not declined.accepted and app.player.playing, "declined: the routine goes on"
    agreed = UserClose()
    app.window.closeEvent(agreed)
    assert not app.window.isVisible() and not app.player.playing
    assert asked == ["hide the window", "hide the window"]
    assert app.log.finished[-1].status.value == "stopped-early"


def test_the_break_a_nudge_starts_is_chosen_in_settings_and_shown_in_the_nudge(qtbot) -> None:
    mine = paths.user_routines_dir() / "my-break.json"
    mine.parent.mkdir(parents=True, exist_ok=True)
    mine.write_text(
        '{"format": 1, "id": "my-break", "title": "My break", "kind": "desk-break",'
        ' "steps": [{"type": "hold", "name": "Stand tall", "hold_s": 90}]}',
        encoding="utf-8",
    )
    app = App(qtbot)
    choose(app.tray.menu, "Settings…")
    dialog = app.window.findChild(SettingsDialog)
    tab = dialog.tabs.widget(1)
    box = tab.break_routine
    offered = [box.itemData(i) for i in range(box.count())]
    assert offered[:2] == ["desk-break", "my-break"]  # the 1-3 minute routines
    assert "strength-beginner" not in offered
    box.setCurrentIndex(box.findData("my-break"))
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    assert load_settings().settings.desk_break_routine == "my-break"
    app.sit(31 * 60)
    nudge = app.controller.nudge
    assert nudge.isVisible()
    assert nudge.break_line.text() == "My break · takes 1:35"  # with 5 s to get ready
    started: list[str] = []
    app.controller.start_routine_requested.connect(started.append)
    nudge.start_button.click()
    assert started == ["my-break"]
