"""The editable routine document: every editing operation, and new routines from templates."""

from __future__ import annotations

import json

import pytest

from backcoach.core.routine.document import (
    TEMPLATES,
    RoutineDocument,
    copy_for_editing,
    new_step,
    step_pointer_of,
    template,
    text_value,
    with_text,
)
from tests.conftest import REPO_ROOT


def strength() -> RoutineDocument:
    return RoutineDocument(json.loads((REPO_ROOT / "routines/strength-beginner.json").read_text()))


def names(doc: RoutineDocument) -> list[str]:
    return [text_value(doc.get(p).get("name")) for p in doc.step_pointers()]


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_every_template_is_a_valid_routine(name: str) -> None:
    routine, problems = RoutineDocument(template(name)).check()
    assert problems == []
    assert routine is not None


def test_template_ids_avoid_taken_ids() -> None:
    assert template("blank", {"my-routine"})["id"] == "my-routine-2"


def test_copy_for_editing_gets_a_new_id_and_my_version_title() -> None:
    original = strength().data
    mine = copy_for_editing(original, {original["id"]})
    assert mine["id"] != original["id"]
    assert text_value(mine["title"]).endswith("(my version)")
    assert text_value(mine["title"], "da") == text_value(original["title"], "da") + " (min udgave)"
    assert text_value(mine["title"], "zh-TW").endswith("（我的版本）")
    again = copy_for_editing(mine, {original["id"], mine["id"]})
    assert again["title"] == mine["title"]  # marked once, not twice
    assert original["id"] == "strength-beginner"  # the bundled document is untouched


def test_new_step_copies_the_previous_steps_timing() -> None:
    previous = {"type": "hold", "name": "A", "hold_s": 45, "sides": "left-right", "sets": 2}
    step = new_step("hold", previous)
    assert (step["hold_s"], step["sides"], step["sets"]) == (45, "left-right", 2)
    assert step["name"] != "A"


def test_add_remove_duplicate_and_undo_by_snapshot() -> None:
    doc = strength()
    before = doc.snapshot()
    added = doc.add_step("rest", "/steps/0")
    assert added == "/steps/1"
    twin = doc.duplicate_step("/steps/0/steps/1")
    assert names(doc)[1:5] == ["Glute bridge", "Bird dog", "Bird dog", "Modified superman"]
    assert twin == "/steps/0/steps/2"
    removed = doc.remove_step("/steps/0/steps/0")
    assert text_value(removed["name"]) == "Glute bridge"
    doc.restore(before)
    assert doc.data == before


def test_moves_into_and_out_of_a_circuit() -> None:
    doc = strength()
    out = doc.move_step("/steps/0/steps/2", "", 0)
    assert out == "/steps/0"
    assert names(doc)[:2] == ["Modified superman", "Back strength circuit"]
    back = doc.move_step("/steps/0", "/steps/1", 0)
    assert back == "/steps/0/steps/0"
    assert doc.check()[1] == []


def test_a_circuit_cannot_go_into_a_circuit() -> None:
    doc = RoutineDocument(template("strength"))
    doc.add_step("circuit")
    with pytest.raises(ValueError, match="circuit"):
        doc.move_step("/steps/1", "/steps/0", 0)


def test_move_by_stops_at_the_edges() -> None:
    doc = strength()
    assert doc.move_by("/steps/0/steps/0", -1) is None
    assert doc.move_by("/steps/0/steps/0", 1) == "/steps/0/steps/1"
    assert names(doc)[1:3] == ["Bird dog", "Glute bridge"]


def test_set_and_remove_fields() -> None:
    doc = strength()
    doc.set("/defaults/prepare_s", 8)
    assert doc.get("/defaults/prepare_s") == 8
    doc.set("/defaults/prepare_s", None)
    assert doc.get("/defaults/prepare_s") is None


def test_texts_collapse_to_plain_english_and_grow_into_maps() -> None:
    value = with_text("Bird dog", "da", "Fuglehund", optional=False)
    assert value == {"en": "Bird dog", "da": "Fuglehund"}
    assert with_text(value, "da", "", optional=False) == "Bird dog"
    assert with_text(None, "en", "", optional=True) is None
    assert with_text("x", "en", "", optional=False) == ""


def test_problems_point_at_fields() -> None:
    doc = strength()
    doc.set("/steps/0/steps/1/reps", -3)
    _routine, problems = doc.check()
    assert [p.pointer for p in problems] == ["/steps/0/steps/1/reps"]
    assert step_pointer_of(problems[0].pointer) == "/steps/0/steps/1"
