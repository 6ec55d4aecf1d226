"""Which tray icon the resident tray shows: the one a panel takes, even a panel started later."""

from __future__ import annotations

from backcoach.adapters.event_loop import SelectLoop
from backcoach.resident.main import TrayChoice
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


def choose(*icons: Icon | None) -> tuple[TrayChoice, ManualLoop]:
    loop = ManualLoop()
    makers = [lambda _loop, _source, icon=icon: icon for icon in icons]
    return TrayChoice(loop, FakeTrayMenuSource(), makers), loop


def test_a_status_notifier_watcher_present_at_start_wins_and_xembed_is_not_tried() -> None:
    sni, xembed = Icon("StatusNotifierItem", panel_now=True), Icon("XEmbed", panel_now=True)
    choice, _ = choose(sni, xembed)
    assert choice.icon is sni
    assert "StatusNotifierItem" in choice.describe()


def test_without_a_watcher_an_xembed_tray_is_used() -> None:
    sni, xembed = Icon("StatusNotifierItem", panel_now=False), Icon("XEmbed", panel_now=True)
    choice, _ = choose(sni, xembed)
    assert choice.icon is xembed
    assert sni.closed, "the waiting StatusNotifierItem is let go"


def test_a_panel_that_starts_later_gets_the_icon_and_the_other_kind_is_closed() -> None:
    sni, xembed = Icon("StatusNotifierItem", panel_now=False), Icon("XEmbed", panel_now=False)
    choice, loop = choose(sni, xembed)
    assert choice.icon is None
    assert choice.describe() == "waiting for a system tray to show its icon"
    choice.refresh()
    assert sni.refreshed == xembed.refreshed == 1, "both stay up to date while they wait"

    loop.advance(TrayChoice.CHECK_EVERY_S)
    assert choice.icon is None
    sni.panel = True  # the desktop's StatusNotifierWatcher came up after BackCoach
    loop.advance(TrayChoice.CHECK_EVERY_S)
    assert choice.icon is sni
    assert xembed.closed and not sni.closed


def test_no_way_to_show_an_icon_is_said_plainly() -> None:
    choice, _ = choose(None, None)
    assert choice.icon is None
    assert choice.describe() == "without a tray icon"
    choice.close()
