"""The resident tray's icon: a StatusNotifierItem a panel takes (even later), else the Qt tray."""

from __future__ import annotations

from backcoach.adapters.event_loop import SelectLoop
from backcoach.resident.main import TrayChoice, qt_tray_command
from tests.fakes import FakeTrayMenuSource


class Icon:
    """A tray icon whose panel is there from the start, or comes when the test says."""

    def __init__(self, name: str, *, panel_now: bool) -> None:
        self.name = name
        self.panel = panel_now
        self.closed = False
        self.refreshed = 0

    def show(self) -> bool:
        return self.panel

    def is_shown(self) -> bool:
        return self.panel and not self.closed

    def refresh(self) -> None:
        self.refreshed += 1

    def close(self) -> None:
        self.closed = True


class ManualLoop(SelectLoop):
    """A select loop on a clock the test moves."""

    def __init__(self) -> None:
        self.now = 0.0
        super().__init__(monotonic=lambda: self.now)

    def advance(self, seconds: float) -> None:
        self.now += seconds
        self.run_once(max_wait_s=0)


class Desktop:
    """What the test desktop has: a StatusNotifierItem (or no bus) and maybe an X system tray."""

    def __init__(self, sni: Icon | None, *, x_tray: bool) -> None:
        self.sni = sni
        self.x_tray = x_tray
        self.hand_overs = 0

    def choose(self) -> tuple[TrayChoice, ManualLoop]:
        loop = ManualLoop()

        def hand_over() -> None:
            self.hand_overs += 1

        choice = TrayChoice(
            loop,
            FakeTrayMenuSource(),
            hand_over,
            make_sni=lambda _loop, _source: self.sni,
            x_tray_present=lambda: self.x_tray,
        )
        return choice, loop


def test_a_status_notifier_watcher_present_at_start_wins_and_no_hand_over_follows() -> None:
    desktop = Desktop(Icon("StatusNotifierItem", panel_now=True), x_tray=True)
    choice, loop = desktop.choose()
    assert choice.icon is desktop.sni
    assert "StatusNotifierItem" in choice.describe()
    loop.advance(TrayChoice.CHECK_EVERY_S * 3)
    assert desktop.hand_overs == 0 and not choice.handing_over


def test_with_only_an_x_system_tray_the_qt_tray_takes_over_after_a_grace_time() -> None:
    desktop = Desktop(Icon("StatusNotifierItem", panel_now=False), x_tray=True)
    choice, loop = desktop.choose()
    assert desktop.hand_overs == 0, "a watcher may still be starting"
    loop.advance(TrayChoice.CHECK_EVERY_S)
    assert desktop.hand_overs == 1 and choice.handing_over
    assert desktop.sni is not None and desktop.sni.closed, "the waiting item is let go"
    loop.advance(TrayChoice.CHECK_EVERY_S * 3)
    assert desktop.hand_overs == 1, "handed over once"


def test_without_a_session_bus_an_x_system_tray_is_handed_over_at_once() -> None:
    desktop = Desktop(None, x_tray=True)
    choice, _ = desktop.choose()
    assert desktop.hand_overs == 1 and choice.handing_over


def test_a_watcher_that_starts_just_after_the_x_tray_keeps_the_resident_tray() -> None:
    desktop = Desktop(Icon("StatusNotifierItem", panel_now=False), x_tray=True)
    choice, loop = desktop.choose()
    assert desktop.sni is not None
    desktop.sni.panel = True
    loop.advance(TrayChoice.CHECK_EVERY_S)
    assert choice.icon is desktop.sni and desktop.hand_overs == 0


def test_a_panel_that_starts_later_gets_the_icon() -> None:
    desktop = Desktop(Icon("StatusNotifierItem", panel_now=False), x_tray=False)
    choice, loop = desktop.choose()
    assert choice.icon is None
    assert choice.describe() == (
        "BackCoach is running, waiting for a system tray to show its icon."
    )
    choice.refresh()
    assert desktop.sni is not None and desktop.sni.refreshed == 1, "kept up to date meanwhile"

    loop.advance(TrayChoice.CHECK_EVERY_S * 5)
    assert choice.icon is None
    desktop.sni.panel = True  # the desktop's StatusNotifierWatcher came up after BackCoach
    loop.advance(TrayChoice.CHECK_EVERY_S)
    assert choice.icon is desktop.sni and not desktop.sni.closed
    assert desktop.hand_overs == 0


def test_an_x_tray_that_starts_later_is_handed_over_to_qt(monkeypatch) -> None:
    monkeypatch.setenv("DISPLAY", ":99")
    desktop = Desktop(None, x_tray=False)
    _choice, loop = desktop.choose()
    loop.advance(TrayChoice.CHECK_EVERY_S * 3)
    assert desktop.hand_overs == 0
    desktop.x_tray = True
    loop.advance(TrayChoice.CHECK_EVERY_S)
    assert desktop.hand_overs == 1


def test_no_way_to_show_an_icon_is_said_plainly(monkeypatch) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    choice, _ = Desktop(None, x_tray=False).choose()
    assert choice.icon is None
    assert choice.describe() == "BackCoach is running without a tray icon."
    choice.close()


def test_the_qt_tray_command_keeps_this_runs_overrides() -> None:
    command = qt_tray_command(1, 30)
    assert command[1:] == ["-m", "backcoach", "tray", "--qt", "--interval", "1"] + [
        "--idle-threshold",
        "30",
    ]
    assert qt_tray_command(None, None)[-1] == "--qt"
