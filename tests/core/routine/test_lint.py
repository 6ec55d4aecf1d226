"""Safety lint: one test per rule and language, numbers rules, negations and bundled routines."""

from __future__ import annotations

import json

import pytest

from backcoach.core.routine.lint import NAME_RULES, lint_document, lint_step
from tests.conftest import REPO_ROOT

CASES = [
    (rule.rule, language, keywords[0])
    for rule in NAME_RULES
    for language, keywords in rule.keywords.items()
]


@pytest.mark.parametrize(("rule", "language", "word"), CASES)
def test_each_rule_matches_in_each_language(rule: str, language: str, word: str) -> None:
    step = {"type": "reps", "name": {"en": "Exercise", language: f"Do the {word} now"}, "reps": 5}
    findings = lint_step(step, "/steps/2")
    assert rule in {f.rule for f in findings}
    found = next(f for f in findings if f.rule == rule)
    assert found.pointer == "/steps/2"
    assert found.source in {"000", "002", "003"}


def test_instructions_and_cues_are_read_too() -> None:
    step = {"type": "reps", "name": "Hinge", "reps": 5, "instruction": "A light deadlift."}
    assert [f.rule for f in lint_step(step, "/steps/0")] == ["loaded-flexion"]


def test_negated_advice_is_not_a_finding() -> None:
    step = {
        "type": "reps",
        "name": "Cat-cow",
        "reps": 5,
        "instruction": "Move slowly, no bouncing.",
    }
    assert lint_step(step, "/steps/0") == []
    dansk = {"type": "reps", "name": "Kat-ko", "reps": 5, "instruction": "Roligt, uden at fjedre."}
    assert lint_step(dansk, "/steps/0") == []


def test_fast_tempo_and_fast_lowering() -> None:
    step = {"type": "reps", "name": "Bridge", "reps": 5, "tempo": {"up_s": 1, "down_s": 0.5}}
    rules = {f.rule: f for f in lint_step(step, "/steps/1")}
    assert set(rules) == {"fast-tempo", "fast-lowering"}
    assert rules["fast-lowering"].pointer == "/steps/1/tempo/down_s"
    assert rules["fast-lowering"].source == "000"


def test_self_paced_rep_time_too_fast() -> None:
    step = {"type": "reps", "name": "Bridge", "reps": 5, "self_paced": True, "rep_s": 1}
    assert [f.rule for f in lint_step(step, "/steps/0")] == ["fast-tempo"]


def test_slow_lowering_is_fine() -> None:
    step = {"type": "reps", "name": "Bridge", "reps": 5, "tempo": {"up_s": 1, "down_s": 2}}
    assert lint_step(step, "/steps/0") == []


def test_long_hold_and_held_breath() -> None:
    step = {
        "type": "hold",
        "name": "Plank",
        "hold_s": 300,
        "breathing": {"inhale_s": 4, "hold_in_s": 15, "exhale_s": 4},
    }
    rules = {f.rule: f.pointer for f in lint_step(step, "/steps/0")}
    assert rules == {"long-hold": "/steps/0/hold_s", "breath-held": "/steps/0/breathing/hold_in_s"}


def test_steps_inside_circuits_are_linted() -> None:
    document = {
        "steps": [
            {
                "type": "circuit",
                "rounds": 2,
                "steps": [{"type": "reps", "name": "Sit-up", "reps": 9}],
            }
        ]
    }
    assert [f.pointer for f in lint_document(document)] == ["/steps/0/steps/0"]


@pytest.mark.parametrize("path", sorted((REPO_ROOT / "routines").glob("*.json")))
def test_bundled_routines_have_no_findings(path) -> None:
    assert lint_document(json.loads(path.read_text())) == []


def test_finding_line_format() -> None:
    step = {"type": "reps", "name": "Deadlift", "reps": 5}
    line = lint_step(step, "/steps/2")[0].line("my.json")
    assert line.startswith("my.json: /steps/2: warning: ")
    assert line.endswith("(article 000)")


def test_an_instruction_too_long_to_say_in_a_preparation_is_a_warning_naming_the_step(
    tmp_path, capsys
) -> None:
    from backcoach.cli import main

    long_text = " ".join(["Keep your back long and breathe out slowly as you move."] * 9)
    step = {
        "type": "hold",
        "name": "Knee to chest",
        "hold_s": 30,
        "instruction": {"en": "Pull one knee in.", "da": long_text},
    }
    (found,) = [f for f in lint_step(step, "/steps/1") if f.rule == "long-instruction"]
    assert found.pointer == "/steps/1/instruction/da"
    assert "more than the 30 s a preparation can hold" in found.message
    routine = {"format": 1, "id": "wordy", "title": "Wordy", "kind": "custom", "steps": [step]}
    path = tmp_path / "wordy.json"
    path.write_text(json.dumps(routine), encoding="utf-8")
    assert main(["validate", str(path)]) == 0
    assert f"{path}: /steps/0/instruction/da: warning: the instruction takes about" in (
        capsys.readouterr().out
    )
    assert main(["validate", "--strict", str(path)]) == 1


def test_a_short_instruction_is_no_finding() -> None:
    step = {"type": "hold", "name": "Plank", "hold_s": 30, "instruction": "Brace gently."}
    assert [f for f in lint_step(step, "/steps/0") if f.rule == "long-instruction"] == []
