"""``backcoach plan ROUTINE [--json]`` as a user runs it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from backcoach.cli import main
from tests.conftest import REPO_ROOT

GOOD = REPO_ROOT / "tests" / "data" / "routines" / "good"


def plan_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    assert main(["plan", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_json_plan_of_a_file_has_the_documented_fields(capsys) -> None:
    plan = plan_json(capsys, str(GOOD / "every-step-type.json"))
    assert plan["total_s"] == 727
    assert plan["segments"][-1]["kind"] == "finish"
    assert plan["segments"][-1]["start_s"] == 727
    for segment in plan["segments"]:
        assert {"start_s", "duration_s", "kind", "exercise", "side", "set", "round", "rep"} <= set(
            segment
        )
    for cue in plan["cues"]:
        assert {"at_s", "text", "priority"} <= set(cue)
    kinds = {segment["kind"] for segment in plan["segments"]}
    assert {"prepare", "work", "hold", "rep-up", "rep-down", "inhale", "exhale"} <= kinds
    assert {"switch", "set-rest", "round-rest", "rest", "finish"} <= kinds


def test_json_segments_tile_the_timeline(capsys) -> None:
    plan = plan_json(capsys, str(GOOD / "every-step-type.json"))
    position = 0.0
    for segment in plan["segments"]:
        assert segment["start_s"] == pytest.approx(position)
        position += segment["duration_s"]
    assert position == pytest.approx(plan["total_s"])


def test_plan_by_id_of_a_bundled_routine(capsys) -> None:
    plan = plan_json(capsys, "stretch-flow")
    assert plan["routine"] == "stretch-flow" and plan["language"] == "en"
    holds = [s for s in plan["segments"] if s["kind"] == "hold"]
    assert holds and all(s["breath"] for s in holds)
    assert {"left", "right"} <= {s["side"] for s in holds}


def test_plan_in_another_language(capsys) -> None:
    plan = plan_json(capsys, "stretch-flow", "--language", "da")
    texts = [cue["text"] for cue in plan["cues"]]
    assert "Skift side." in texts and "Switch sides." not in texts


def test_text_plan_lists_segments_with_their_spoken_cues(capsys) -> None:
    assert main(["plan", "desk-break"]) == 0
    out = capsys.readouterr().out
    first_line = out.splitlines()[0]
    assert first_line.startswith("Desk break (desk-break): 1:59")
    assert '"Desk break. First: Stand up and breathe."' in out
    assert "rep-up" in out and "finish" in out
    assert "<beep:phase>" not in out
    assert main(["plan", "desk-break", "--beeps"]) == 0
    assert "<beep:phase>" in capsys.readouterr().out


def test_self_paced_plans_say_they_are_estimated(capsys, tmp_path: Path) -> None:
    doc = {
        "format": 1,
        "id": "own-pace",
        "title": "Own pace",
        "kind": "custom",
        "steps": [{"type": "reps", "name": "Superman", "reps": 10, "self_paced": True}],
    }
    path = tmp_path / "own-pace.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert main(["plan", str(path)]) == 0
    assert "(self-paced sets estimated)" in capsys.readouterr().out
    plan = plan_json(capsys, str(path))
    assert plan["estimated"] is True and plan["total_s"] == 5 + 30


def test_an_unknown_id_is_a_clear_error(capsys) -> None:
    assert main(["plan", "no-such-routine"]) == 1
    err = capsys.readouterr().err
    assert "no-such-routine" in err and "known ids" in err and "Traceback" not in err


def test_a_broken_file_is_reported_with_its_name(capsys, tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"format": 1, "id": "x"', encoding="utf-8")
    assert main(["plan", str(path)]) == 1
    err = capsys.readouterr().err
    assert "broken.json" in err and "Traceback" not in err


def test_the_plan_table_is_translated_and_wide_characters_keep_the_columns(capsys) -> None:
    from backcoach.cli.plan import fit

    assert fit("臀橋", 6) == "臀橋  " and fit("臀橋", 3) == "臀 "
    assert fit("Bridge", 8, right=True) == "  Bridge"
    assert main(["--lang", "zh-TW", "plan", "strength-beginner"]) == 0
    header, first = capsys.readouterr().out.splitlines()[2:4]
    assert "開始" in header and "動作" in header
    cells = [2 if ord(c) > 0x2E80 else 1 for c in header]
    exercise_at = sum(cells[: header.index("動作")])
    assert first[exercise_at : exercise_at + 2] == "臀橋"  # the exercise sits under its heading
