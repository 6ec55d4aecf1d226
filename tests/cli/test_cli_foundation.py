"""``backcoach validate``, ``backcoach routines`` and ``--version`` as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from backcoach import __version__
from backcoach.cli import main
from tests.builders import bundled_routine_params
from tests.conftest import REPO_ROOT

REPO = REPO_ROOT
GOOD = REPO / "tests" / "data" / "routines" / "good"


def _run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "backcoach", *args],
        capture_output=True,
        text=True,
        cwd=cwd or REPO,
        timeout=60,
    )


def test_version() -> None:
    result = _run("--version")
    assert result.returncode == 0 and __version__ in result.stdout


def test_validate_good_folder_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(GOOD)]) == 0
    out = capsys.readouterr().out
    assert "every-step-type.json: ok (every-step-type)" in out


def test_validate_bad_file_exits_1_with_one_line_per_problem(tmp_path: Path) -> None:
    bad = tmp_path / "warm-up.json"
    bad.write_text(
        json.dumps(
            {
                "format": 1,
                "id": "warm-up-x",
                "title": "W",
                "kind": "warm-up",
                "steps": [
                    {"type": "rest", "duration_s": 10},
                    {"type": "rest", "duration_s": 10},
                    {"type": "hold", "name": "Plank", "hold_s": -5},
                    {"type": "hold", "name": "Plank", "hold_s": 20, "sets": 0},
                ],
            }
        )
    )
    result = _run("validate", str(bad), str(GOOD / "minimal.json"))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert f"{bad}: /steps/2/hold_s: must be a number of seconds of at least 1, got -5" in lines
    assert any(line.startswith(f"{bad}: /steps/3/sets:") for line in lines)
    assert any(line.endswith("minimal.json: ok (minimal)") for line in lines)
    assert "Traceback" not in result.stderr


def test_validate_usage_errors_exit_2(tmp_path: Path) -> None:
    assert _run("validate").returncode == 2
    missing = _run("validate", str(tmp_path / "nope.json"))
    assert missing.returncode == 2 and "no such file or folder" in missing.stderr


def test_routines_lists_user_routine_with_duration_and_reports_broken_ones(
    backcoach_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    user_dir = backcoach_home / "data" / "routines"
    user_dir.mkdir(parents=True)
    (user_dir / "mine.json").write_text((GOOD / "every-step-type.json").read_text())
    (user_dir / "broken.json").write_text("{")
    assert main(["routines"]) == 0
    out = capsys.readouterr().out
    row = next(line for line in out.splitlines() if line.startswith("every-step-type"))
    assert "custom" in row and "12:07" in row and "yours" in row
    assert "not loaded:" in out and "broken.json" in out


def test_user_routine_cannot_shadow_a_bundled_id(
    backcoach_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from backcoach.core.routine.catalog import load_catalog

    bundled = load_catalog().routines
    if not bundled:
        pytest.skip("no bundled routines yet")
    taken = bundled[0].routine_id
    user_dir = backcoach_home / "data" / "routines"
    user_dir.mkdir(parents=True)
    doc = json.loads((GOOD / "minimal.json").read_text())
    doc["id"] = taken
    (user_dir / "copy.json").write_text(json.dumps(doc))
    catalog = load_catalog()
    assert catalog.find(taken).bundled
    assert any(f"the id '{taken}' is already used" in str(p) for p in catalog.problems)


def test_every_bundled_routine_is_valid_and_every_kind_is_there(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from backcoach.config import paths
    from backcoach.core.routine.catalog import load_catalog
    from backcoach.core.routine.duration import planned_duration_s

    assert main(["validate", str(paths.bundled_routines_dir())]) == 0
    catalog = load_catalog()
    assert catalog.problems == ()
    by_id = {r.routine_id: r for r in catalog.routines}
    kinds = {r.kind.value for r in catalog.routines}
    assert {"warm-up", "stretch", "strength", "cool-down", "desk-break"} <= kinds
    assert 60 <= planned_duration_s(by_id["desk-break"]) <= 120


@pytest.mark.parametrize("path", bundled_routine_params())
def test_each_bundled_routine_is_faithful_to_its_kind(path: Path) -> None:
    from backcoach.core.routine.duration import planned_duration_s
    from backcoach.core.routine.loader import load_routine

    routine = load_routine(path, bundled=True)
    assert routine.sources, f"{routine.routine_id} names no source article"
    assert routine.safety, f"{routine.routine_id} has no safety notes"
    seconds = planned_duration_s(routine)
    if routine.kind.value in {"warm-up", "cool-down"}:
        assert 5 * 60 <= seconds <= 10 * 60, routine.routine_id
    if routine.kind.value == "desk-break":
        assert 60 <= seconds <= 120, routine.routine_id
