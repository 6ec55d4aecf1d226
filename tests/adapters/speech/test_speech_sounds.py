"""The bundled beeps: present, audible, short, and exactly what the generator makes."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from backcoach.adapters.speech.sounds import BEEP_KINDS, sound_path
from backcoach.adapters.speech.wavfile import wav_stats
from tests.conftest import REPO_ROOT


@pytest.mark.parametrize("kind", BEEP_KINDS)
def test_each_beep_is_a_short_audible_sound(kind):
    stats = wav_stats(sound_path(kind))
    assert not stats.silent
    assert 0.03 < stats.duration_s < 1.0


def test_an_unknown_beep_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown beep 'boom'"):
        sound_path("boom")


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Run packaging/make_sounds.py once into a fresh folder; return the folder."""
    folder = tmp_path_factory.mktemp("sounds")
    spec = importlib.util.spec_from_file_location(
        "make_sounds", REPO_ROOT / "packaging" / "make_sounds.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main([str(folder)])
    return folder


@pytest.mark.parametrize("kind", BEEP_KINDS)
def test_the_committed_sound_matches_the_generator(generated: Path, kind: str) -> None:
    assert (generated / f"{kind}.wav").read_bytes() == sound_path(kind).read_bytes()
