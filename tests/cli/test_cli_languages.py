"""The command line's own messages in Danish and Chinese: validate, import, export, speak."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from backcoach.cli import main
from tests.conftest import REPO_ROOT

GOOD = REPO_ROOT / "tests" / "data" / "routines" / "good"


def _bad_routine(folder: Path) -> Path:
    bad = folder / "warm-up.json"
    bad.write_text(
        json.dumps(
            {
                "format": 1,
                "id": "warm-up-x",
                "title": "W",
                "kind": "warm-up",
                "steps": [
                    {"type": "hold", "name": "Plank", "hold_s": -5},
                    {"type": "hold", "name": "Plank", "hold_s": 20, "sett": 2},
                ],
            }
        )
    )
    return bad


def test_validate_in_danish_keeps_the_file_and_pointer(tmp_path: Path, capsys) -> None:
    bad = _bad_routine(tmp_path)
    assert main(["--lang", "da", "validate", str(bad), str(GOOD / "minimal.json")]) == 1
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert f"{bad}: /steps/0/hold_s: skal være et antal sekunder på mindst 1, men er -5" in lines
    assert f"{bad}: /steps/1: ukendt felt 'sett' (mente du 'sets'?)" in lines
    assert any(line.endswith("minimal.json: ok (minimal)") for line in lines)
    assert "1 af 2 filer er ugyldige." in captured.err


def test_validate_in_chinese(tmp_path: Path, capsys) -> None:
    bad = _bad_routine(tmp_path)
    assert main(["--lang", "zh-TW", "validate", str(bad)]) == 1
    captured = capsys.readouterr()
    assert f"{bad}: /steps/0/hold_s: 必須是至少 1 的秒數，目前是 -5" in captured.out
    assert "1 個檔案中有 1 個無效。" in captured.err
    assert main(["--lang", "zh-TW", "validate", str(tmp_path / "nope.json")]) == 2
    assert "沒有這個檔案或資料夾" in capsys.readouterr().err


def test_a_safety_warning_in_danish(tmp_path: Path, capsys) -> None:
    risky = tmp_path / "risky.json"
    risky.write_text(
        json.dumps(
            {
                "format": 1,
                "id": "risky",
                "title": "Risky",
                "kind": "strength",
                "steps": [{"type": "reps", "name": "Sit-up", "reps": 10}],
            }
        )
    )
    assert main(["--lang", "da", "validate", str(risky)]) == 0
    out = capsys.readouterr().out
    assert (
        f"{risky}: /steps/0: advarsel: mavebøjninger med fjedren og sit-ups er skadelige"
        " for en øm lænd (artikel 002)"
    ) in out


def test_import_and_export_messages_in_danish(tmp_path: Path, capsys) -> None:
    source = tmp_path / "minimal.json"
    source.write_bytes((GOOD / "minimal.json").read_bytes())
    assert main(["--lang", "da", "import", str(source)]) == 0
    assert "importeret som 'minimal'" in capsys.readouterr().out
    assert main(["--lang", "da", "import", str(source)]) == 1
    assert "findes allerede" in capsys.readouterr().err
    out = tmp_path / "shared.json"
    assert main(["--lang", "da", "export", "minimal", "--out", str(out)]) == 0
    assert f"minimal: skrevet til {out}" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("language", "expected"),
    [("da", "TEXT er tom; angiv en sætning, der skal siges"), ("zh-TW", "TEXT 是空的")],
)
def test_speak_refuses_empty_text_in_the_language(language: str, expected: str, capsys) -> None:
    assert main(["--lang", language, "speak", "  "]) == 1
    assert expected in capsys.readouterr().err
