"""The routine loader: good files become models, bad files get sentences with file and place."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from backcoach.core.routine.duration import planned_duration_s
from backcoach.core.routine.loader import MAX_FILE_BYTES, load_routine
from backcoach.core.routine.model import (
    BreathingStep,
    CircuitStep,
    HoldStep,
    RepsStep,
    RestStep,
    Sides,
    TimedStep,
)
from tests.conftest import REPO_ROOT
from tests.routine_files import problems_of as _problems
from tests.routine_files import routine_document as _routine
from tests.routine_files import write_routine as _write

DATA = REPO_ROOT / "tests" / "data" / "routines"


def test_every_step_type_loads_with_defaults_resolved() -> None:
    routine = load_routine(DATA / "good" / "every-step-type.json")
    kinds = [type(step) for step in routine.steps]
    assert kinds == [TimedStep, HoldStep, RepsStep, RepsStep, BreathingStep, RestStep, CircuitStep]
    march, knee, bridge, catcow, breathe, rest, circuit = routine.steps
    assert march.prepare_s == 3 and march.sides is Sides.NONE
    assert knee.sides is Sides.LEFT_RIGHT and knee.switch_s == 4
    assert knee.breathing is not None and knee.breathing.cycle_s == 10
    assert bridge.rest_between_sets_s == 20 and bridge.tempo.rep_s == 5
    assert catcow.self_paced and catcow.tempo is None and catcow.estimated_rep_s == 4
    assert breathe.pattern.hold_in_s == 2
    assert rest.prepare_s == 0 and rest.name.get() == "Rest"
    assert circuit.rounds == 3 and circuit.steps[0].sides is Sides.ALTERNATING
    assert circuit.steps[0].pointer == "/steps/6/steps/0"
    assert routine.title.get("da") == "Alle trintyper"
    assert routine.title.get("zh") == "所有步驟類型"
    assert routine.title.get("fr") == "Every step type"
    assert len(routine.content_hash) == 64


def test_planned_duration_matches_hand_count() -> None:
    routine = load_routine(DATA / "good" / "every-step-type.json")
    # 33 march + 67 knee (30+4+30, prep 3) + 143 bridge (2x60 + 20 rest + 3) + 43 cat-cow
    # + 63 breathing (5x12 + 3) + 15 rest + 363 circuit (3x(60+20) + 2x60 + 3)
    assert planned_duration_s(routine) == 727


def test_reps_without_tempo_get_the_default_tempo(tmp_path: Path) -> None:
    doc = _routine(steps=[{"type": "reps", "name": "Cat-cow", "reps": 10}])
    routine = load_routine(_write(tmp_path, json.dumps(doc)))
    assert routine.steps[0].tempo.rep_s == 4


BAD_DOCUMENTS = [
    (
        "negative hold",
        _routine(steps=[{"type": "hold", "name": "Plank", "hold_s": -5}]),
        "bad.json: /steps/0/hold_s: must be a number of seconds of at least 1, got -5",
    ),
    (
        "string seconds",
        _routine(steps=[{"type": "hold", "name": "Plank", "hold_s": "30"}]),
        "/steps/0/hold_s: must be a number of seconds, got '30'",
    ),
    (
        "absurd reps",
        _routine(steps=[{"type": "reps", "name": "Bridge", "reps": 5000}]),
        "/steps/0/reps: is 5000, more than the limit of 200",
    ),
    (
        "fractional sets",
        _routine(steps=[{"type": "reps", "name": "Bridge", "reps": 10, "sets": 1.5}]),
        "/steps/0/sets: must be a whole number, got 1.5",
    ),
    (
        "unknown step type",
        _routine(steps=[{"type": "jump", "name": "Jump"}]),
        "/steps/0/type: unknown step type 'jump'",
    ),
    (
        "misspelt field",
        _routine(steps=[{"type": "hold", "name": "Plank", "hold_s": 20, "hold_sec": 3}]),
        "/steps/0: unknown field 'hold_sec' (did you mean 'hold_s'?)",
    ),
    (
        "missing English",
        _routine(title={"da": "Opvarmning"}),
        "/title: needs an English text ('en')",
    ),
    (
        "empty name",
        _routine(steps=[{"type": "hold", "name": "", "hold_s": 20}]),
        "/steps/0/name: must not be empty",
    ),
    (
        "missing name",
        _routine(steps=[{"type": "hold", "hold_s": 20}]),
        "/steps/0: is missing the field 'name'",
    ),
    ("no steps", _routine(steps=[]), "/steps: needs at least 1 step"),
    ("wrong kind", _routine(kind="yoga"), "/kind: must be one of warm-up, stretch"),
    ("future format", _routine(format=2), "/format: this BackCoach reads format 1, the file says"),
    (
        "nested circuit",
        _routine(
            steps=[
                {
                    "type": "circuit",
                    "name": "Outer",
                    "rounds": 2,
                    "steps": [
                        {
                            "type": "circuit",
                            "name": "Inner",
                            "rounds": 2,
                            "steps": [{"type": "rest", "duration_s": 5}],
                        }
                    ],
                }
            ]
        ),
        "/steps/0/steps/0/type: a circuit cannot contain another circuit",
    ),
    (
        "bad id",
        _routine(id="My Routine"),
        "/id: must be 2-64 lower-case letters, digits or '-'",
    ),
    (
        "missing illustration",
        _routine(
            steps=[
                {
                    "type": "hold",
                    "name": "Plank",
                    "hold_s": 20,
                    "illustration": "illustrations/nope.svg",
                }
            ]
        ),
        "/steps/0/illustration: no such file: illustrations/nope.svg",
    ),
    (
        "escaping illustration",
        _routine(
            steps=[
                {"type": "hold", "name": "Plank", "hold_s": 20, "illustration": "../../etc/passwd"}
            ]
        ),
        "/steps/0/illustration: must stay inside assets/",
    ),
    (
        "duplicate step ids",
        _routine(
            steps=[
                {"type": "rest", "id": "rest-a", "duration_s": 5},
                {"type": "rest", "id": "rest-a", "duration_s": 5},
            ]
        ),
        "/steps/1/id: the step id 'rest-a' is already used at /steps/0",
    ),
    (
        "breath longer than hold",
        _routine(
            steps=[
                {
                    "type": "hold",
                    "name": "Plank",
                    "hold_s": 5,
                    "breathing": {"inhale_s": 4, "exhale_s": 6},
                }
            ]
        ),
        "/steps/0/breathing: one breath takes 10 s, longer than the 5 s hold",
    ),
    (
        "breathing true without default",
        _routine(steps=[{"type": "hold", "name": "Plank", "hold_s": 30, "breathing": True}]),
        "/steps/0/breathing: says true, but the routine has no default pattern",
    ),
    (
        "tempo and self-paced",
        _routine(
            steps=[
                {
                    "type": "reps",
                    "name": "B",
                    "reps": 5,
                    "self_paced": True,
                    "tempo": {"up_s": 1, "down_s": 1},
                }
            ]
        ),
        "/steps/0: has both a tempo and self_paced",
    ),
    (
        "runs for hours",
        _routine(
            steps=[
                {
                    "type": "circuit",
                    "name": "C",
                    "rounds": 20,
                    "steps": [{"type": "hold", "name": "P", "hold_s": 600, "sets": 20}],
                }
            ]
        ),
        "bad.json: would run for",
    ),
    # control characters in texts (issue 11): terminal escapes, fake lines, NUL, overrides
    ("window title", _routine(title="\x1b]0;pwned\x07Morning"), "/title: contains U+001B (escape)"),
    ("clear screen", _routine(title="\x1b[2JMorning"), "/title: contains U+001B (escape)"),
    (
        "clipboard",
        _routine(steps=[{"type": "rest", "duration_s": 5, "name": "\x1b]52;c;eA==\x07"}]),
        "/steps/0/name: contains U+001B (escape)",
    ),
    ("fake line", _routine(title="Ok\nAll saved."), "/title: contains a line break"),
    (
        "NUL",
        _routine(steps=[{"type": "rest", "duration_s": 5, "cue": "a\x00b"}]),
        "/steps/0/cue: contains U+0000 (null)",
    ),
    (
        "right-to-left override",
        _routine(title={"en": "Ok", "da": "abc\u202egnp"}),
        "/title/da: contains U+202E (right-to-left override)",
    ),
    ("C1 control", _routine(equipment=["mat\x9b"]), "/equipment/0: contains U+009B"),
    ("field name", _routine(**{"x\x1b[8m": 1}), ": a field name contains U+001B (escape)"),
]


@pytest.mark.parametrize(
    ("document", "expected"),
    [(doc, expected) for _, doc, expected in BAD_DOCUMENTS],
    ids=[name for name, _, _ in BAD_DOCUMENTS],
)
def test_bad_document_gets_a_sentence_with_file_and_pointer(
    tmp_path: Path, document: dict, expected: str
) -> None:
    problems = _problems(_write(tmp_path, json.dumps(document)))
    assert any(expected in problem for problem in problems), problems
    assert all(problem.startswith(str(tmp_path / "bad.json")) for problem in problems)


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    doc = _routine(
        title={"da": "x"},
        steps=[
            {"type": "hold", "name": "A", "hold_s": -5},
            {"type": "reps", "name": "B", "reps": 0},
            {"type": "nope", "name": "C"},
        ],
    )
    problems = _problems(_write(tmp_path, json.dumps(doc)))
    assert len(problems) == 4, problems


BAD_BYTES = [
    ("not json", b'{"format": 1,', "is not valid JSON"),
    ("bom", b'\xef\xbb\xbf{"format": 1}', "byte-order mark"),
    ("utf-16", '{"a": 1}'.encode("utf-16"), "UTF-16"),
    ("latin-1", b'{"title": "caf\xe9"}', "is not UTF-8 text (byte 0xe9 on line 1)"),
    ("NaN", b'{"format": 1,\n "x": NaN}', "NaN is not a number BackCoach accepts (line 2"),
    ("Infinity", b'{"x": Infinity}', "Infinity is not a number"),
    ("deep nesting", b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    ("duplicate key", b'{"id": "a", "id": "b"}', "the field 'id' appears twice"),
    ("empty", b"   \n", "is empty"),
    ("top-level list", b"[]", "must be an object, got a list"),
]


@pytest.mark.parametrize(
    ("content", "expected"),
    [(content, expected) for _, content, expected in BAD_BYTES],
    ids=[name for name, _, _ in BAD_BYTES],
)
def test_unreadable_file_gets_a_clear_message(
    tmp_path: Path, content: bytes, expected: str
) -> None:
    problems = _problems(_write(tmp_path, content))
    assert len(problems) >= 1 and expected in problems[0], problems


def test_oversized_file_is_refused_before_parsing(tmp_path: Path) -> None:
    path = _write(tmp_path, b"{" + b" " * MAX_FILE_BYTES + b"}")
    assert "the limit is 1,000,000 bytes" in _problems(path)[0]


def test_missing_file_and_folder(tmp_path: Path) -> None:
    assert "no such file" in _problems(tmp_path / "absent.json")[0]
    assert "is a folder" in _problems(tmp_path)[0]


def test_illustration_is_found_beside_a_user_routine(tmp_path: Path) -> None:
    (tmp_path / "assets" / "pics").mkdir(parents=True)
    (tmp_path / "assets" / "pics" / "me.svg").write_text("<svg/>")
    doc = _routine(
        steps=[{"type": "hold", "name": "P", "hold_s": 20, "illustration": "pics/me.svg"}]
    )
    routine = load_routine(_write(tmp_path, json.dumps(doc), "mine.json"))
    assert routine.steps[0].illustration == (tmp_path / "assets" / "pics" / "me.svg").resolve()


def _corpus_documents() -> list[object]:
    documents: list[object] = [doc for _, doc, _ in BAD_DOCUMENTS]
    documents += [json.loads(p.read_text()) for p in sorted((DATA / "good").glob("*.json"))]
    documents += [json.loads(p.read_text()) for p in sorted(REPO_ROUTINES.glob("*.json"))]
    documents += [
        _routine(title={"en": {"nested": {"deeper": ["x"] * 3}}}),
        _routine(steps=[{"type": "reps", "name": "B", "reps": True}]),
        _routine(steps=[{"type": "circuit", "name": "C", "rounds": 2, "steps": [{"name": "x"}]}]),
        _routine(steps=[{"name": "no type"}]),
        _routine(extra_field=1),
        [],
        "text",
    ]
    return documents


REPO_ROUTINES = REPO_ROOT / "routines"


def test_fast_validation_agrees_with_the_full_schema_check() -> None:
    from backcoach.core.routine.loader import _fast_valid, _validator

    for document in _corpus_documents():
        full_valid = not list(_validator().iter_errors(document))
        assert _fast_valid(document) == full_valid, document


def test_moderately_deep_nesting_gets_a_schema_message(tmp_path: Path) -> None:
    nested: object = "x"
    for _ in range(200):
        nested = {"en": nested}
    problems = _problems(_write(tmp_path, json.dumps(_routine(title=nested))))
    assert any("/title/en: must be a text" in p for p in problems), problems
