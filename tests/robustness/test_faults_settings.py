"""Settings under faults: wrong types and ranges, a corrupt or unreadable file, no place to save."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from backcoach.config import paths
from backcoach.config.settings import Settings, load_settings, try_save_settings
from tests.conftest import REPO_ROOT


def _write(settings: dict | str) -> Path:
    path = paths.settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    text = settings if isinstance(settings, str) else json.dumps(settings)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("voice", {}),
        ("voice", 5),
        ("speech_volume", float("nan")),
        ("speech_volume", -0.5),
        ("speech_volume", 3),
        ("speech_rate", True),
        ("speech_rate", -20),
        ("speech_rate", 1e9),
        ("speech_rate", 165.5),
        ("reminder_interval_min", 0),
        ("idle_threshold_s", "300"),
        ("muted", "yes"),
        ("language", ""),
        ("working_hours", {"mon": ["9", "17"]}),
        ("working_hours", {"someday": None}),
    ],
)
def test_a_bad_setting_is_reset_by_name_and_the_others_kept(key: str, value: object) -> None:
    path = _write({key: value, "speech_rate": 200, "muted": True} | {key: value})
    loaded = load_settings()
    defaults = Settings()
    assert getattr(loaded.settings, key) == getattr(defaults, key)
    assert loaded.problem is not None
    assert loaded.problem.startswith(f"{path}: /{key}: ")
    assert "reset to" in loaded.problem
    if key != "speech_rate":
        assert loaded.settings.speech_rate == 200
    if key != "muted":
        assert loaded.settings.muted is True


def test_good_settings_load_without_a_word() -> None:
    _write({"voice": "en-us", "speech_volume": 0.4, "speech_rate": 140, "working_hours": {}})
    loaded = load_settings()
    assert loaded.problem is None
    assert loaded.settings.speech_volume == 0.4 and loaded.settings.voice == "en-us"


def test_corrupt_files_are_each_kept_under_a_name_of_their_own() -> None:
    path = _write("{not json")
    first = load_settings()
    _write("[1, 2")
    second = load_settings()
    kept = sorted(path.parent.glob("settings.json.unreadable-*"))
    assert len(kept) == 2
    assert {p.read_text() for p in kept} == {"{not json", "[1, 2"}
    assert first.problem and str(kept[0]) in first.problem
    assert second.problem and str(kept[1]) in second.problem
    assert load_settings().problem is None  # said once: the file is gone now


def test_a_file_that_cannot_be_read_now_is_left_where_it_is(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = _write({"muted": True})

    def denied(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", denied)
    loaded = load_settings()
    monkeypatch.undo()
    assert loaded.problem is not None and "Permission denied" in loaded.problem
    assert "left as it is" in loaded.problem
    assert path.exists() and not list(path.parent.glob("*.unreadable-*"))


def test_saving_into_a_folder_that_cannot_be_written_is_a_sentence_not_an_error() -> None:
    folder = paths.config_dir()
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text("a file where the folder should be")
    problem = try_save_settings(Settings(muted=True))
    assert problem is not None and problem.startswith(f"{paths.settings_path()}: could not save")


def test_plan_with_broken_settings_says_so_once_and_works(tmp_path: Path) -> None:
    home = tmp_path / "home"
    settings = home / "config" / "settings.json"
    settings.parent.mkdir(parents=True)
    settings.write_text(json.dumps({"voice": {}, "speech_rate": True}))
    result = subprocess.run(
        [sys.executable, "-m", "backcoach", "plan", "desk-break"],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        timeout=60,
        env={**os.environ, "BACKCOACH_HOME": str(home)},
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert f"{settings}: /voice: " in result.stderr
    assert f"{settings}: /speech_rate: true" in result.stderr


def test_confirming_the_safety_check_with_an_unwritable_config_still_starts(
    qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from backcoach.ui.app.main_window import MainWindow
    from backcoach.ui.app.safety_dialog import SafetyDialog

    def confirm(dialog: SafetyDialog) -> int:
        for box in dialog.checks:
            box.setChecked(True)
        return SafetyDialog.DialogCode.Accepted

    monkeypatch.setattr(SafetyDialog, "exec", confirm)
    folder = paths.config_dir()
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text("a file where the folder should be")
    window = MainWindow(Settings())
    qtbot.addWidget(window)
    played: list[str] = []
    monkeypatch.setattr(window, "play", lambda routine: played.append(routine.routine_id) or True)
    assert window.start_routine(window.library.current_routine())
    assert played
    assert "could not save settings" in window.statusBar().currentMessage()
