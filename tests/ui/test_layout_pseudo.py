"""Layouts hold in a long language: every window in the pseudo-language at 800×600 and full size.

The pseudo-language makes every translated string 40 % longer and accented;
``stretch_texts`` does the same to texts not yet marked for translation, so the
check means something before and after every string is in the catalog. A
label or button cut short, one outside its window, or a window pushed past
the size it was given fails the test with the widget's name and sizes.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget

from backcoach import i18n
from backcoach.config.settings import Settings
from backcoach.core.history.store import HistoryStore
from backcoach.core.playback.session_log import NoSessionLog
from backcoach.core.routine.catalog import load_catalog
from backcoach.core.routine.sharing import open_for_editing
from backcoach.ui.app.main_window import PREFERRED_SIZE, MainWindow
from backcoach.ui.app.safety_dialog import SafetyDialog
from backcoach.ui.editor.window import EditorWindow
from backcoach.ui.history.window import HistoryWindow
from backcoach.ui.player.page import INSTRUCTION_LINES
from backcoach.ui.player.page import _fit_lines as fit_lines
from backcoach.ui.reminders.nudge import NudgeWindow
from tests.fakes import FakeClock, FakeVoice
from tests.history_records import make_record
from tests.ui.layout_check import clipped_texts, pseudo_text, stretch_texts

SMALL = (800, 600)


@pytest.fixture
def pseudo_language() -> Iterator[None]:
    """Switch the interface to the pseudo-language for one test."""
    i18n.set_language("pseudo")
    try:
        yield
    finally:
        i18n.set_language("en")


@pytest.fixture
def main_window(qtbot, pseudo_language, fake_clock: FakeClock) -> MainWindow:
    window = MainWindow(
        Settings(safety_acknowledged=True),
        load_catalog(),
        voice_factory=lambda _s, _m: FakeVoice(),
        log_factory=lambda _m: NoSessionLog(),
        clock=fake_clock,
    )
    qtbot.addWidget(window)
    window.show()
    return window


def _check(window: QWidget, sizes: list[tuple[int, int]]) -> str:
    """Stretch the texts, try each size; return the problems, one a line (empty: none)."""
    stretch_texts(window)
    return "\n".join(f"{w}×{h}: {p}" for w, h in sizes for p in clipped_texts(window, w, h))


def test_pseudo_text_stretches_words_but_keeps_markup() -> None:
    assert pseudo_text("Start", rich=False) == i18n.pseudo("Start")
    stretched = pseudo_text("<b>Streak</b> &nbsp; 3 days", rich=True)
    assert stretched.startswith("<b>[Stréàk~~]</b> &nbsp;[ 3 dàýš")
    assert pseudo_text(stretched, rich=True) == stretched  # already stretched: left alone


def test_main_window_library_keeps_every_text_whole(main_window: MainWindow) -> None:
    full = (PREFERRED_SIZE.width(), PREFERRED_SIZE.height())
    assert _check(main_window, [SMALL, full]) == ""


def test_player_keeps_every_text_whole(main_window: MainWindow) -> None:
    routine = main_window.library.catalog.routines[0]
    main_window.play(routine)
    player = main_window.player
    assert player is not None
    problems = []
    for width, height in (SMALL, (PREFERRED_SIZE.width(), PREFERRED_SIZE.height())):
        stretch_texts(main_window)
        main_window.resize(width, height)
        # The page fits a long instruction into its two lines in a smaller font, as it
        # does whenever the instruction or the window's size changes.
        fit_lines(player.instruction_label, player.instruction_label.text(), INSTRUCTION_LINES)
        problems += [f"{width}×{height}: {p}" for p in clipped_texts(main_window, width, height)]
    assert "\n".join(problems) == ""


def test_player_end_view_keeps_every_text_whole(main_window: MainWindow) -> None:
    main_window.play(main_window.library.catalog.routines[0])
    assert main_window.player is not None
    main_window.player.stop()
    assert _check(main_window, [SMALL]) == ""


def test_history_window_keeps_every_text_whole(qtbot, pseudo_language) -> None:
    with HistoryStore() as store:
        store.add_many([make_record()])
    window = HistoryWindow(load_catalog())
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.loaded, timeout=10000):
        window.show()
    assert _check(window, [SMALL, (1120, 780)]) == ""


def test_settings_dialog_keeps_every_text_whole(main_window: MainWindow) -> None:
    dialog = main_window.open_settings()
    stretch_texts(dialog)
    hint = dialog.sizeHint()
    assert _check(dialog, [SMALL, (hint.width(), hint.height())]) == ""
    dialog.reject()


def test_safety_dialog_keeps_every_text_whole(qtbot, pseudo_language) -> None:
    dialog = SafetyDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    assert _check(dialog, [SMALL]) == ""


def test_editor_keeps_every_text_whole(qtbot, pseudo_language, monkeypatch) -> None:
    monkeypatch.setattr(  # closing at teardown must not wait for a question box
        QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard
    )
    window = EditorWindow(open_for_editing("strength-beginner"))
    qtbot.addWidget(window)
    window.show()
    window.wait_for_preview()
    assert _check(window, [SMALL, (1180, 760)]) == ""


def test_nudge_keeps_every_text_whole(qtbot, pseudo_language) -> None:
    nudge = NudgeWindow()
    qtbot.addWidget(nudge)
    stretch_texts(nudge)  # the buttons: the nudge is translated, its texts come again below
    nudge.show_nudge(45)
    assert "\n".join(clipped_texts(nudge, nudge.width(), nudge.height())) == ""
    assert nudge.width() <= SMALL[0] and nudge.height() <= SMALL[1]
