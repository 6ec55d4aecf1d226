"""The XEmbed tray icon and its popup menu, against a real Xvfb with trayer as the panel."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator

import pytest

from backcoach.adapters.event_loop import SelectLoop
from backcoach.adapters.tray.icon import TEAL
from backcoach.adapters.tray.xembed import XEmbedTray
from backcoach.adapters.tray.xlib import XConnection
from backcoach.adapters.tray.xmenu import Metrics, PopupMenu
from backcoach.adapters.tray.xtext import CoreMenuFont, latin1
from backcoach.core.reminders.tray_menu import (
    DESK_BREAK,
    OPEN,
    SEPARATOR,
    MenuItem,
    build_tray_menu,
    info,
)
from tests.builders import sitting_status
from tests.desktop.helpers import running_xvfb, xdotool

SCREEN_W, SCREEN_H = 1024, 600


class RecordingMenu:
    """A menu source that records what the user chose."""

    def __init__(self) -> None:
        """Start with nothing chosen."""
        self.chosen: list[str] = []
        self.tip = "BackCoach - Next break in 12 min"

    def menu_items(self) -> tuple[MenuItem, ...]:
        """Return the real menu, 12 minutes before a break, with one routine."""
        status = sitting_status(12 * 60)
        return build_tray_menu(status, routines=(("morning", "Morning mobility"),))

    def activate(self, key: str) -> None:
        """Record ``key``."""
        self.chosen.append(key)

    def tooltip(self) -> str:
        """Return the current tooltip."""
        return self.tip


def spin(loop: SelectLoop, done: Callable[[], bool], timeout_s: float = 5.0) -> bool:
    """Run the loop until ``done()`` holds; return whether it did before the timeout."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if done():
            return True
        loop.run_once(0.02)
    return done()


@pytest.fixture(scope="module")
def display() -> Iterator[str]:
    """A private Xvfb for this module."""
    if shutil.which("trayer") is None:
        pytest.skip("trayer is not installed")
    with running_xvfb(f"{SCREEN_W}x{SCREEN_H}x24") as name:
        yield name


def start_trayer(display: str) -> subprocess.Popen[bytes]:
    """Start trayer at the bottom right of ``display`` (the icon menu then opens upwards)."""
    return subprocess.Popen(
        ["trayer", "--edge", "bottom", "--align", "right", "--widthtype", "request"]
        + ["--height", "26", "--SetDockType", "false"],
        env={**os.environ, "DISPLAY": display},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def stop(proc: subprocess.Popen[bytes]) -> None:
    """End a child process and wait for it."""
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture
def probe(display: str) -> Iterator[XConnection]:
    """A second X connection, for looking at what the tray drew."""
    x = XConnection(display)
    yield x
    x.close()


@pytest.fixture
def trayer(display: str, probe: XConnection) -> Iterator[subprocess.Popen[bytes]]:
    """trayer running and owning the system tray selection."""
    proc = start_trayer(display)
    selection = probe.intern(f"_NET_SYSTEM_TRAY_S{probe.screen}")
    deadline = time.monotonic() + 10
    while not probe.lib.XGetSelectionOwner(probe.handle, selection):
        assert time.monotonic() < deadline, "trayer did not take the tray selection"
        time.sleep(0.05)
    yield proc
    stop(proc)


@pytest.fixture
def docked(
    display: str, trayer: subprocess.Popen[bytes]
) -> Iterator[tuple[SelectLoop, XEmbedTray, RecordingMenu]]:
    """A tray icon docked in trayer, its loop and its menu source."""
    loop = SelectLoop()
    source = RecordingMenu()
    tray = XEmbedTray(loop, source, display=display)
    assert tray.show()
    assert spin(loop, lambda: tray.docked), "trayer did not embed the icon"
    spin(loop, lambda: False, 0.2)  # let trayer size and expose it
    yield loop, tray, source
    tray.close()


def parent_of(display: str, window: int) -> int:
    """Return the X parent of ``window`` as xwininfo reports it."""
    out = subprocess.run(
        ["xwininfo", "-id", str(window), "-tree"],
        env={**os.environ, "DISPLAY": display},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(line for line in out.splitlines() if "Parent window id:" in line)
    return int(line.split(":")[1].split()[0], 16)


def centre_of(display: str, window: int) -> tuple[int, int]:
    """Return the screen point at the middle of ``window``."""
    out = subprocess.run(
        ["xdotool", "getwindowgeometry", "--shell", str(window)],
        env={**os.environ, "DISPLAY": display},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    place = dict(line.split("=", 1) for line in out.split())
    return (
        int(place["X"]) + int(place["WIDTH"]) // 2,
        int(place["Y"]) + int(place["HEIGHT"]) // 2,
    )


def close_to(rgb: tuple[int, int, int], expected: tuple[int, int, int], slack: int = 12) -> bool:
    """Whether two colours are within ``slack`` on every channel."""
    return all(abs(a - b) <= slack for a, b in zip(rgb, expected, strict=True))


def open_menu(display: str, loop: SelectLoop, tray: XEmbedTray) -> PopupMenu:
    """Right-click the icon and return the open menu."""
    x, y = centre_of(display, tray.icon_window)
    xdotool(display, "mousemove", str(x), str(y), "click", "3")
    menu = tray.menu
    assert menu is not None
    assert spin(loop, lambda: menu.is_open), "the menu did not open"
    assert spin(loop, lambda: menu.grabbed), "the menu did not grab the pointer"
    return menu


# Pure pieces.


def test_core_fonts_get_latin1_spellings_of_typographic_characters() -> None:
    assert latin1("Settings…") == b"Settings..."
    assert latin1("Start a routine ▸") == b"Start a routine >"
    assert latin1("Pause – 5 min") == b"Pause - 5 min"
    assert latin1("Dansk: Ryg, bækken") == "Dansk: Ryg, bækken".encode("latin-1")
    assert latin1("下背部") == b"???"


def test_menu_spacing_grows_with_the_text() -> None:
    small = Metrics.for_font(10, 3)
    large = Metrics.for_font(20, 6)
    assert large.row > small.row > small.text_height
    assert large.min_width > small.min_width
    assert large.text_left > small.text_left


# Against a real X server.


@pytest.mark.slow
def test_icon_docks_into_trayer_and_shows_the_teal_disc(
    display: str, docked: tuple[SelectLoop, XEmbedTray, RecordingMenu], probe: XConnection
) -> None:
    _loop, tray, _source = docked
    assert parent_of(display, tray.icon_window) != probe.root
    pixels = probe.read_rgb(tray.icon_window, 0, 0, 22)
    assert len(pixels) == 22 * 22
    # Left of the spine, inside the disc: teal. The middle of the spine: white.
    assert close_to(pixels[11 * 22 + 5], TEAL)
    assert close_to(pixels[11 * 22 + 11], (255, 255, 255), slack=60)


@pytest.mark.slow
def test_tooltip_is_the_icon_window_name_and_follows_refresh(
    display: str, docked: tuple[SelectLoop, XEmbedTray, RecordingMenu]
) -> None:
    loop, tray, source = docked
    source.tip = "BackCoach - A break is due now"
    tray.refresh()
    loop.run_once(0.05)
    out = subprocess.run(
        ["xprop", "-id", str(tray.icon_window), "_NET_WM_NAME", "WM_NAME"],
        env={**os.environ, "DISPLAY": display},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out.count("BackCoach - A break is due now") == 2


@pytest.mark.slow
def test_without_a_panel_show_is_false_and_the_icon_docks_when_one_starts(
    display: str, probe: XConnection
) -> None:
    loop = SelectLoop()
    tray = XEmbedTray(loop, RecordingMenu(), display=display)
    try:
        assert tray.show() is False
        assert tray.icon_window == 0
        panel = start_trayer(display)
        try:
            assert spin(loop, lambda: tray.docked, 10), "no dock after the panel started"
            assert parent_of(display, tray.icon_window) != probe.root
        finally:
            stop(panel)
    finally:
        tray.close()


@pytest.mark.slow
def test_the_icon_comes_back_when_the_panel_restarts(display: str, probe: XConnection) -> None:
    loop = SelectLoop()
    tray = XEmbedTray(loop, RecordingMenu(), display=display)
    first = start_trayer(display)
    try:
        assert spin(loop, lambda: tray.show(), 10)
        assert spin(loop, lambda: tray.docked)
        stop(first)
        assert spin(loop, lambda: not tray.docked), "the icon did not notice the panel left"
        second = start_trayer(display)
        try:
            assert spin(loop, lambda: tray.docked, 10), "no dock into the restarted panel"
            assert parent_of(display, tray.icon_window) != probe.root
        finally:
            stop(second)
    finally:
        tray.close()


@pytest.mark.slow
def test_left_click_opens_backcoach(
    display: str, docked: tuple[SelectLoop, XEmbedTray, RecordingMenu]
) -> None:
    loop, tray, source = docked
    x, y = centre_of(display, tray.icon_window)
    xdotool(display, "mousemove", str(x), str(y), "click", "1")
    assert spin(loop, lambda: source.chosen == [OPEN])
    assert tray.menu is None or not tray.menu.is_open


@pytest.mark.slow
def test_right_click_shows_the_menu_above_the_bottom_panel(
    display: str, docked: tuple[SelectLoop, XEmbedTray, RecordingMenu], probe: XConnection
) -> None:
    loop, tray, source = docked
    menu = open_menu(display, loop, tray)
    top = menu.levels[0]
    assert top.labels == [item.label for item in source.menu_items()]
    assert top.x >= 0 and top.x + top.width <= SCREEN_W
    assert top.y + top.height <= SCREEN_H
    _, icon_y = centre_of(display, tray.icon_window)
    assert top.y < icon_y, "the menu should open upwards from a panel at the bottom"
    # Hovering a choice paints it teal.
    index = top.labels.index("Start desk break")
    xdotool(display, "mousemove", *map(str, top.row_centre(index)))
    assert spin(loop, lambda: top.selected == index)
    loop.run_once(0.05)
    row = top.rows[index]
    pixels = probe.read_rgb(top.window, 0, row.top, row.height)
    assert close_to(pixels[(row.height // 2) * row.height + 6], TEAL, slack=2)
    assert source.chosen == []


@pytest.mark.slow
def test_clicking_a_row_closes_the_menu_then_activates_its_key(
    display: str, docked: tuple[SelectLoop, XEmbedTray, RecordingMenu], probe: XConnection
) -> None:
    loop, tray, source = docked
    menu = open_menu(display, loop, tray)
    top = menu.levels[0]
    window = top.window
    index = top.labels.index("Start desk break")
    xdotool(display, "mousemove", *map(str, top.row_centre(index)), "click", "1")
    assert spin(loop, lambda: source.chosen == [DESK_BREAK])
    assert not menu.is_open and not menu.grabbed
    assert not probe.window_property_longs(window, "_NET_WM_WINDOW_TYPE")


@pytest.mark.slow
def test_greyed_lines_do_nothing_when_clicked(
    display: str, docked: tuple[SelectLoop, XEmbedTray, RecordingMenu]
) -> None:
    loop, tray, source = docked
    menu = open_menu(display, loop, tray)
    top = menu.levels[0]
    xdotool(display, "mousemove", *map(str, top.row_centre(0)), "click", "1")
    spin(loop, lambda: False, 0.3)
    assert menu.is_open and source.chosen == []


@pytest.mark.slow
def test_escape_closes_without_choosing(
    display: str, docked: tuple[SelectLoop, XEmbedTray, RecordingMenu]
) -> None:
    loop, tray, source = docked
    menu = open_menu(display, loop, tray)
    xdotool(display, "key", "Escape")
    assert spin(loop, lambda: not menu.is_open)
    assert source.chosen == []


@pytest.mark.slow
def test_a_click_elsewhere_closes_without_choosing(
    display: str, docked: tuple[SelectLoop, XEmbedTray, RecordingMenu]
) -> None:
    loop, tray, source = docked
    menu = open_menu(display, loop, tray)
    xdotool(display, "mousemove", "40", "40", "click", "1")
    assert spin(loop, lambda: not menu.is_open)
    assert source.chosen == []


@pytest.mark.slow
def test_a_submenu_opens_beside_its_row_and_its_items_can_be_chosen(
    display: str, docked: tuple[SelectLoop, XEmbedTray, RecordingMenu]
) -> None:
    loop, tray, source = docked
    menu = open_menu(display, loop, tray)
    top = menu.levels[0]
    index = top.labels.index("Pause reminders")
    xdotool(display, "mousemove", *map(str, top.row_centre(index)))
    assert spin(loop, lambda: len(menu.levels) == 2), "the submenu did not open on hover"
    sub = menu.levels[1]
    assert sub.labels == ["For 30 minutes", "For 1 hour", "Until tomorrow"]
    assert sub.x + sub.width <= top.x + 1 or sub.x >= top.x + top.width - 1
    xdotool(display, "mousemove", *map(str, sub.row_centre(0)), "click", "1")
    assert spin(loop, lambda: source.chosen == ["pause:1800"])
    assert not menu.is_open


@pytest.mark.slow
def test_the_keyboard_walks_the_menu(
    display: str, docked: tuple[SelectLoop, XEmbedTray, RecordingMenu]
) -> None:
    loop, tray, source = docked
    menu = open_menu(display, loop, tray)
    # The greyed line is skipped: Down lands on "Open BackCoach".
    xdotool(display, "key", "Down", "Down", "Return")
    assert spin(loop, lambda: source.chosen == [DESK_BREAK])
    assert not menu.is_open


@pytest.mark.slow
def test_the_menu_stays_on_screen_in_any_corner(
    display: str, docked: tuple[SelectLoop, XEmbedTray, RecordingMenu]
) -> None:
    _loop, tray, _source = docked
    menu = tray.menu
    assert menu is not None
    items = (info("Next break in 3 min"), SEPARATOR, MenuItem("a", "A rather long label here"))
    for x, y in ((0, 0), (SCREEN_W - 1, 0), (0, SCREEN_H - 1), (SCREEN_W - 1, SCREEN_H - 1)):
        menu.open(items, x, y)
        level = menu.levels[0]
        assert level.x >= 0 and level.x + level.width <= SCREEN_W
        assert level.y >= 0 and level.y + level.height <= SCREEN_H
        menu.close()


@pytest.mark.slow
def test_core_fonts_draw_utf8_labels(display: str, probe: XConnection) -> None:
    font = CoreMenuFont(probe)
    try:
        assert font.ascent > 0 and font.descent >= 0
        assert font.width("Settings…") == font.width("Settings...")
        gc = probe.lib.XCreateGC(probe.handle, probe.root, 0, None)
        pixmap = probe.lib.XCreatePixmap(probe.handle, probe.root, 200, 40, probe.default_depth)
        font.draw(pixmap, gc, 4, 20, "Start a routine ▸ 下背部", (0, 0, 0))
        probe.lib.XSync(probe.handle, 0)
        probe.lib.XFreePixmap(probe.handle, pixmap)
        probe.lib.XFreeGC(probe.handle, gc)
    finally:
        font.close()
