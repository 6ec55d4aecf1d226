"""Where files live, and settings that survive a bad file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from backcoach.config import paths
from backcoach.config.settings import Settings, load_settings, save_settings


@pytest.mark.parametrize("folder", [paths.data_dir, paths.config_dir, paths.cache_dir])
def test_backcoach_home_relocates_every_folder(
    backcoach_home: Path, folder: Callable[[], Path]
) -> None:
    assert backcoach_home in folder().parents


def test_the_history_lives_in_the_data_folder() -> None:
    assert paths.history_db_path().parent == paths.data_dir()


def test_bundled_folders_exist() -> None:
    assert paths.bundled_routines_dir().is_dir()
    assert paths.assets_dir().is_dir()


def test_settings_round_trip_keeps_unknown_keys() -> None:
    settings = Settings(speech_rate=140, extra={"future_option": 3})
    save_settings(settings)
    loaded = load_settings()
    assert loaded.problem is None
    assert loaded.settings.speech_rate == 140
    assert loaded.settings.extra == {"future_option": 3}


def test_unreadable_settings_are_moved_aside_and_reported() -> None:
    path = paths.settings_path()
    path.parent.mkdir(parents=True)
    path.write_text("{not json")
    loaded = load_settings()
    assert loaded.settings == Settings()
    assert loaded.problem and str(path) in loaded.problem and "moved to" in loaded.problem
    aside = list(path.parent.glob("settings.json.unreadable-*"))
    assert len(aside) == 1 and aside[0].read_text() == "{not json"


def test_a_wrongly_typed_value_falls_back_for_that_key_only() -> None:
    path = paths.settings_path()
    path.parent.mkdir(parents=True)
    path.write_text('{"speech_rate": "fast", "muted": true}')
    loaded = load_settings().settings
    assert loaded.speech_rate == Settings().speech_rate
    assert loaded.muted is True
