"""The StatusNotifierItem tray against a private bus, with a stand-in panel as watcher and host."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from backcoach.adapters.event_loop import SelectLoop
from backcoach.adapters.tray import sni
from backcoach.adapters.tray.icon import ICON_SIZES
from backcoach.adapters.tray.sni import StatusNotifierTray
from backcoach.core.reminders.sitting import SittingStatus
from backcoach.core.reminders.tray_menu import build_tray_menu
from tests.desktop.helpers import running_session_bus
from tests.desktop.sni_panel import ITEM, ITEM_PATH, FakePanel, error_name, pump_until
from tests.fakes import FakeTrayMenuSource


def status(due_in_s: float) -> SittingStatus:
    return SittingStatus(
        at=1_800_000_000.0,
        sitting_s=600.0,
        due_in_s=due_in_s,
        nudge_open=False,
        away=False,
        paused_until=None,
        outside_hours=False,
        idle_measured=True,
    )


def menu(due_in_s: float = 720.0):
    routines = [("desk_break", "Desk_break 2 min"), ("evening", "Evening mat")]
    return build_tray_menu(status(due_in_s), routines=routines)


@pytest.fixture(scope="module")
def bus_address(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_session_bus(tmp_path_factory.mktemp("bus")) as address:
        yield address


@pytest.fixture
def loop() -> Iterator[SelectLoop]:
    loop = SelectLoop()
    yield loop
    loop.close()


@pytest.fixture
def panel(bus_address: str, loop: SelectLoop) -> Iterator[FakePanel]:
    panel = FakePanel(bus_address, loop)
    yield panel
    panel.close()


@pytest.fixture
def source() -> FakeTrayMenuSource:
    return FakeTrayMenuSource(menu())


@pytest.fixture
def tray(bus_address: str, loop: SelectLoop, source) -> Iterator[StatusNotifierTray]:
    tray = StatusNotifierTray(loop, source, bus_address=bus_address)
    yield tray
    tray.close()


@pytest.fixture
def shown(panel: FakePanel, tray: StatusNotifierTray, loop: SelectLoop) -> StatusNotifierTray:
    """A tray shown while the panel is already watching, and registered."""
    panel.become_watcher()
    assert tray.show()
    pump_until(loop, lambda: tray.registered, panel)
    yield tray
    panel.stop_watching()


def find(tree: dict, label: str) -> dict:
    """Return the node labelled ``label`` anywhere in a layout tree."""
    for child in tree["children"]:
        if child["props"].get("label") == label:
            return child
        try:
            return find(child, label)
        except LookupError:
            pass
    raise LookupError(label)


def test_the_icon_registers_with_its_bus_name(shown, panel: FakePanel) -> None:
    assert panel.registrations == [shown.bus_name]
    assert shown.bus_name.startswith("org.kde.StatusNotifierItem-")


def test_the_host_reads_pixels_title_and_tooltip(shown, panel: FakePanel) -> None:
    props = panel.item_properties(shown.bus_name)
    assert [(w, h, len(data)) for w, h, data in props["IconPixmap"]] == [
        (size, size, size * size * 4) for size in ICON_SIZES
    ]
    # The app icon's own pixels: the middle of the 22 px one is its blue, fully opaque.
    _, _, pixels = props["IconPixmap"][ICON_SIZES.index(22)]
    middle = (11 * 22 + 11) * 4
    alpha, red, _green, blue = pixels[middle : middle + 4]
    assert alpha == 255 and blue > red
    assert props["IconName"] == ""
    assert props["Id"] == "backcoach"
    assert props["Title"] == "BackCoach"
    assert props["Category"] == "ApplicationStatus"
    assert props["Status"] == "Active"
    assert props["ItemIsMenu"] is False
    assert props["Menu"] == "/MenuBar"
    _icon, _pixmaps, title, _text = props["ToolTip"]
    assert title == "BackCoach - Next break in 12 min"


def test_a_single_property_can_be_read(shown, panel: FakePanel) -> None:
    reply = panel.call(
        shown.bus_name, ITEM_PATH, "org.freedesktop.DBus.Properties", "Get", "ss", (ITEM, "Title")
    )
    assert reply.body == (("s", "BackCoach"),)


def test_the_menu_tree_mirrors_the_source(shown, panel: FakePanel) -> None:
    _revision, tree = panel.layout(shown.bus_name)
    top = tree["children"]
    assert top[0]["props"] == {"label": "Next break in 12 min", "enabled": False}
    assert top[1]["props"] == {"type": "separator"}
    labels = [child["props"].get("label") for child in top]
    assert labels[2:5] == ["Open BackCoach", "Start desk break", "Start a routine"]
    assert labels[-2:] == ["Settings…", "Quit BackCoach"]
    routines = find(tree, "Start a routine")
    assert routines["props"]["children-display"] == "submenu"
    # "_" is dbusmenu's mnemonic marker, so a literal one goes over doubled.
    assert [c["props"]["label"] for c in routines["children"]] == [
        "Desk__break 2 min",
        "Evening mat",
    ]
    pause = find(tree, "Pause reminders")
    assert [c["props"]["label"] for c in pause["children"]] == [
        "For 30 minutes",
        "For 1 hour",
        "Until tomorrow",
    ]


def test_the_status_line_is_fresh_when_the_menu_opens(
    panel: FakePanel, tray: StatusNotifierTray, source: FakeTrayMenuSource, loop: SelectLoop
) -> None:
    source.menus = [menu(720.0), menu(300.0)]
    panel.become_watcher()
    tray.show()
    revision, tree = panel.layout(tray.bus_name)
    assert tree["children"][0]["props"]["label"] == "Next break in 12 min"

    reply = panel.menu(tray.bus_name, "AboutToShow", "i", (0,))
    assert reply.body == (True,)
    pump_until(loop, lambda: ("/MenuBar", "LayoutUpdated") in panel.signals, panel)
    new_revision, tree = panel.layout(tray.bus_name)
    assert new_revision > revision
    assert tree["children"][0]["props"]["label"] == "Next break in 5 min"
    # Nothing moved since: no update needed.
    assert panel.menu(tray.bus_name, "AboutToShow", "i", (0,)).body == (False,)
    panel.stop_watching()


def test_clicking_an_item_hands_its_key_to_the_source(
    shown, panel: FakePanel, source: FakeTrayMenuSource, loop: SelectLoop
) -> None:
    _revision, tree = panel.layout(shown.bus_name)
    one_hour = find(find(tree, "Pause reminders"), "For 1 hour")
    panel.menu(shown.bus_name, "Event", "isvu", (one_hour["id"], "clicked", ("i", 0), 0))
    pump_until(loop, lambda: source.activated, panel)
    assert source.activated == ["pause:3600"]

    status_line = tree["children"][0]
    panel.menu(shown.bus_name, "Event", "isvu", (status_line["id"], "clicked", ("i", 0), 0))
    desk = find(tree, "Start desk break")
    reply = panel.menu(
        shown.bus_name, "EventGroup", "a(isvu)", ([(desk["id"], "clicked", ("i", 0), 0)],)
    )
    assert reply.body == ([],)
    pump_until(loop, lambda: len(source.activated) == 2, panel)
    assert source.activated == ["pause:3600", "desk-break"]


def test_a_click_on_a_menu_drawn_before_a_change_still_reaches_its_choice(
    shown, panel: FakePanel, source: FakeTrayMenuSource, loop: SelectLoop
) -> None:
    _revision, old_tree = panel.layout(shown.bus_name)
    quit_id = find(old_tree, "Quit BackCoach")["id"]
    source.menus = [menu(30.0)]  # the status line changes, the choices keep their ids
    _revision, new_tree = panel.layout(shown.bus_name)
    assert new_tree["children"][0]["props"]["label"] == "Next break in under a minute"
    assert find(new_tree, "Quit BackCoach")["id"] == quit_id
    panel.menu(shown.bus_name, "Event", "isvu", (quit_id, "clicked", ("i", 0), 0))
    pump_until(loop, lambda: source.activated, panel)
    assert source.activated == ["quit"]


def test_a_click_on_the_icon_opens_backcoach(
    shown, panel: FakePanel, source: FakeTrayMenuSource, loop: SelectLoop
) -> None:
    panel.call(shown.bus_name, ITEM_PATH, ITEM, "Activate", "ii", (10, 20))
    pump_until(loop, lambda: source.activated, panel)
    assert source.activated == ["open"]


def test_without_a_watcher_show_is_false_and_the_icon_comes_when_one_appears(
    panel: FakePanel, tray: StatusNotifierTray, loop: SelectLoop
) -> None:
    assert tray.show() is False
    assert not tray.registered
    panel.become_watcher()
    pump_until(loop, lambda: tray.registered, panel)
    assert panel.registrations == [tray.bus_name]

    # The panel restarts: the icon is registered again.
    panel.stop_watching()
    pump_until(loop, lambda: not tray.registered, panel)
    panel.become_watcher()
    pump_until(loop, lambda: tray.registered, panel)
    assert panel.registrations == [tray.bus_name, tray.bus_name]
    panel.stop_watching()


def test_a_watcher_still_starting_up_is_asked_again(
    panel: FakePanel, tray: StatusNotifierTray, loop: SelectLoop
) -> None:
    panel.not_ready = 1  # it owns the name but does not serve its object yet
    panel.become_watcher()
    assert tray.show()
    pump_until(loop, lambda: tray.registered, panel)
    assert panel.registrations == [tray.bus_name]
    panel.stop_watching()


def test_a_watcher_slow_past_every_scheduled_retry_still_gets_the_icon(
    panel: FakePanel, tray: StatusNotifierTray, loop: SelectLoop, monkeypatch
) -> None:
    # On a loaded machine a panel can own the watcher's name for many seconds before it
    # serves its object: the icon must not give up after the last scheduled pause.
    monkeypatch.setattr(sni, "REGISTER_RETRY_S", (0.01, 0.02))
    panel.not_ready = 6
    panel.become_watcher()
    assert tray.show()
    pump_until(loop, lambda: tray.registered, panel)
    assert panel.registrations == [tray.bus_name]
    panel.stop_watching()


def test_unknown_calls_get_errors_and_the_icon_keeps_serving(
    shown, panel: FakePanel, source: FakeTrayMenuSource
) -> None:
    name = shown.bus_name
    assert error_name(panel.call(name, ITEM_PATH, ITEM, "Explode")) == (
        "org.freedesktop.DBus.Error.UnknownMethod"
    )
    assert error_name(panel.call(name, "/Nowhere", ITEM, "Activate", "ii", (0, 0))) == (
        "org.freedesktop.DBus.Error.UnknownObject"
    )
    assert error_name(panel.call(name, ITEM_PATH, ITEM, "Activate", "s", ("x",))) == (
        "org.freedesktop.DBus.Error.InvalidArgs"
    )
    assert error_name(panel.menu(name, "GetProperty", "is", (9999, "label"))) == (
        "org.freedesktop.DBus.Error.InvalidArgs"
    )
    source.broken = True
    assert error_name(panel.menu(name, "GetLayout", "iias", (0, -1, []))) == (
        "org.freedesktop.DBus.Error.Failed"
    )
    source.broken = False
    assert panel.item_properties(name)["Title"] == "BackCoach"
    assert panel.layout(name)[1]["children"]


def test_introspection_describes_the_objects(shown, panel: FakePanel) -> None:
    introspectable = "org.freedesktop.DBus.Introspectable"
    (item_xml,) = panel.call(shown.bus_name, ITEM_PATH, introspectable, "Introspect").body
    assert '<interface name="org.kde.StatusNotifierItem">' in item_xml
    assert '<property name="IconPixmap" type="a(iiay)" access="read"/>' in item_xml
    (menu_xml,) = panel.call(shown.bus_name, "/MenuBar", introspectable, "Introspect").body
    assert '<method name="GetLayout">' in menu_xml
    (root_xml,) = panel.call(shown.bus_name, "/", introspectable, "Introspect").body
    assert '<node name="StatusNotifierItem"/>' in root_xml
    assert '<node name="MenuBar"/>' in root_xml


def test_refresh_sends_change_signals_only_when_something_changed(
    shown, panel: FakePanel, source: FakeTrayMenuSource, loop: SelectLoop
) -> None:
    panel.layout(shown.bus_name)
    panel.signals.clear()
    shown.refresh()
    panel.item_properties(shown.bus_name)  # a round trip: any signal would be in by now
    assert panel.signals == []

    source.tooltip_text = "BackCoach - Next break in 3 min"
    source.menus = [menu(180.0)]
    shown.refresh()
    expected = {(ITEM_PATH, "NewToolTip"), ("/MenuBar", "LayoutUpdated")}
    pump_until(loop, lambda: expected <= set(panel.signals), panel)
    _icon, _pixmaps, title, _text = panel.item_properties(shown.bus_name)["ToolTip"]
    assert title == "BackCoach - Next break in 3 min"


def test_closing_removes_the_icon_from_the_bus(shown, panel: FakePanel) -> None:
    name = shown.bus_name
    assert panel.bus_call("NameHasOwner", "s", (name,)).body == (True,)
    shown.close()
    assert panel.bus_call("NameHasOwner", "s", (name,)).body == (False,)


def test_without_a_session_bus_show_is_false(loop: SelectLoop, tmp_path: Path) -> None:
    tray = StatusNotifierTray(
        loop, FakeTrayMenuSource(menu()), bus_address=f"unix:path={tmp_path}/no-bus"
    )
    assert tray.show() is False
    tray.close()
