"""The bundled beeps: present, audible, short, and exactly what the generator makes."""

from __future__ import annotations

import importlib.util

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


def test_the_committed_sounds_match_the_generator(tmp_path):
    spec = importlib.util.spec_from_file_location(
        "make_sounds", REPO_ROOT / "packaging" / "make_sounds.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main([str(tmp_path)])
    for kind in BEEP_KINDS:
        assert (tmp_path / f"{kind}.wav").read_bytes() == sound_path(kind).read_bytes()
