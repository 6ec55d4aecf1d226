"""What the commands print for bad input: never a raw control character, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from backcoach.cli import main
from tests.conftest import REPO_ROOT
from tests.routine_files import routine_document as _routine


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "backcoach", *args],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


def test_validate_of_an_empty_folder_says_so_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert f"{tmp_path}: no .json routine files in this folder" in err
    assert "There were no routine files to check." in err


def test_a_file_name_with_an_escape_sequence_is_printed_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "title\x1b]0;pwned\x07.json"
    good.write_text(json.dumps(_routine()), encoding="utf-8")
    assert main(["validate", str(good)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "title\\u001b]0;pwned\\u0007.json: ok (test-routine)" in out


def test_an_instruction_line_break_is_escaped_in_the_text_plan(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    step = {"type": "hold", "name": "Plank", "hold_s": 20, "instruction": "Go.\nAll saved."}
    path = tmp_path / "prose.json"
    path.write_text(json.dumps(_routine(steps=[step])), encoding="utf-8")
    assert main(["plan", str(path)]) == 0
    out = capsys.readouterr().out
    assert '"Go.\\nAll saved."' in out
    assert not any(line.startswith("All saved.") for line in out.splitlines())


@pytest.mark.parametrize("command", [["plan", "--json"], ["run", "--headless"]])
def test_a_lone_surrogate_is_refused_before_planning_or_playing(
    tmp_path: Path, command: list[str]
) -> None:
    path = tmp_path / "sur.json"
    path.write_bytes(json.dumps(_routine(title="\ud800")).encode())
    result = _run(*command, str(path))
    assert result.returncode == 1 and result.stdout == ""
    assert (
        result.stderr
        == f"{path}: /title: contains an unpaired surrogate (\\ud800), which is not text\n"
    )


def test_routines_lists_the_good_ones_beside_bad_user_files(backcoach_home: Path) -> None:
    folder = backcoach_home / "data" / "routines"
    folder.mkdir(parents=True)
    (folder / "sur.json").write_bytes(json.dumps(_routine(title="\ud800")).encode())
    (folder / "huge.json").write_bytes(b'{"reps": ' + b"9" * 5000 + b"}")
    many = _routine(id="many-bad", steps=[{}] * 2000)
    (folder / "many.json").write_text(json.dumps(many), encoding="utf-8")
    (folder / "b\udcff.json").write_text(json.dumps(_routine(id="odd-name")), encoding="utf-8")
    result = _run("routines")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "desk-break" in result.stdout and "odd-name" in result.stdout
    problems = [line for line in result.stdout.splitlines() if line.startswith("not loaded: ")]
    assert len(problems) == 3  # one line per file, however many problems it has
    assert any(
        "many.json: /steps: has 2000 items" in line and "more; see" in line for line in problems
    )
