"""The resident tray's logic on a fake clock: menu, nudges, answers and messages from the app."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from backcoach.adapters.event_loop import Timer
from backcoach.adapters.reminder_setup import REMINDERS_OFF
from backcoach.config.settings import Settings, load_settings, save_settings
from backcoach.core.reminders.sitting import SittingTracker
from backcoach.core.reminders.tray_menu import TRAY_HINT_TITLE, MenuItem
from backcoach.resident.service import LoopScheduler, ResidentTray
from tests.fakes import FakeBreakLog, FakeClock, FakeIdleSource

CPH = ZoneInfo("Europe/Copenhagen")
MIN = 60.0


class FakeLoop:
    """An ``EventLoop`` whose timers the test fires by moving the fake clock."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.timers: list[Timer] = []

    def add_reader(self, fd: int, callback: Callable[[], None]) -> None:
        raise AssertionError("the tray logic watches no descriptors itself")

    def remove_reader(self, fd: int) -> None:
        raise AssertionError("the tray logic watches no descriptors itself")

    def call_later(self, delay_s: float, callback: Callable[[], None]) -> Timer:
        timer = Timer(self.clock.monotonic() + delay_s, len(self.timers), callback)
        self.timers.append(timer)
        return timer

    def pending(self) -> list[Timer]:
        return [t for t in self.timers if not t.cancelled]

    def fire_due(self) -> None:
        for timer in sorted(self.pending()):
            if timer.when <= self.clock.monotonic() and not timer.cancelled:
                timer.cancel()
                timer.callback()


class FakeNudge:
    """The nudge window process: records what it was told."""

    def __init__(self) -> None:
        self.calls: list[tuple] = []
        self.open = False

    def show_nudge(self, minutes: int, repeat: int = 0) -> None:
        self.calls.append(("show", minutes, repeat))
        self.open = True

    def hide_nudge(self) -> None:
        self.calls.append(("hide",))
        self.open = False

    def is_nudge_open(self) -> bool:
        return self.open

    def say(self, text: str) -> None:
        self.calls.append(("say", text))

    @property
    def said(self) -> list[str]:
        return [c[1] for c in self.calls if c[0] == "say"]

    @property
    def shown(self) -> list[tuple]:
        return [c for c in self.calls if c[0] == "show"]


class FakeApp:
    """The app window, as the tray reaches it."""

    def __init__(self) -> None:
        self.wishes: list[str] = []

    def open(self) -> None:
        self.wishes.append("open")

    def play(self, routine_id: str) -> None:
        self.wishes.append(f"play:{routine_id}")

    def open_settings(self) -> None:
        self.wishes.append("settings")

    def quit(self) -> None:
        self.wishes.append("quit")

    def reap(self) -> None:
        pass


class Setup:
    def __init__(
        self,
        settings: Settings | None = None,
        overrides: tuple[float | None, float | None] = (None, None),
    ) -> None:
        self.clock = FakeClock(wall=datetime(2026, 11, 23, 10, 0, tzinfo=CPH).timestamp())
        self.idle = FakeIdleSource(self.clock)
        self.log = FakeBreakLog()
        self.settings = settings or Settings()
        self.tracker = SittingTracker(self.clock, self.idle, break_log=self.log, tz=CPH)
        self.loop = FakeLoop(self.clock)
        self.nudge = FakeNudge()
        self.app = FakeApp()
        self.notes: list[tuple[str, str]] = []
        self.quits = 0
        self.refreshes = 0
        self.tray = ResidentTray(
            self.loop,
            self.settings,
            self.tracker,
            self.nudge,
            self.app,
            notify=lambda title, text: self.notes.append((title, text)),
            on_quit=self._quit,
            routines=lambda language: [("desk-break", "Desk break"), ("morning", "Morning")],
            reload_settings=lambda: load_settings().settings,
            tz=CPH,
            overrides=overrides,
        )
        self.tray.refresh_tray = self._refresh
        self.tray.switch(self.settings.reminders_enabled or overrides[0] is not None)

    def _quit(self) -> None:
        self.quits += 1

    def _refresh(self) -> None:
        self.refreshes += 1

    def sit(self, seconds: float) -> None:
        """Time passes at the desk; the loop's timer polls when it is due."""
        end = self.clock.monotonic() + seconds
        while self.clock.monotonic() < end - 1e-9:
            pending = self.loop.pending()
            step = end - self.clock.monotonic()
            if pending:
                step = min(step, max(0.0, min(t.when for t in pending) - self.clock.monotonic()))
            self.clock.advance(step)
            self.idle.touch()
            self.loop.fire_due()

    def labels(self, items: tuple[MenuItem, ...] | None = None) -> list[str]:
        items = self.tray.menu_items() if items is None else items
        return [item.label for item in items if not item.separator]

    def item(self, label: str) -> MenuItem:
        return next(item for item in self.tray.menu_items() if item.label == label)


@pytest.fixture
def setup() -> Setup:
    return Setup()


# -- the menu ------------------------------------------------------------------------------


def test_the_status_line_counts_down_with_sitting_time(setup: Setup) -> None:
    assert setup.labels()[0] == "Next break in 30 min"
    setup.sit(12 * MIN)
    assert setup.labels()[0] == "Next break in 18 min"
    assert setup.tray.tooltip() == "BackCoach - Next break in 18 min"
    setup.sit(18 * MIN)
    assert setup.labels()[0] == "A break is due now"


def test_the_menu_lists_routines_and_pauses(setup: Setup) -> None:
    labels = setup.labels()
    assert labels[1:] == [
        "Open BackCoach",
        "Start desk break",
        "Start a routine",
        "Pause reminders",
        "Settings…",
        "Quit BackCoach",
    ]
    routines = setup.item("Start a routine").children
    assert [(r.key, r.label) for r in routines] == [
        ("routine:desk-break", "Desk break"),
        ("routine:morning", "Morning"),
    ]


def test_with_reminders_off_the_menu_says_so_and_offers_no_pause() -> None:
    setup = Setup(Settings(reminders_enabled=False))
    labels = setup.labels()
    assert labels[0] == REMINDERS_OFF
    assert "Pause reminders" not in labels
    assert setup.tray.status_text() == REMINDERS_OFF
    setup.sit(40 * MIN)
    assert setup.nudge.shown == []


def test_a_routine_list_that_cannot_be_read_leaves_the_submenu_out(setup: Setup) -> None:
    def unreadable(language: str):
        raise OSError("no library")

    setup.tray._list_routines = unreadable
    setup.tray._routines = None
    assert "Start a routine" not in setup.labels()


# -- the nudge -----------------------------------------------------------------------------


def test_a_due_break_shows_the_nudge_notifies_and_speaks(setup: Setup) -> None:
    setup.sit(29 * MIN)
    assert setup.nudge.shown == []
    setup.sit(1 * MIN)
    assert setup.nudge.shown == [("show", 30, 0)]
    assert setup.notes == [("Time to stand up", "You have been sitting for 30 minutes.")]
    assert setup.nudge.said == ["You have been sitting for 30 minutes. Time to stand up and move."]
    assert setup.refreshes > 0


@pytest.mark.parametrize("quiet", [{"spoken_prompt": False}, {"muted": True}])
def test_no_spoken_prompt_when_turned_off_or_muted(quiet: dict) -> None:
    setup = Setup(Settings(**quiet))
    setup.sit(30 * MIN)
    assert setup.nudge.shown == [("show", 30, 0)]
    assert setup.nudge.said == []


def test_an_ignored_nudge_repeats_without_speaking_again(setup: Setup) -> None:
    setup.sit(35 * MIN)
    assert setup.nudge.shown == [("show", 30, 0), ("show", 35, 1)]
    assert len(setup.nudge.said) == 1
    assert setup.notes[-1][0] == "Still sitting"


def test_answering_start_plays_the_desk_break_and_logs_it(setup: Setup) -> None:
    setup.sit(30 * MIN)
    setup.nudge.open = False  # the nudge process closes itself after an answer
    setup.tray.nudge_answered("start")
    assert setup.app.wishes == ["play:desk-break"]
    assert setup.log.events[-1][0::2] == ("taken", "desk-break")
    assert setup.labels()[0] == "Next break in 30 min"


def test_answering_snooze_brings_the_nudge_back_five_minutes_later(setup: Setup) -> None:
    setup.sit(30 * MIN)
    setup.nudge.open = False
    setup.tray.nudge_answered("snooze")
    assert setup.log.kinds == ["snoozed"]
    setup.sit(4 * MIN)
    assert len(setup.nudge.shown) == 1
    setup.sit(1 * MIN)
    assert len(setup.nudge.shown) == 2


def test_answering_skip_waits_a_whole_interval(setup: Setup) -> None:
    setup.sit(30 * MIN)
    setup.nudge.open = False
    setup.tray.nudge_answered("skip")
    assert setup.log.kinds == ["skipped"]
    setup.sit(29 * MIN)
    assert len(setup.nudge.shown) == 1
    assert setup.app.wishes == []


def test_the_desk_break_routine_follows_the_settings() -> None:
    setup = Setup(Settings(desk_break_routine="hip-openers"))
    setup.tray.activate("desk-break")
    assert setup.app.wishes == ["play:hip-openers"]


# -- the menu's choices --------------------------------------------------------------------


def test_menu_choices_reach_the_app(setup: Setup) -> None:
    for key in ("open", "routine:morning", "settings"):
        setup.tray.activate(key)
    assert setup.app.wishes == ["open", "play:morning", "settings"]
    assert setup.quits == 0


def test_start_desk_break_from_the_menu_closes_an_open_nudge(setup: Setup) -> None:
    setup.sit(30 * MIN)
    setup.tray.activate("desk-break")
    assert setup.nudge.calls[-1] == ("hide",)
    assert setup.app.wishes == ["play:desk-break"]
    assert setup.log.kinds == ["taken"]


def test_pausing_for_half_an_hour_holds_nudges_back_then_resumes(setup: Setup) -> None:
    setup.sit(20 * MIN)
    setup.tray.activate("pause:1800")
    assert setup.labels()[0] == "Reminders paused until 10:50"
    assert "Resume reminders" in setup.labels()
    assert "Pause reminders" not in setup.labels()
    setup.sit(29 * MIN)
    assert setup.nudge.shown == []
    setup.sit(2 * MIN)  # the pause is over and the count went on
    assert len(setup.nudge.shown) == 1


def test_pause_until_tomorrow_and_resume(setup: Setup) -> None:
    setup.tray.activate("pause:tomorrow")
    assert setup.labels()[0] == "Reminders paused until tomorrow"
    setup.sit(60 * MIN)
    assert setup.nudge.shown == []
    setup.tray.activate("resume")
    assert setup.labels()[0] == "A break is due now"
    setup.sit(1 * MIN)
    assert len(setup.nudge.shown) == 1


def test_pausing_closes_an_open_nudge(setup: Setup) -> None:
    setup.sit(30 * MIN)
    setup.tray.activate("pause:3600")
    assert setup.nudge.calls[-1] == ("hide",)


def test_quit_from_the_menu_quits_the_app_and_the_tray(setup: Setup) -> None:
    setup.tray.activate("quit")
    assert setup.app.wishes == ["quit"]
    assert setup.quits == 1


def test_an_unknown_key_does_nothing(setup: Setup) -> None:
    setup.tray.activate("pause:soon")
    setup.tray.activate("nonsense")
    assert setup.app.wishes == []
    assert setup.quits == 0
    assert "Pause reminders" in setup.labels()


# -- messages from other processes ---------------------------------------------------------


def message(setup: Setup, line: str) -> list[str]:
    replies: list[str] = []
    setup.tray.handle_message(line, replies.append)
    return replies


def test_no_nudge_while_a_routine_plays(setup: Setup) -> None:
    setup.sit(25 * MIN)
    message(setup, "routine-started")
    setup.sit(10 * MIN)
    assert setup.nudge.shown == []


def test_a_stopped_routine_lets_reminders_carry_on(setup: Setup) -> None:
    setup.sit(25 * MIN)
    message(setup, "routine-started")
    setup.sit(2 * MIN)
    message(setup, "routine-stopped")
    setup.sit(4 * MIN)
    assert len(setup.nudge.shown) == 1


def test_a_completed_routine_restarts_the_count(setup: Setup) -> None:
    setup.sit(25 * MIN)
    message(setup, "routine-started")
    setup.sit(3 * MIN)
    message(setup, "routine-completed")
    assert setup.labels()[0] == "Next break in 30 min"
    setup.sit(29 * MIN)
    assert setup.nudge.shown == []


def test_reloaded_settings_change_the_interval(setup: Setup) -> None:
    setup.sit(10 * MIN)
    save_settings(dataclasses.replace(setup.settings, reminder_interval_min=45))
    assert message(setup, "reload-settings") == []
    assert setup.labels()[0] == "Next break in 35 min"
    assert setup.settings.reminder_interval_min == 45  # the spoken-prompt hook sees it too


def test_reloaded_settings_can_turn_reminders_off_and_on(setup: Setup) -> None:
    save_settings(dataclasses.replace(setup.settings, reminders_enabled=False))
    message(setup, "reload-settings")
    assert setup.labels()[0] == REMINDERS_OFF
    assert setup.loop.pending() == []  # nothing polls while off
    save_settings(dataclasses.replace(setup.settings, reminders_enabled=True))
    message(setup, "reload-settings")
    assert setup.labels()[0].startswith("Next break in")
    assert setup.loop.pending()


def test_reloaded_settings_follow_mute_for_the_spoken_prompt(setup: Setup) -> None:
    save_settings(dataclasses.replace(setup.settings, muted=True))
    message(setup, "reload-settings")
    setup.sit(30 * MIN)
    assert len(setup.nudge.shown) == 1
    assert setup.nudge.said == []


def test_the_tray_hint_is_shown_once_and_remembered(setup: Setup) -> None:
    message(setup, "window-closed")
    message(setup, "window-closed")
    assert [title for title, _ in setup.notes] == [TRAY_HINT_TITLE]
    assert load_settings().settings.tray_hint_shown


def test_the_tray_hint_keeps_what_the_app_saved_meanwhile(setup: Setup) -> None:
    save_settings(dataclasses.replace(setup.settings, language="da", muted=True))
    message(setup, "window-closed")
    saved = load_settings().settings
    assert (saved.tray_hint_shown, saved.language, saved.muted) == (True, "da", True)


def test_a_hint_already_given_in_an_earlier_run_is_not_repeated() -> None:
    setup = Setup(Settings(tray_hint_shown=True))
    message(setup, "window-closed")
    assert setup.notes == []


def test_status_is_answered_with_the_menus_first_line(setup: Setup) -> None:
    setup.sit(5 * MIN)
    assert message(setup, "status") == ["Next break in 25 min"]


def test_a_second_tray_launch_is_told_that_one_runs(setup: Setup) -> None:
    message(setup, "tray")
    assert setup.notes == [("BackCoach is running", "Next break in 30 min")]


def test_quit_message_ends_the_tray_without_asking_the_app(setup: Setup) -> None:
    message(setup, "quit")
    assert setup.quits == 1
    assert setup.app.wishes == []


def test_stop_closes_an_open_nudge_and_disarms(setup: Setup) -> None:
    setup.sit(30 * MIN)
    setup.tray.stop()
    assert setup.nudge.calls[-1] == ("hide",)
    assert setup.loop.pending() == []


# -- the scheduler -------------------------------------------------------------------------


def test_loop_scheduler_keeps_one_timer_and_disarms(fake_clock: FakeClock) -> None:
    loop = FakeLoop(fake_clock)
    scheduler = LoopScheduler(loop)
    fired: list[str] = []
    scheduler.arm(10, lambda: fired.append("first"))
    scheduler.arm(5, lambda: fired.append("second"))
    assert len(loop.pending()) == 1
    fake_clock.advance(20)
    loop.fire_due()
    assert fired == ["second"]
    scheduler.arm(1, lambda: fired.append("third"))
    scheduler.disarm()
    scheduler.disarm()  # twice is harmless
    fake_clock.advance(5)
    loop.fire_due()
    assert fired == ["second"]


def test_a_runs_interval_override_survives_a_settings_reload() -> None:
    setup = Setup(Settings(reminders_enabled=False), overrides=(1, None))
    setup.tracker.reconfigure(
        dataclasses.replace(setup.tracker.config, interval_s=60)
    )  # what run_resident does with --interval 1
    save_settings(Settings(reminders_enabled=False, reminder_interval_min=45))
    message(setup, "reload-settings")
    assert setup.tracker.config.interval_s == 60, "--interval 1 still holds"
    assert setup.tray.enabled, "--interval turns reminders on for this run"


def test_the_menu_follows_a_language_saved_in_the_settings(setup: Setup) -> None:
    save_settings(dataclasses.replace(setup.settings, language="da"))
    message(setup, "reload-settings")
    assert setup.labels()[0] == "Næste pause om 30 min."
    assert "Afslut BackCoach" in setup.labels()
    setup.sit(30 * MIN)
    assert setup.notes[-1] == ("Tid til at rejse dig", "Du har siddet i 30 minutter.")
    assert setup.nudge.said == ["Du har siddet i 30 minutter. Tid til at rejse dig og bevæge dig."]


def test_an_unknown_language_saved_in_the_settings_is_reported(setup: Setup) -> None:
    save_settings(dataclasses.replace(setup.settings, language="tlh"))
    message(setup, "reload-settings")
    assert any("'tlh'" in text and "da (Dansk)" in text for _title, text in setup.notes)
    assert setup.labels()[0] == "Next break in 30 min"
