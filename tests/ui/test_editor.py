"""The routine editor with pytest-qt: every editing action, its undo and redo, checks and saving."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from backcoach.config import paths
from backcoach.core.playback.timeline import compile_routine
from backcoach.core.routine.document import template, text_value
from backcoach.core.routine.loader import load_routine
from backcoach.core.routine.sharing import EditSource, open_for_editing, user_assets_dir
from backcoach.ui.editor.fields import field_for_pointer
from backcoach.ui.editor.tree import drop_destination
from backcoach.ui.editor.window import EditorWindow

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def no_dialogs(monkeypatch):
    """Closing an edited window at teardown must not wait for a real question box."""
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)


@pytest.fixture
def editor(qtbot):
    played: list = []
    spoken: list[str] = []
    window = EditorWindow(
        open_for_editing("strength-beginner"), play=played.append, speak=spoken.append
    )
    qtbot.addWidget(window)
    window.played, window.spoken = played, spoken
    window.wait_for_preview()
    return window


def names(window: EditorWindow) -> list[str]:
    return [text_value(window.document.get(p).get("name")) for p in window.document.step_pointers()]


def settle(qtbot, window: EditorWindow) -> None:
    with qtbot.waitSignal(window.checked, timeout=2000):
        pass


def test_opening_a_bundled_routine_makes_a_copy(editor: EditorWindow) -> None:
    assert editor.document.get("/id") == "strength-beginner-mine"
    assert text_value(editor.document.get("/title")).endswith("(my version)")
    assert editor.routine is not None
    assert editor.total_label.text().startswith("Total: ")
    assert editor.save_button.isEnabled()


@pytest.mark.parametrize("step_type", ["timed", "hold", "reps", "breathing", "rest", "circuit"])
def test_add_each_step_type_then_undo_and_redo(editor: EditorWindow, step_type: str) -> None:
    before = editor.document.snapshot()
    added = editor.add_step(step_type)
    assert editor.document.get(f"{added}/type") == step_type
    assert editor.current_step() == added
    assert editor.routine is not None or editor.problems == []
    editor.undo_stack.undo()
    assert editor.document.data == before
    editor.undo_stack.redo()
    assert editor.document.get(f"{added}/type") == step_type
    assert editor.tree.current_pointer() == added


def test_a_new_step_in_a_circuit_copies_the_previous_steps_timing(editor: EditorWindow) -> None:
    editor.tree.select_pointer("/steps/0/steps/1")
    added = editor.add_step("reps")
    assert added == "/steps/0/steps/2"
    assert editor.document.get(f"{added}/tempo") == editor.document.get("/steps/0/steps/1/tempo")
    assert editor.document.get(f"{added}/sides") == "alternating"


def test_remove_and_undo(editor: EditorWindow) -> None:
    editor.tree.select_pointer("/steps/0/steps/0")
    editor.remove_step()
    assert names(editor)[1:] == ["Bird dog", "Modified superman"]
    editor.undo_stack.undo()
    assert names(editor)[1:] == ["Glute bridge", "Bird dog", "Modified superman"]
    editor.undo_stack.redo()
    assert names(editor)[1:] == ["Bird dog", "Modified superman"]


def test_the_last_step_cannot_be_removed(editor: EditorWindow) -> None:
    editor.tree.select_pointer("/steps/0")
    count = editor.undo_stack.count()
    editor.remove_step()
    assert editor.undo_stack.count() == count
    assert "at least one step" in editor.statusBar().currentMessage()


def test_duplicate_and_undo(editor: EditorWindow) -> None:
    editor.tree.select_pointer("/steps/0/steps/1")
    editor.duplicate_step()
    assert names(editor)[1:] == ["Glute bridge", "Bird dog", "Bird dog", "Modified superman"]
    assert editor.current_step() == "/steps/0/steps/2"
    editor.undo_stack.undo()
    assert names(editor)[1:] == ["Glute bridge", "Bird dog", "Modified superman"]


def test_move_up_down_with_keyboard_and_undo(qtbot, editor: EditorWindow) -> None:
    editor.show()
    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow, timeout=3000)
    editor.tree.select_pointer("/steps/0/steps/0")
    editor.tree.setFocus()
    qtbot.keyClick(editor.tree, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert names(editor)[1:3] == ["Bird dog", "Glute bridge"]
    assert editor.current_step() == "/steps/0/steps/1"
    qtbot.keyClick(editor.tree, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert names(editor)[1:3] == ["Glute bridge", "Bird dog"]
    qtbot.keyClick(editor.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert names(editor)[1:3] == ["Bird dog", "Glute bridge"]
    qtbot.keyClick(
        editor.tree,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert names(editor)[1:3] == ["Glute bridge", "Bird dog"]


def test_move_out_of_and_into_a_circuit_by_keyboard(editor: EditorWindow) -> None:
    editor.tree.select_pointer("/steps/0/steps/2")
    editor.move_out_of_circuit()
    assert editor.current_step() == "/steps/1"
    assert names(editor) == [
        "Back strength circuit",
        "Glute bridge",
        "Bird dog",
        "Modified superman",
    ]
    editor.move_into_circuit()
    assert editor.current_step() == "/steps/0/steps/2"
    editor.undo_stack.undo()
    editor.undo_stack.undo()
    assert text_value(editor.document.get("/steps/0/steps/2/name")) == "Modified superman"
    assert len(editor.document.get("/steps")) == 1


def test_drag_and_drop_moves_into_and_out_of_circuits(editor: EditorWindow) -> None:
    editor.add_step("rest")  # after the details: at the end, top level
    assert editor.current_step() == "/steps/1"
    parent, index = drop_destination("/steps/0", "on", True, 2)
    editor.move_step_to("/steps/1", parent, index)
    assert editor.current_step() == "/steps/0/steps/3"
    parent, index = drop_destination("/steps/0", "above", True, 1)
    editor.move_step_to("/steps/0/steps/3", parent, index)
    assert editor.current_step() == "/steps/0"
    assert editor.document.get("/steps/0/type") == "rest"
    editor.undo_stack.undo()
    assert editor.document.get("/steps/0/steps/3/type") == "rest"


def test_drop_destination_rules() -> None:
    assert drop_destination(None, "below", False, 3) == ("", 3)
    assert drop_destination("", "below", False, 3) == ("", 0)
    assert drop_destination("/steps/1", "above", False, 3) == ("", 1)
    assert drop_destination("/steps/1", "below", False, 3) == ("", 2)
    assert drop_destination("/steps/0/steps/1", "on", False, 3) == ("/steps/0", 2)
    assert drop_destination("/steps/0", "on", True, 3)[0] == "/steps/0"


def test_a_circuit_cannot_be_dropped_into_a_circuit(editor: EditorWindow) -> None:
    editor.add_step("circuit")
    count = editor.undo_stack.count()
    editor.move_step_to("/steps/1", "/steps/0", 0)
    assert editor.undo_stack.count() == count
    assert "circuit" in editor.statusBar().currentMessage()


def test_typing_is_one_undo_step_and_undo_updates_the_form(qtbot, editor: EditorWindow) -> None:
    editor.tree.select_pointer("/steps/0/steps/1")
    name = editor.binder.widgets["/steps/0/steps/1/name"]
    name.selectAll()
    qtbot.keyClicks(name, "Bird dog slow")
    assert text_value(editor.document.get("/steps/0/steps/1/name")) == "Bird dog slow"
    assert editor.tree.item_for("/steps/0/steps/1").text(0).startswith("Bird dog slow")
    editor.undo_stack.undo()
    assert text_value(editor.document.get("/steps/0/steps/1/name")) == "Bird dog"
    assert editor.binder.widgets["/steps/0/steps/1/name"].text() == "Bird dog"


def test_numbers_have_units_and_undo(editor: EditorWindow) -> None:
    editor.tree.select_pointer("/steps/0/steps/1")
    reps = editor.binder.widgets["/steps/0/steps/1/reps"]
    assert reps.suffix() == " reps"
    assert editor.binder.widgets["/steps/0/steps/1/tempo/up_s"].suffix() == " s"
    original = editor.document.get("/steps/0/steps/1/reps")
    reps.setValue(original + 3)
    assert editor.document.get("/steps/0/steps/1/reps") == original + 3
    editor.undo_stack.undo()
    assert editor.document.get("/steps/0/steps/1/reps") == original
    assert editor.binder.widgets["/steps/0/steps/1/reps"].value() == original


def test_sides_and_pacing_choices_and_undo(editor: EditorWindow) -> None:
    editor.tree.select_pointer("/steps/0/steps/0")
    sides = editor.binder.widgets["/steps/0/steps/0/sides"]
    sides.setCurrentIndex(sides.findData("left-right"))
    assert editor.document.get("/steps/0/steps/0/sides") == "left-right"
    pacing = editor.binder.widgets["/steps/0/steps/0/self_paced"]
    pacing.setCurrentIndex(pacing.findData("self"))
    assert editor.document.get("/steps/0/steps/0/self_paced") is True
    assert editor.document.get("/steps/0/steps/0/tempo") is None
    assert "/steps/0/steps/0/rep_s" in editor.binder.widgets
    editor.undo_stack.undo()
    assert editor.document.get("/steps/0/steps/0/tempo") == {"up_s": 1, "hold_s": 2, "down_s": 2}
    assert "/steps/0/steps/0/tempo/up_s" in editor.binder.widgets


def test_hold_breathing_choice(editor: EditorWindow) -> None:
    editor.add_step("hold")
    pointer = editor.current_step()
    choice = editor.binder.widgets[f"{pointer}/breathing"]
    choice.setCurrentIndex(choice.findData("own"))
    assert editor.document.get(f"{pointer}/breathing") == {"inhale_s": 4, "exhale_s": 4}
    assert f"{pointer}/breathing/inhale_s" in editor.binder.widgets


def test_danish_text_by_the_language_switch(editor: EditorWindow) -> None:
    editor.tree.select_pointer("/steps/0/steps/1")
    editor.language_box.setCurrentIndex(editor.language_box.findData("da"))
    field = editor.binder.widgets["/steps/0/steps/1/name"]
    assert field.placeholderText() == "Bird dog"
    field.setText("Fuglehund igen")
    field.textEdited.emit("Fuglehund igen")
    value = editor.document.get("/steps/0/steps/1/name")
    assert value["en"] == "Bird dog" and value["da"] == "Fuglehund igen"
    editor.undo_stack.undo()
    assert editor.document.get("/steps/0/steps/1/name")["da"] != "Fuglehund igen"


def test_field_for_pointer_mapping() -> None:
    keys = ["/steps/1/name", "/steps/1/tempo/up_s", "/steps/1/tempo/down_s", "/id"]
    assert field_for_pointer("/steps/1/name", keys) == "/steps/1/name"
    assert field_for_pointer("/steps/1/name/da", keys) == "/steps/1/name"
    assert field_for_pointer("/steps/1/tempo", keys) == "/steps/1/tempo/up_s"
    assert field_for_pointer("/steps/1", keys) is None
    assert field_for_pointer("/title", keys) is None


def test_an_error_shows_at_its_field_and_blocks_save(qtbot, editor: EditorWindow) -> None:
    editor.tree.select_pointer("/steps/0/steps/1")
    name = editor.binder.widgets["/steps/0/steps/1/name"]
    name.setText("")
    name.textEdited.emit("")
    settle(qtbot, editor)
    assert [p.pointer for p in editor.problems] == ["/steps/0/steps/1/name/en"]
    message = editor.binder.messages["/steps/0/steps/1/name"]
    assert not message.isHidden()
    assert "English" in message.text() or "empty" in message.text()
    assert "c62828" in name.styleSheet()
    assert not editor.save_button.isEnabled()
    assert editor.preview.total_s == 0


def test_the_problem_list_jumps_to_the_field(qtbot, editor: EditorWindow) -> None:
    editor.show()
    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow, timeout=3000)
    editor.tree.select_pointer("/steps/0/steps/2")
    editor.binder.widgets["/steps/0/steps/2/reps"].setValue(900)
    settle(qtbot, editor)
    editor.tree.select_pointer("")
    assert editor.current_step() == ""
    item = editor.problem_list.item(0)
    editor.problem_list.itemActivated.emit(item)
    assert editor.current_step() == "/steps/0/steps/2"
    qtbot.waitUntil(editor.binder.widgets["/steps/0/steps/2/reps"].hasFocus, timeout=3000)
    assert "limit of 200" in editor.binder.messages["/steps/0/steps/2/reps"].text()


def test_safety_warning_shows_beside_the_step_but_save_stays(qtbot, editor: EditorWindow) -> None:
    editor.tree.select_pointer("/steps/0/steps/0")
    editor.binder.widgets["/steps/0/steps/0/tempo/down_s"].setValue(0.5)
    settle(qtbot, editor)
    assert "fast-lowering" in {f.rule for f in editor.findings}
    assert "e0a040" in editor.binder.widgets["/steps/0/steps/0/tempo/down_s"].styleSheet()
    assert editor.save_button.isEnabled()
    assert any(
        "article 000" in editor.problem_list.item(i).text()
        for i in range(editor.problem_list.count())
    )


def test_preview_follows_edits(qtbot, editor: EditorWindow) -> None:
    total = editor.timeline.total_s
    editor.tree.select_pointer("/steps/0")
    editor.binder.widgets["/steps/0/rounds"].setValue(4)
    settle(qtbot, editor)
    assert editor.timeline.total_s > total
    assert editor.preview.bars and editor.preview.cue_times
    assert {bar.group for bar in editor.preview.bars} >= {"prepare", "work", "rest"}


def test_strip_shows_an_edit_before_its_cues_are_planned(qtbot, editor: EditorWindow) -> None:
    """The stretches come first; the old cue marks stay until the new plan arrives."""
    before_end = editor.preview.bars[-1].end_s
    old_marks = list(editor.preview.cue_times)
    editor.tree.select_pointer("/steps/0")
    order: list[str] = []
    seen: dict[str, object] = {}

    def on_strip() -> None:
        order.append("strip")
        seen["end"] = editor.preview.bars[-1].end_s
        seen["marks"] = list(editor.preview.cue_times)

    editor.timeline_shown.connect(on_strip)
    editor.checked.connect(lambda: order.append("cues"))
    with qtbot.waitSignal(editor.checked, timeout=5000):
        editor.binder.widgets["/steps/0/rounds"].setValue(4)
    assert order == ["strip", "cues"]
    assert seen["end"] > before_end  # the longer routine is drawn at once
    assert seen["marks"] == old_marks  # no flicker: the marks are replaced, not cleared
    assert editor.preview.cue_times != old_marks
    assert max(editor.preview.cue_times) > max(old_marks)


def test_a_replaced_edit_is_not_compiled(qtbot, editor: EditorWindow) -> None:
    """Typing fast never queues up plans: work for an edit a newer one replaced is skipped."""
    from backcoach.ui.editor import window as editor_window

    results = editor_window._PreviewResults()
    posted: list[int] = []
    results.compiled.connect(lambda generation, _timeline: posted.append(generation))
    results.ready.connect(lambda generation, _timeline, _cues: posted.append(generation))
    results.latest = 8
    editor_window._compile_preview(7, editor.routine, "en", results)
    assert posted == []
    editor_window._compile_preview(8, editor.routine, "en", results)
    assert posted == [8, 8]


def test_play_from_here_and_hear_it(editor: EditorWindow) -> None:
    editor.add_step("rest")
    editor.tree.select_pointer("/steps/1")
    assert editor.play_from_here()
    assert [type(s).__name__ for s in editor.played[0].steps] == ["RestStep"]
    editor.tree.select_pointer("/steps/0/steps/1")
    editor.hear_it()
    assert editor.spoken and "Bird dog" in editor.spoken[0]


def test_play_from_a_step_inside_a_circuit_starts_at_that_step(editor: EditorWindow) -> None:
    editor.add_step("rest")  # a step after the circuit, which must still play
    editor.tree.select_pointer("/steps/0")
    assert editor.play_from_here()
    from_circuit = compile_routine(editor.played[-1])
    editor.tree.select_pointer("/steps/0/steps/1")  # Bird dog, the circuit's 2nd step
    editor.play_button.click()
    timeline = compile_routine(editor.played[-1])
    blocks = [(block.name, block.round) for block in timeline.blocks]
    assert blocks[0] == ("Bird dog", 1)  # nothing before it: no glute bridge first
    assert blocks[1:] == [
        ("Modified superman", 1),
        ("Rest", 2),
        ("Glute bridge", 2),
        ("Bird dog", 2),
        ("Modified superman", 2),
        ("Rest", 3),
        ("Glute bridge", 3),
        ("Bird dog", 3),
        ("Modified superman", 3),
        ("Rest", None),  # the step after the circuit
        (text_value(editor.document.get("/title")), None),
    ]
    assert timeline.segments[0].pointer == "/steps/0/steps/1"
    assert from_circuit.total_s > timeline.total_s
    assert from_circuit.blocks[0].name == "Glute bridge"


def test_save_round_trip_and_reopen(editor: EditorWindow) -> None:
    editor.tree.select_pointer("/steps/0/steps/1")
    editor.binder.widgets["/steps/0/steps/1/reps"].setValue(8)
    saved: list[Path] = []
    editor.saved.connect(saved.append)
    path = editor.save()
    assert path == paths.user_routines_dir() / "strength-beginner-mine.json"
    assert saved == [path]
    assert editor.undo_stack.isClean()
    assert json.loads(path.read_text("utf-8")) == editor.document.data
    loaded = load_routine(path)
    assert loaded.steps[0].steps[1].reps == 8
    assert loaded.title.get().endswith("(my version)")
    again = open_for_editing("strength-beginner-mine")
    assert again.original == path and again.document == editor.document.data


def test_save_refuses_an_id_clash(monkeypatch, editor: EditorWindow) -> None:
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warnings.append(a[2]))
    editor.binder.widgets["/id"].setText("warm-up")
    editor.binder.widgets["/id"].textEdited.emit("warm-up")
    assert editor.save() is None
    assert "already used" in warnings[0]


def test_draft_and_autosave_restore(qtbot, editor: EditorWindow) -> None:
    editor.tree.select_pointer("/steps/0/steps/1")
    name = editor.binder.widgets["/steps/0/steps/1/name"]
    name.setText("")
    name.textEdited.emit("")
    draft = editor.keep_draft()
    assert draft.is_file() and not (paths.user_routines_dir() / draft.name).exists()
    editor.autosave()
    assert editor.autosave_path().is_file()
    # as after a crash: a new editor on the same routine finds the autosave
    fresh = EditorWindow(open_for_editing("strength-beginner"))
    qtbot.addWidget(fresh)
    fresh.autosave_key = editor.autosave_key
    assert fresh.pending_autosave() is not None
    assert fresh.offer_restore(ask=False)
    assert text_value(fresh.document.get("/steps/0/steps/1/name")) == ""
    fresh.undo_stack.undo()
    assert text_value(fresh.document.get("/steps/0/steps/1/name")) == "Bird dog"


def test_close_asks_only_with_unsaved_changes(monkeypatch, qtbot) -> None:
    asked: list[str] = []

    def answer(*args, **kwargs):
        asked.append(args[1])
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", answer)
    window = EditorWindow(EditSource(template("blank")))
    qtbot.addWidget(window)
    window.show()
    assert window.close()
    assert asked == []
    window = EditorWindow(EditSource(template("blank")))
    qtbot.addWidget(window)
    window.show()
    window.add_step("rest")
    assert not window.close()
    assert asked == ["Save your changes?"]
    window.undo_stack.undo()
    assert window.close()


def test_own_picture_is_copied_and_bad_picture_shown_at_field(tmp_path, editor) -> None:
    editor.tree.select_pointer("/steps/0/steps/1")
    bad = tmp_path / "bad.png"
    bad.write_bytes(b"hello")
    assert not editor.use_picture("/steps/0/steps/1", bad)
    assert "not a PNG" in editor.binder.messages["/steps/0/steps/1/illustration"].text()
    good = tmp_path / "pose.png"
    good.write_bytes(PNG)
    assert editor.use_picture("/steps/0/steps/1", good)
    relative = editor.document.get("/steps/0/steps/1/illustration")
    assert (user_assets_dir() / relative).is_file()
    assert editor.routine is not None or editor.problems == []
