"""The main window, the safety check and the routine editor in Danish and Chinese."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from backcoach.config.settings import Settings
from backcoach.core.routine.catalog import Catalog, load_catalog
from backcoach.core.routine.sharing import open_for_editing
from backcoach.ui.app.safety_dialog import SafetyDialog
from backcoach.ui.editor.window import EditorWindow


@pytest.fixture(autouse=True)
def no_dialogs(monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    return load_catalog(user_dir=tmp_path_factory.mktemp("no-user-routines"))


def open_editor(qtbot) -> EditorWindow:
    window = EditorWindow(open_for_editing("strength-beginner"), play=lambda *_a: None)
    qtbot.addWidget(window)
    window.wait_for_preview()
    return window


def menu_titles(window) -> list[str]:
    return [action.text() for action in window.menuBar().actions()]


def test_the_main_window_menus_in_chinese(qtbot, bundled, language) -> None:
    from backcoach.ui.app.main_window import MainWindow

    language("zh-TW")
    window = MainWindow(Settings(language="zh-TW", safety_acknowledged=True), catalog=bundled)
    qtbot.addWidget(window)
    assert menu_titles(window) == ["檔案(&F)", "檢視(&V)", "說明(&H)"]
    file_menu = window.menuBar().actions()[0].menu()
    texts = [action.text() for action in file_menu.actions()]
    assert "開啟課程檔案(&O)…" in texts and "結束(&Q)" in texts
    assert "匯入課程(&I)…" in texts


def test_the_safety_check_in_danish(qtbot, language) -> None:
    language("da")
    dialog = SafetyDialog("da")
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Før du starter"
    assert dialog.continue_button.text() == "Jeg forstår, fortsæt"
    assert "fysioterapeut" in dialog.hint.text()


def test_the_editor_in_danish(qtbot, language) -> None:
    language("da")
    editor = open_editor(qtbot)
    assert menu_titles(editor) == ["&Filer", "&Rediger", "&Forhåndsvisning"]
    assert editor.add_button.text() == "Tilføj trin"
    assert editor.total_label.text().startswith("I alt: ")
    assert editor.problem_title.text() == "Kontrol: 0 problemer, 0 advarsler"
    editor.tree.select_pointer("/steps/0/steps/0")
    assert editor.form_title.text() == "Gentagelsestrin"
    editor.binder.widgets["/steps/0/steps/0/tempo/down_s"].setValue(0.5)
    with qtbot.waitSignal(editor.checked, timeout=2000):
        pass
    assert editor.problem_title.text() == "Kontrol: 0 problemer, 2 advarsler"
    listed = [editor.problem_list.item(i).text() for i in range(editor.problem_list.count())]
    assert any(
        "sænk cirka dobbelt så langsomt" in text and "(artikel 000)" in text for text in listed
    )
    assert any("(0,5 s)" in text for text in listed)  # a decimal comma, as in the field


def test_the_editor_starts_with_the_texts_in_the_users_language(qtbot, language) -> None:
    language("da")
    editor = open_editor(qtbot)
    assert editor.language_box.currentData() == "da"
    labels = [item.text(0) for item in editor.tree.items()]
    assert labels[0] == "Rutinens oplysninger · Begynderkredsløb for en stærk ryg (min udgave)"
    assert labels[2] == "Bækkenløft · 12 gent."
    editor.tree.select_pointer("/steps/0/steps/1")
    assert editor.binder.widgets["/steps/0/steps/1/name"].text() == "Fuglehund"
    editor.language_box.setCurrentIndex(editor.language_box.findData("en"))
    assert editor.tree.items()[3].text(0) == "Bird dog · 12 gent."
    assert any("Bird dog" in text for text in editor.step_cue_texts())  # the preview follows


def test_a_routine_without_the_users_language_starts_in_english(qtbot, language) -> None:
    from backcoach.core.routine.document import template
    from backcoach.core.routine.sharing import EditSource

    language("da")
    document = template("blank")
    document["title"] = {"en": "Only English"}
    editor = EditorWindow(EditSource(document))
    qtbot.addWidget(editor)
    assert editor.language_box.currentData() == "en"
    assert editor.tree.items()[0].text(0) == "Rutinens oplysninger · Only English"


def test_long_tree_labels_wrap_instead_of_being_cut(qtbot, language) -> None:
    language("da")
    editor = open_editor(qtbot)
    editor.resize(1000, 700)
    editor.show()
    qtbot.waitExposed(editor)
    tree = editor.tree
    details, short = tree.items()[0], tree.items()[2]
    width = tree.fontMetrics().horizontalAdvance(details.text(0))
    assert width > tree.viewport().width()  # too long for one line here
    qtbot.waitUntil(
        lambda: tree.visualItemRect(details).height() >= 2 * tree.fontMetrics().height()
    )
    assert tree.visualItemRect(short).height() < 2 * tree.fontMetrics().height()


def test_an_editor_problem_in_chinese(qtbot, language) -> None:
    language("zh-TW")
    editor = open_editor(qtbot)
    assert editor.windowTitle().endswith("— BackCoach 編輯器")
    editor.tree.select_pointer("/steps/0/steps/2")
    editor.binder.widgets["/steps/0/steps/2/reps"].setValue(900)
    with qtbot.waitSignal(editor.checked, timeout=2000):
        pass
    assert editor.problem_title.text() == "檢查：1 個問題，0 個警告"
    message = editor.binder.messages["/steps/0/steps/2/reps"].text()
    assert "超過上限 200" in message
    assert editor.total_label.text() == "總計：–（修正問題後才會顯示）"
