"""Keyboard and screen reader use: names, focus, tab order, keys, Esc, P, announcements.

The AT-SPI end-to-end check (what Orca really gets) is tests/desktop/test_atspi_tree.py;
these walk Qt's own accessibility interfaces, which AT-SPI is built from.
"""

from __future__ import annotations

import gc
import weakref
from collections import Counter

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QAction, QColor, QKeySequence
from PySide6.QtWidgets import QApplication, QDialog, QPushButton, QToolButton, QWidget

from backcoach import i18n
from backcoach.config.settings import Settings
from backcoach.core.playback.record import SessionStatus
from backcoach.core.playback.session import SessionState
from backcoach.ui.app.focus_ring import FOCUS_RING, install_focus_ring
from backcoach.ui.app.main_window import MainWindow
from backcoach.ui.app.safety_dialog import SafetyDialog
from backcoach.ui.player.announcer import (
    PlayerAnnouncer,
    countdown_words,
    worth_announcing,
)
from backcoach.ui.player.page import PlayerPage
from backcoach.ui.settings.dialog import SettingsDialog
from tests import builders as b
from tests.a11y_windows import Windows, open_windows, wait_until
from tests.fakes import FakeClock, FakeScreenAwake, FakeSessionLog, FakeVoice


@pytest.fixture
def windows(qtbot) -> Windows:
    opened = open_windows()
    for top in (opened.main, opened.end_view):  # the others are the main window's children
        qtbot.addWidget(top)  # pytest-qt closes and deletes them, in order, after the test
    yield opened
    opened.close_all()


def accessible_name(widget: QWidget) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name).strip() if interface is not None else ""


def unnamed_focusable(top: QWidget) -> list[str]:
    """Return the Tab-reachable controls in ``top``'s window that a screen reader cannot name."""
    found = []
    for widget in [top, *top.findChildren(QWidget)]:
        if widget.window() is not top.window() or widget.focusProxy() is not None:
            continue
        if not widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            continue
        if not accessible_name(widget):
            found.append(f"{type(widget).__name__} {widget.objectName()!r}")
    return found


def tab_chain(qtbot, start: QWidget, stops: int) -> list[QWidget]:
    """Return the widgets the Tab key visits from ``start`` (included)."""
    window = start.window()
    window.raise_()
    window.activateWindow()
    assert wait_until(window.isActiveWindow, 5)
    start.setFocus(Qt.FocusReason.TabFocusReason)
    assert wait_until(start.hasFocus, 5)
    chain = [start]
    for _ in range(stops - 1):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        chain.append(QApplication.focusWidget())
    return chain


def window_key_sequences(window: QWidget) -> list[str]:
    """Return the key sequences of every action that belongs to ``window`` (not its children's)."""
    return [
        sequence.toString()
        for action in window.findChildren(QAction)
        if isinstance(action.parent(), QWidget) and action.parent().window() is window
        for sequence in action.shortcuts()
        if not sequence.isEmpty()
    ]


# -- names ---------------------------------------------------------------------------------


def test_every_focusable_control_in_every_window_has_a_name(windows) -> None:
    for name, top in windows.by_name().items():
        assert unnamed_focusable(top) == [], name
    windows.main.player.stop()
    windows.main.show_library()
    assert unnamed_focusable(windows.main) == []


def test_the_custom_widgets_and_new_controls_have_names_and_descriptions(windows) -> None:
    player = windows.main.player
    assert accessible_name(player) == "Player"
    assert "P stop for sharp pain" in player.accessibleDescription()
    assert accessible_name(player.ring) == "Countdown"
    assert "at once" in player.pain_button.accessibleDescription()
    settings = windows.settings
    assert settings.voice_tab.volume.accessibleName() == "Volume"
    assert windows.settings.findChild(QWidget, "start_mon").accessibleName() == "Monday, from"


def test_names_follow_the_language(qtbot, fake_clock) -> None:
    i18n.set_language("da")
    try:
        page = PlayerPage(Settings(), FakeVoice(), FakeSessionLog(), fake_clock)
        qtbot.addWidget(page)
        assert page.accessibleName() == "Afspiller"
        assert page.ring.accessibleName() == "Nedtælling"
        assert countdown_words(10) == "10 sekunder tilbage"
        i18n.set_language("zh-TW")
        assert countdown_words(1) == "還剩 1 秒"
    finally:
        i18n.set_language("en")


# -- focus ---------------------------------------------------------------------------------


def test_the_focused_control_wears_a_thick_highlight_ring(qtbot) -> None:
    install_focus_ring(QApplication.instance())
    install_focus_ring(QApplication.instance())
    assert QApplication.instance().styleSheet().count(FOCUS_RING) == 1  # installed once
    top = QWidget()
    qtbot.addWidget(top)
    first, second = QPushButton("First", top), QPushButton("Second", top)
    second.move(0, 60)
    top.resize(200, 120)
    top.show()
    qtbot.waitExposed(top)
    top.activateWindow()
    first.setFocus()
    assert wait_until(first.hasFocus, 5)
    highlight = first.palette().color(first.palette().ColorRole.Highlight)

    def ring_pixels(button: QPushButton) -> int:
        image = button.grab().toImage()
        y = image.height() // 2
        return sum(QColor(image.pixel(x, y)) == highlight for x in range(4))

    assert ring_pixels(first) >= 2  # 3 px of highlight at the left edge
    assert ring_pixels(second) == 0


def test_focus_comes_back_to_the_library_after_the_first_run_safety_check(
    qtbot, monkeypatch
) -> None:
    window = MainWindow(Settings(safety_acknowledged=False), list_voices=lambda: [])
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    monkeypatch.setattr(SafetyDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    monkeypatch.setattr("backcoach.ui.app.main_window.try_save_settings", lambda settings: None)
    assert window.ask_safety_check() is False
    assert wait_until(window.library.routine_list.hasFocus, 5)


def test_the_player_has_the_keyboard_when_a_routine_starts_and_the_list_after(windows) -> None:
    main = windows.main
    main.activateWindow()
    assert wait_until(main.player.hasFocus, 5)
    main.player.stop()
    assert wait_until(main.player.end_view.save_button.hasFocus, 5)
    main.player.end_view.skip_button.click()
    assert wait_until(main.library.routine_list.hasFocus, 5)


# -- tab order -----------------------------------------------------------------------------


def test_tab_order_of_the_library(qtbot, windows) -> None:
    main = windows.main
    main.player.stop()
    main.show_library()
    main.activateWindow()
    library = main.library
    # The buttons left to right, as they are shown (Edit only for a routine of your own).
    buttons = [
        button
        for button in (library.edit_button, library.duplicate_button, library.start_button)
        if button.isVisibleTo(library) and button.isEnabled()
    ]
    assert library.start_button in buttons and library.duplicate_button in buttons
    # The search and the filters first ("Clear filters" is skipped while nothing is filtered).
    bar = [library.search, library.kind_filter, library.time_filter, library.equipment_filter]
    assert not library.clear_button.isEnabled()
    stops = len(bar) + 3 + len(buttons)
    chain = tab_chain(qtbot, library.search, stops)
    assert chain == [*bar, library.routine_list, library.detail, *buttons, library.search]


def test_tab_order_of_the_safety_check(qtbot, windows) -> None:
    safety = windows.safety
    safety.activateWindow()
    for box in safety.checks:
        box.setChecked(True)
    buttons = safety.buttons.buttons()
    chain = tab_chain(qtbot, safety.checks[0], 6)
    assert chain[:3] == safety.checks
    assert set(chain[3:5]) == set(buttons)
    assert chain[5] is safety.checks[0]


def test_tab_order_of_the_history_overview(qtbot, windows) -> None:
    history = windows.history
    exports = {b.defaultAction(): b for b in history.findChildren(QToolButton)}
    export_csv = exports[history.export_csv_action]
    export_json = exports[history.export_json_action]
    chain = tab_chain(qtbot, export_csv, 6)
    assert chain[:2] == [export_csv, export_json]
    assert chain[2] is history.tabs.tabBar()
    assert chain[3].accessibleName() == "Overview"  # the scrolling overview
    assert chain[4].objectName() == "nudgesByDay"
    assert chain[5] is export_csv


def test_tab_order_of_the_voice_settings(qtbot, windows) -> None:
    dialog: SettingsDialog = windows.settings
    dialog.activateWindow()
    tab = dialog.voice_tab
    chain = tab_chain(qtbot, tab.language, 7)
    assert chain == [tab.language, tab.voice, tab.rate, tab.volume, tab.beeps, tab.muted, chain[6]]
    assert chain[6] is tab.try_button or not tab.try_button.isEnabled()


def test_tab_order_after_a_session_goes_from_the_questions_to_save(qtbot, windows) -> None:
    view = windows.end_view
    view.activateWindow()
    effort, pain = view.effort.buttons, view.pain.buttons
    chain = tab_chain(qtbot, effort[0], 6)
    assert chain == [effort[0], pain[0], view.note, view.skip_button, view.save_button, effort[0]]
    # Along a scale: Right and Left move, Space chooses, and the choice is the Tab stop.
    qtbot.keyClick(effort[0], Qt.Key.Key_Right)
    qtbot.keyClick(effort[1], Qt.Key.Key_Right)
    assert effort[2].hasFocus()
    qtbot.keyClick(effort[2], Qt.Key.Key_Space)
    assert view.effort.value == 2
    qtbot.keyClick(effort[2], Qt.Key.Key_Tab)
    qtbot.keyClick(pain[0], Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert effort[2].hasFocus()


# -- keys ----------------------------------------------------------------------------------


def test_no_two_actions_or_keys_in_one_window_share_a_key_sequence(windows) -> None:
    main_keys = window_key_sequences(windows.main)
    history_keys = window_key_sequences(windows.history)
    assert {"Ctrl+O", "Ctrl+H"} <= set(main_keys)
    assert {"Esc", "Ctrl+W"} <= set(history_keys)
    for keys in (main_keys, history_keys):
        assert [seq for seq, n in Counter(keys).items() if n > 1] == []
    # The player's single keys: one action each, and none taken by a main window shortcut.
    player_keys = [QKeySequence(key).toString() for key in windows.main.player.key_actions()]
    assert len(set(player_keys)) == len(player_keys)
    assert set(player_keys).isdisjoint(main_keys)
    assert {"P", "Esc", "Space"} <= set(player_keys)


def test_p_stops_the_session_for_pain_at_once(qtbot, windows) -> None:
    player = windows.main.player
    qtbot.keyClick(player, Qt.Key.Key_P)
    assert player.session.state is SessionState.STOPPED
    assert player.session.record().status is SessionStatus.STOPPED_FOR_PAIN
    assert player.end_view.advice.isVisibleTo(player.end_view)
    assert "Stopped because of pain" in player.end_view.announced


def test_p_stops_for_pain_even_while_stop_is_being_asked(qtbot, windows) -> None:
    player = windows.main.player
    qtbot.keyClick(player, Qt.Key.Key_Escape)
    assert player.confirm_bar.isVisible()
    qtbot.keyClick(player, Qt.Key.Key_P)
    assert player.session.record().status is SessionStatus.STOPPED_FOR_PAIN


def test_esc_closes_the_dialogs_and_the_history_window(qtbot, windows) -> None:
    for dialog in (windows.settings, windows.safety):
        dialog.activateWindow()
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        assert not dialog.isVisible()
    history = windows.history
    history.activateWindow()
    assert wait_until(history.isActiveWindow, 5)
    qtbot.keyClick(history, Qt.Key.Key_Escape)
    assert wait_until(lambda: not history.isVisible(), 5)


def test_esc_after_a_session_skips_the_questions(qtbot, windows) -> None:
    player = windows.main.player
    player.stop()
    with qtbot.waitSignal(player.end_view.skipped, timeout=2000):
        qtbot.keyClick(player.end_view.save_button, Qt.Key.Key_Escape)


# -- announcements -------------------------------------------------------------------------


def test_countdown_texts_and_when_they_are_announced() -> None:
    announced = [s for s in range(0, 200) if worth_announcing(s)]
    assert announced == [1, 2, 3, 10, 20, 30, 40, 50, 60, 90, 120, 150, 180]
    assert countdown_words(1) == "1 second left"
    assert countdown_words(120) == "2 minutes left"
    assert countdown_words(90) == "1 min 30 s left"


def play_announced(qtbot, clock: FakeClock, routine, seconds: float) -> tuple[PlayerPage, list]:
    """Play ``routine`` for ``seconds`` on a shown page; return it and what it announced."""
    posted: list[str] = []
    page = PlayerPage(Settings(), FakeVoice(), FakeSessionLog(), clock, FakeScreenAwake())
    qtbot.addWidget(page)
    page.announcer = PlayerAnnouncer(page, post=lambda _widget, text: posted.append(text))
    page.resize(1000, 700)
    page.show()
    page.start(routine)
    wait_until(lambda: page.playing, 5)
    for _ in range(round(seconds * 4)):
        clock.advance(0.25)
        page.tick()
    return page, posted


def test_a_session_announces_phases_and_a_few_seconds_not_every_one(qtbot, fake_clock) -> None:
    routine = b.routine(b.timed("March", 25), b.rest(12), title="Tiny")
    _page, posted = play_announced(qtbot, fake_clock, routine, 40)
    assert posted == [
        "Keep going: March",
        "20 seconds left",
        "10 seconds left",
        "3 seconds left",
        "2 seconds left",
        "1 second left",
        "Rest. Next: The end",
        "10 seconds left",
        "3 seconds left",
        "2 seconds left",
        "1 second left",
    ]  # how it ended is the end view's announcement


def test_a_countdown_shown_in_minutes_is_announced_in_minutes_and_seconds(
    qtbot, fake_clock
) -> None:
    routine = b.routine(b.timed("Lie still", 660), title="Tiny")
    page, posted = play_announced(qtbot, fake_clock, routine, 60.5)
    assert page.ring.text == "10"  # 599.x s left, shown as whole minutes
    assert posted[1:] == ["10 min 30 s left", "10 minutes left"]  # not "30 seconds"


def test_the_announcer_leaves_the_page_free_to_go_without_the_garbage_collector(
    qapp, fake_clock
) -> None:
    """A page kept alive by a reference cycle is freed by gc at any moment, even mid-layout."""
    page = PlayerPage(Settings(), FakeVoice(), FakeSessionLog(), fake_clock)
    page.start(b.routine(b.timed("March", 25), title="Tiny"))
    gone = weakref.ref(page)
    gc.disable()
    try:
        page.shutdown()
        del page
        assert gone() is None
    finally:
        gc.enable()
