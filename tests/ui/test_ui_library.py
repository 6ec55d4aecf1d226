"""The library window and the safety check, driven as a user would."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from backcoach.config.settings import Settings, load_settings
from backcoach.core.routine.catalog import load_catalog
from backcoach.ui.app.main_window import MainWindow
from backcoach.ui.app.safety_dialog import SafetyDialog
from backcoach.ui.library.view import LibraryView


def test_library_lists_every_bundled_routine_with_time_and_kind(qtbot) -> None:
    catalog = load_catalog()
    view = LibraryView(catalog)
    qtbot.addWidget(view)
    model = view.model
    rows = [model.index(row) for row in range(model.rowCount())]
    texts = [index.data(Qt.ItemDataRole.AccessibleTextRole) for index in rows]
    assert len(texts) == len(catalog.routines) >= 6
    desk = next(t for t in texts if t.startswith("Desk break"))
    assert "Desk break · 2 min · Gentle" in desk


def test_selecting_a_routine_shows_steps_safety_and_total(qtbot) -> None:
    view = LibraryView(load_catalog())
    qtbot.addWidget(view)
    assert view.select("strength-beginner")
    page = view.detail.toPlainText()
    assert "Glute bridge" in page and "Bird dog" in page
    assert "3 rounds of 3 exercises" in page
    assert "Stop at once if you feel sharp" in page
    assert "Time: 15:22" in page


def test_library_speaks_the_users_language(qtbot) -> None:
    view = LibraryView(load_catalog(), language="da")
    qtbot.addWidget(view)
    view.select("desk-break")
    assert "Stop med det samme" in view.detail.toPlainText()


def test_start_button_and_enter_request_the_selected_routine(qtbot) -> None:
    view = LibraryView(load_catalog())
    qtbot.addWidget(view)
    view.select("desk-break")
    with qtbot.waitSignal(view.start_requested) as blocker:
        qtbot.mouseClick(view.start_button, Qt.MouseButton.LeftButton)
    assert blocker.args[0].routine_id == "desk-break"


def test_broken_user_file_is_named_in_a_banner(qtbot, backcoach_home: Path) -> None:
    folder = backcoach_home / "data" / "routines"
    folder.mkdir(parents=True)
    (folder / "mine.json").write_text('{"format": 1, "id": "mine"')
    view = LibraryView(load_catalog())
    qtbot.addWidget(view)
    assert not view.problems_label.isHidden()
    assert "mine.json" in view.problems_label.text()


def test_safety_dialog_needs_every_box(qtbot) -> None:
    dialog = SafetyDialog()
    qtbot.addWidget(dialog)
    assert not dialog.continue_button.isEnabled()
    for box in dialog.checks[:-1]:
        box.setChecked(True)
    assert not dialog.continue_button.isEnabled()
    dialog.checks[-1].setChecked(True)
    assert dialog.continue_button.isEnabled()


def test_start_asks_the_safety_check_once_and_remembers(
    qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[bool] = []

    def fake_exec(dialog: SafetyDialog) -> int:
        asked.append(True)
        for box in dialog.checks:
            box.setChecked(True)
        return SafetyDialog.DialogCode.Accepted

    monkeypatch.setattr(SafetyDialog, "exec", fake_exec)
    played: list[str] = []
    window = MainWindow(Settings())
    qtbot.addWidget(window)
    monkeypatch.setattr(window, "play", lambda routine: played.append(routine.routine_id) or True)
    window.library.select("desk-break")
    window.library.start_button.click()
    window.library.start_button.click()
    assert played == ["desk-break", "desk-break"]
    assert asked == [True]
    assert load_settings().settings.safety_acknowledged


def test_declined_safety_check_does_not_start(qtbot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(SafetyDialog, "exec", lambda dialog: SafetyDialog.DialogCode.Rejected)
    window = MainWindow(Settings())
    qtbot.addWidget(window)
    monkeypatch.setattr(window, "play", lambda routine: pytest.fail("must not play"))
    assert window.start_routine(window.library.current_routine()) is False


def test_opening_an_invalid_file_shows_every_problem(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    bad = tmp_path / "bad.json"
    bad.write_text(
        '{"format": 1, "id": "bad-one", "title": "B", "kind": "custom",'
        ' "steps": [{"type": "hold", "name": "P", "hold_s": -5}]}'
    )
    window = MainWindow(Settings(safety_acknowledged=True))
    qtbot.addWidget(window)
    assert window.open_routine_file(str(bad)) is None
    assert (
        shown and "/steps/0/hold_s: must be a number of seconds of at least 1, got -5" in shown[0]
    )


def test_library_edit_duplicate_and_drop_from_the_main_window(qtbot, tmp_path, monkeypatch) -> None:
    """Duplicate to edit on a bundled routine, Edit on the saved copy; a dropped file imports."""
    from PySide6.QtCore import QMimeData, QPoint, QUrl
    from PySide6.QtGui import QDropEvent

    from backcoach.core.routine.document import template

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    window = MainWindow(Settings(safety_acknowledged=True))
    qtbot.addWidget(window)
    library = window.library
    assert library.select("warm-up")
    assert library.duplicate_button.isVisibleTo(library)
    assert not library.edit_button.isVisibleTo(library)
    library.duplicate_button.click()
    editor = window.editors.editors[-1]
    qtbot.addWidget(editor)
    assert editor.document.get("/id") == "warm-up-mine"
    editor.save()
    assert library.current_routine().routine_id == "warm-up-mine"
    assert library.edit_button.isVisibleTo(library)
    library.edit_button.click()
    second = window.editors.editors[-1]
    qtbot.addWidget(second)
    assert second.original == library.current_routine().source_path
    shared = tmp_path / "shared.json"
    shared.write_text(json.dumps(template("stretch")))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(shared))])
    event = QDropEvent(
        QPoint(5, 5).toPointF(),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    library.dropEvent(event)
    assert library.current_routine().routine_id == "my-stretch"


def test_the_banner_stays_short_and_plain_however_bad_the_files(
    qtbot, backcoach_home: Path
) -> None:
    from backcoach.ui.library.view import BANNER_FILES

    folder = backcoach_home / "data" / "routines"
    folder.mkdir(parents=True)
    bad = (
        '{"format": 1, "id": "xy", "title": "T", "kind": "custom", "steps": ['
        + "{}," * 3000
        + "{}]}"
    )
    for number in range(BANNER_FILES + 3):
        (folder / f"<b>bad-{number}.json").write_text(bad)
    view = LibraryView(load_catalog())
    qtbot.addWidget(view)
    text = view.problems_label.text()
    assert view.problems_label.textFormat() == Qt.TextFormat.PlainText
    assert len(text.splitlines()) == 1 + BANNER_FILES + 1
    assert (
        "<b>bad-0.json: /steps: has 3001 items" in text and "more; see backcoach validate" in text
    )
    assert text.splitlines()[-1] == "… and 3 more files."
    assert view.model.routine_count() == len(load_catalog().routines) > 0
