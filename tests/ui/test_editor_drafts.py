"""File → Open draft…: reopening kept drafts and autosaves, deleting them, and broken ones."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from backcoach.config import paths
from backcoach.config.settings import Settings
from backcoach.core.routine.document import text_value
from backcoach.core.routine.sharing import drafts_dir, open_for_editing
from backcoach.ui.editor.drafts import DraftsDialog
from backcoach.ui.editor.window import EditorWindow

answers: list[QMessageBox.StandardButton] = []


@pytest.fixture(autouse=True)
def dialogs(monkeypatch):
    """Question boxes answer from ``answers`` (else Discard); warnings are recorded."""
    warned: list[str] = []
    answers.clear()

    def question(*args, **kwargs):
        return answers.pop(0) if answers else QMessageBox.StandardButton.Discard

    monkeypatch.setattr(QMessageBox, "question", question)
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: warned.append(text))
    return warned


@pytest.fixture
def editor(qtbot) -> EditorWindow:
    window = EditorWindow(open_for_editing("strength-beginner"))
    qtbot.addWidget(window)
    return window


def rename_bird_dog(editor: EditorWindow, name: str) -> None:
    """Type ``name`` as the circuit's second step's English name."""
    editor.tree.select_pointer("/steps/0/steps/1")
    field = editor.binder.widgets["/steps/0/steps/1/name"]
    field.setText(name)
    field.textEdited.emit(name)
    editor.flush_check()


def keep_unfinished_draft(editor: EditorWindow) -> Path:
    """Empty a step's English name (an error) and keep the routine as a draft."""
    rename_bird_dog(editor, "")
    return editor.keep_draft()


def choose_first_by_keyboard(qtbot, monkeypatch) -> None:
    """Make the drafts dialog, when shown, take Enter on its first row (as a user would)."""

    def exec_(dialog: DraftsDialog) -> int:
        assert dialog.list.hasFocus() or dialog.list.currentRow() == 0
        qtbot.keyClick(dialog.list, Qt.Key.Key_Return)
        return int(dialog.result())

    monkeypatch.setattr(DraftsDialog, "exec", exec_)


def file_action(window, text: str):
    menu = window.menuBar().actions()[0].menu()
    return next(a for a in menu.actions() if a.text().replace("&", "") == text)


def test_open_draft_lists_title_id_and_when_and_opens_it_unsaved(
    qtbot, monkeypatch, editor: EditorWindow
) -> None:
    draft = keep_unfinished_draft(editor)
    dialog = DraftsDialog()
    qtbot.addWidget(dialog)
    assert dialog.list.accessibleName() == "Drafts"
    assert dialog.list.count() == 1
    label = dialog.list.item(0).text()
    assert label.startswith(
        "Beginner back strength circuit (my version)\nstrength-beginner-mine · kept "
    )
    assert dialog.list.item(0).toolTip() == str(draft)

    action = file_action(editor, "Open draft…")
    assert action.shortcut().toString() == "Ctrl+Shift+O"
    choose_first_by_keyboard(qtbot, monkeypatch)
    action.trigger()
    opened = editor.others[-1]
    qtbot.addWidget(opened)
    assert text_value(opened.document.get("/steps/0/steps/1/name")) == ""
    assert opened.isWindowModified() and not opened.undo_stack.isClean()  # closing asks
    assert opened.routine is None and not opened.save_button.isEnabled()
    assert any(p.pointer == "/steps/0/steps/1/name/en" for p in opened.problems)
    rename_bird_dog(opened, "Bird dog")
    assert opened.save_button.isEnabled()  # checked live like any edit
    assert opened.save() == paths.user_routines_dir() / "strength-beginner-mine.json"
    assert not draft.exists()  # finished: no longer listed as a draft
    assert DraftsDialog().list.count() == 0


def test_a_draft_stays_until_its_routine_is_saved(qtbot, monkeypatch, editor, dialogs) -> None:
    draft = keep_unfinished_draft(editor)
    choose_first_by_keyboard(qtbot, monkeypatch)
    opened = editor.open_draft()
    assert opened is not None
    qtbot.addWidget(opened)
    assert opened.save() is None  # still invalid: not saved
    assert draft.is_file()
    rename_bird_dog(opened, "Bird dog")
    monkeypatch.setattr(paths, "user_routines_dir", lambda: draft)  # a file: Save fails
    assert opened.save() is None
    assert dialogs[-1].startswith(f"{draft}/strength-beginner-mine.json: cannot be written (")
    assert draft.is_file()  # told why; the draft is kept


def test_a_draft_that_cannot_be_written_says_so_and_the_window_stays_open(
    qtbot, editor: EditorWindow, dialogs
) -> None:
    folder = drafts_dir()
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text("not a folder", encoding="utf-8")  # nothing can be written into it
    rename_bird_dog(editor, "")  # invalid: closing offers to keep it as a draft
    assert editor.keep_draft() is None
    assert dialogs[-1].startswith(f"{folder}/draft-strength-beginner-mine.json: cannot be written")
    editor.autosave()  # in the status bar, not a traceback
    assert editor.statusBar().currentMessage().startswith("Autosave failed: ")
    editor.show()
    answers.append(QMessageBox.StandardButton.Save)
    editor.close()
    assert editor.isVisible() and not editor.undo_stack.isClean()  # nothing typed is lost
    answers.append(QMessageBox.StandardButton.Discard)
    editor.close()


def test_a_draft_of_an_own_routine_saves_over_it(qtbot, monkeypatch, editor: EditorWindow) -> None:
    saved = editor.save()
    keep_unfinished_draft(editor)
    choose_first_by_keyboard(qtbot, monkeypatch)
    opened = editor.open_draft()
    assert opened is not None
    qtbot.addWidget(opened)
    assert opened.original == saved
    rename_bird_dog(opened, "Bird dog 2")
    assert opened.save() == saved
    assert (
        json.loads(saved.read_text("utf-8"))["steps"][0]["steps"][1]["name"]["en"] == "Bird dog 2"
    )


def test_autosaves_are_listed_as_autosaved(qtbot, editor: EditorWindow) -> None:
    keep_unfinished_draft(editor)
    editor.autosave()
    dialog = DraftsDialog()
    qtbot.addWidget(dialog)
    labels = sorted(dialog.list.item(row).text() for row in range(dialog.list.count()))
    assert len(labels) == 2
    assert "strength-beginner-mine · autosaved " in labels[0]
    assert "strength-beginner-mine · kept " in labels[1]


def test_delete_asks_and_removes_only_the_chosen_draft(qtbot, editor: EditorWindow) -> None:
    kept = keep_unfinished_draft(editor)
    editor.autosave()
    dialog = DraftsDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=3000)
    row = next(r for r in range(2) if dialog.list.item(r).toolTip() == str(kept))
    dialog.list.setCurrentRow(row)
    dialog.list.setFocus()
    answers.append(QMessageBox.StandardButton.No)
    qtbot.keyClick(dialog.list, Qt.Key.Key_Delete)
    assert not answers  # the Delete key asked
    assert kept.is_file() and dialog.list.count() == 2
    answers.append(QMessageBox.StandardButton.Yes)
    dialog.delete_button.click()
    assert not kept.exists()
    assert dialog.list.count() == 1 and editor.autosave_path().is_file()
    answers.append(QMessageBox.StandardButton.Yes)
    assert dialog.delete_selected()
    assert dialog.list.count() == 0 and dialog.empty.isVisibleTo(dialog)
    assert not dialog.open_button.isEnabled() and not dialog.delete_button.isEnabled()


def test_a_corrupt_draft_is_named_and_kept(qtbot, dialogs) -> None:
    folder = drafts_dir()
    folder.mkdir(parents=True)
    broken = folder / "draft-broken.json"
    broken.write_bytes(b'{"id": "broken",\n  "title": ')
    dialog = DraftsDialog()
    qtbot.addWidget(dialog)
    assert dialog.list.count() == 1
    assert dialog.list.item(0).text().startswith("draft-broken.json\nCannot be read: ")
    assert not dialog.open_selected()
    assert dialog.source is None and dialog.result() != DraftsDialog.DialogCode.Accepted
    assert len(dialogs) == 1 and str(broken) in dialogs[0] and "line 2" in dialogs[0]
    assert broken.read_bytes() == b'{"id": "broken",\n  "title": '  # not lost


def test_the_main_windows_file_menu_opens_drafts(qtbot, monkeypatch, editor) -> None:
    from backcoach.ui.app.main_window import MainWindow

    keep_unfinished_draft(editor)
    window = MainWindow(Settings(safety_acknowledged=True))
    qtbot.addWidget(window)
    action = file_action(window, "Open draft…")
    assert action is window.editors.open_draft_action
    choose_first_by_keyboard(qtbot, monkeypatch)
    action.trigger()
    opened = window.editors.editors[-1]
    qtbot.addWidget(opened)
    assert opened.document.get("/id") == "strength-beginner-mine"
    assert opened.isWindowModified()
    rename_bird_dog(opened, "Bird dog")
    opened.save()
    assert window.library.current_routine().routine_id == "strength-beginner-mine"
