"""Speech under faults: one clear message per cause, cached audio checked before use."""

from __future__ import annotations

import logging
import shutil
import sys
import time
from pathlib import Path

import pytest

from backcoach.adapters.speech.cache import PhraseKey, SpeechCache
from backcoach.adapters.speech.hints import enable_speech_hint, speech_off_message
from backcoach.adapters.speech.playback import CommandAudioOut
from backcoach.adapters.speech.rendering import PhraseRenderer, VoiceSettings
from backcoach.adapters.speech.speaker import Speaker
from backcoach.adapters.speech.wavfile import write_mono16
from tests.fakes import FakeAudioOut

KEY = PhraseKey("Hold.", "voice", 165, 1.0, "en", "engine")


def test_a_cached_file_with_a_damaged_body_is_not_reused(tmp_path: Path) -> None:
    cache = SpeechCache(tmp_path)
    path = cache.path_for(KEY)
    path.write_bytes(b"RIFF" + bytes(range(256)) * 8)  # larger than a header, not a WAV
    assert cache.get(KEY) is None
    assert not path.exists()  # removed, so it is rendered again


def test_a_cached_file_cut_short_is_not_reused(tmp_path: Path) -> None:
    cache = SpeechCache(tmp_path)
    path = write_mono16(cache.path_for(KEY), b"\x10\x00" * 8000, 16000)
    path.write_bytes(path.read_bytes()[:4000])  # header says 8000 frames, 1978 are there
    assert cache.get(KEY) is None


def test_a_good_cached_file_is_reused(tmp_path: Path) -> None:
    cache = SpeechCache(tmp_path)
    path = write_mono16(cache.path_for(KEY), b"\x10\x00" * 8000, 16000)
    assert cache.get(KEY) == path


def test_install_espeak_ng_is_advised_only_when_it_is_missing() -> None:
    missing = enable_speech_hint("linux", which=lambda name: None)
    installed = enable_speech_hint("linux", which=lambda name: f"/usr/bin/{name}")
    assert "install espeak-ng" in missing
    assert "install espeak-ng" not in installed and "espeak-ng is installed" in installed
    assert "install espeak-ng" not in speech_off_message("x", "linux", hint="Fix the folder.")


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")
def test_a_cache_folder_blocked_by_a_file_turns_speech_off_with_one_message(
    tmp_path: Path,
) -> None:
    blocked = tmp_path / "speech"
    blocked.write_text("a file where the cache folder should be")
    messages: list[str] = []
    renderer = PhraseRenderer(cache=SpeechCache(blocked))
    speaker = Speaker(renderer, FakeAudioOut(), VoiceSettings(language="en"), messages.append)
    try:
        speaker.prepare([f"Phrase number {n}." for n in range(35)])
        assert speaker.wait_prepared(30)
    finally:
        speaker.close()
    assert len(messages) == 1
    assert "Spoken cues are off" in messages[0]
    assert f"the speech cache folder {blocked} cannot be written" in messages[0]
    assert "install espeak-ng" not in messages[0]
    assert speaker.stats.failed == 0


def _player(exit_code: int) -> list[str]:
    return [sys.executable, "-c", f"import sys; sys.exit({exit_code})"]


def test_a_damaged_sound_file_is_not_blamed_on_the_sound_device(tmp_path: Path) -> None:
    problems: list[str] = []
    damaged = tmp_path / "bad.wav"
    damaged.write_bytes(b"RIFF....WAVEfmt garbage" * 10)
    audio = CommandAudioOut(_player(1), problems.append)
    audio.play(damaged)
    _wait_until_quiet(audio)
    assert problems == []
    good = write_mono16(tmp_path / "good.wav", b"\x10\x00" * 800, 16000)
    audio.play(good)
    _wait_until_quiet(audio)
    assert len(problems) == 1 and "Check the sound device" in problems[0]


def _wait_until_quiet(audio: CommandAudioOut) -> None:
    deadline = time.monotonic() + 10
    while audio.is_playing() and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(0.2)  # the watcher reports after the process ended


def test_an_engine_that_hangs_at_start_is_told_once_on_standard_error(
    tmp_path: Path, capfd, caplog
) -> None:
    """Told through ``on_message`` only: a warning logged too reaches standard error again."""
    from backcoach.adapters.speech.engine_client import EngineClient
    from tests.fakes import fake_worker_command

    client = EngineClient(fake_worker_command("hang_at_start"), hello_timeout_s=0.5)
    renderer = PhraseRenderer(client=client, cache=SpeechCache(tmp_path / "speech"))
    speaker = Speaker(
        renderer,
        FakeAudioOut(),
        VoiceSettings(language="en"),
        lambda message: print(message, file=sys.stderr),
    )
    try:
        speaker.prepare(["One.", "Two.", "Three."])
        assert speaker.wait_prepared(10)
    finally:
        speaker.close()
    err = capfd.readouterr().err
    assert err.count("Spoken cues are off") == 1, err
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
