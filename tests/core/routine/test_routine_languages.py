"""Step summaries, load problems and safety reasons in Danish and Chinese."""

from __future__ import annotations

from pathlib import Path

import pytest

from backcoach import i18n
from backcoach.core.routine.describe import describe_step
from backcoach.core.routine.lint import lint_document
from backcoach.core.routine.loader import RoutineError, load_routine
from backcoach.core.routine.model import Sides
from tests import builders as b


def test_step_summaries_use_the_plural_of_the_language() -> None:
    i18n.set_language("da")
    assert describe_step(b.reps("Bridge", 1, self_paced=True)) == "1 gentagelse, dit eget tempo"
    assert describe_step(b.reps("Bridge", 12, sets=3)).startswith("12 gentagelser x 3 sæt, op ")
    i18n.set_language("zh-TW")
    assert describe_step(b.hold("Plank", 20, sides=Sides.LEFT_RIGHT)) == "保持 20 秒，每邊"


def test_a_load_problem_in_chinese_keeps_file_and_pointer(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"format": 1, "id": "x", "title": "T", "kind": "custom", "steps": []}')
    i18n.set_language("zh-TW")
    with pytest.raises(RoutineError) as raised:
        load_routine(path)
    assert f"{path}: /steps: 至少需要 1 個步驟" in str(raised.value)


def test_an_empty_file_in_danish(tmp_path: Path) -> None:
    path = tmp_path / "empty.json"
    path.write_text("  ")
    i18n.set_language("da")
    with pytest.raises(RoutineError) as raised:
        load_routine(path)
    assert str(raised.value) == f"{path}: er tom; en rutinefil indeholder ét JSON-objekt"


def test_a_lint_reason_in_chinese() -> None:
    document = {"steps": [{"type": "reps", "name": "Bridge", "reps": 5, "rep_s": 1}]}
    i18n.set_language("zh-TW")
    (finding,) = lint_document(document)
    assert finding.message == "每次 1 秒非常快：請慢慢、平順地動"
    assert finding.line("f.json") == (
        "f.json: /steps/0/rep_s: 警告：每次 1 秒非常快：請慢慢、平順地動（文章 003）"
    )
