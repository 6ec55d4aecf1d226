"""Playing and cutting sounds with a real player (aplay) on devices this machine has."""

from __future__ import annotations

import shutil
import sys
import time

import pytest

from backcoach.adapters.speech.playback import (
    CommandAudioOut,
    NullAudioOut,
    default_audio_out,
)
from backcoach.adapters.speech.rendering import PhraseRenderer, VoiceSettings
from backcoach.adapters.speech.speaker import Speaker
from tests.fakes import PacedAlsaSink, write_tone_wav

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        shutil.which("aplay") is None or sys.platform != "linux", reason="needs ALSA's aplay"
    ),
]


@pytest.fixture
def sink(tmp_path):
    made = PacedAlsaSink(tmp_path)
    yield made
    made.close()


@pytest.fixture
def tone(tmp_path):
    return write_tone_wav(tmp_path / "tone.wav", seconds=1.5)


def wait_until(condition, timeout_s: float = 3.0) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return False


def test_the_null_device_plays_without_complaint(tone):
    problems: list[str] = []
    audio = default_audio_out(problems.append, device="null")
    assert isinstance(audio, CommandAudioOut) and audio.command[-1] == "null"
    audio.play(tone)
    assert wait_until(lambda: not audio.is_playing())
    time.sleep(0.05)
    assert problems == []


def test_the_device_can_be_set_in_the_environment(monkeypatch):
    monkeypatch.setenv("BACKCOACH_AUDIO_DEVICE", "null")
    assert default_audio_out().command == ["aplay", "-q", "-D", "null"]
    monkeypatch.setenv("BACKCOACH_AUDIO_DEVICE", "none")
    assert isinstance(default_audio_out(), NullAudioOut)


def test_a_missing_sound_device_is_reported_once_and_never_raises(tone):
    problems: list[str] = []
    audio = CommandAudioOut(["aplay", "-q", "-D", "no_such_device"], problems.append)
    for _ in range(3):
        audio.play(tone)
        assert wait_until(lambda: not audio.is_playing())
    assert wait_until(lambda: problems)
    time.sleep(0.1)
    assert len(problems) == 1
    assert "Sound output is not working" in problems[0] and "BACKCOACH_AUDIO_DEVICE" in problems[0]


def test_a_missing_player_program_is_reported_once(tone):
    problems: list[str] = []
    audio = CommandAudioOut(["no-such-player-3b7f"], problems.append)
    audio.play(tone)
    audio.play(tone)
    assert len(problems) == 1 and "no-such-player-3b7f" in problems[0]


def test_stop_cuts_a_playing_sound_at_once(sink, tone):
    problems: list[str] = []
    audio = CommandAudioOut(["aplay", "-q", "-D", sink.device], problems.append)
    audio.play(tone)
    assert sink.wait_for_playbacks(1, ended=False)
    time.sleep(0.2)
    assert audio.is_playing()
    cut_at = time.monotonic()
    audio.stop()
    assert sink.wait_for_playbacks(1, ended=True, timeout_s=2.0)
    assert sink.playbacks[0].writer_gone_at - cut_at < 0.25
    assert not audio.is_playing()
    time.sleep(0.05)
    assert problems == []  # a cut is not a failure


def test_a_new_sound_replaces_the_one_on_its_channel_but_not_other_channels(tone):
    lasting_player = [sys.executable, "-c", "import sys, time; time.sleep(10)"]
    audio = CommandAudioOut(lasting_player)
    audio.play(tone, "speech")
    audio.play(tone, "beep")
    first_phrase = audio._playing["speech"]
    audio.play(tone, "speech")
    assert wait_until(lambda: first_phrase.poll() is not None, timeout_s=1.0)
    assert audio.is_playing("speech") and audio.is_playing("beep")
    audio.stop()
    assert wait_until(lambda: not audio.is_playing())


def test_a_spoken_cue_reaches_the_device_on_its_mark_and_pause_silences_it(sink):
    audio = CommandAudioOut(["aplay", "-q", "-D", sink.device])
    speaker = Speaker(PhraseRenderer(), audio, VoiceSettings(rate=120))
    try:
        text = "Hold the bridge and keep breathing calmly"
        speaker.prepare([text])
        assert speaker.wait_prepared(10.0)
        mark = time.monotonic() + 0.2
        speaker.say(text, at=mark)
        assert sink.wait_for_playbacks(1, ended=False)
        assert -0.005 < sink.playbacks[0].first_data_at - mark < 0.1
        time.sleep(0.3)
        paused_at = time.monotonic()
        speaker.cut()
        assert sink.wait_for_playbacks(1, ended=True, timeout_s=2.0)
        assert sink.playbacks[0].writer_gone_at - paused_at < 0.25
    finally:
        speaker.close()
