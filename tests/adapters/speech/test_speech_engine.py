"""Real speech through pyttsx3 in its worker: audible, plausible, cached, bounded in time."""

from __future__ import annotations

import shutil
import time

import pytest

from backcoach.adapters.speech.engine_client import EngineClient, SpeechUnavailable
from backcoach.adapters.speech.playback import NullAudioOut
from backcoach.adapters.speech.rendering import PhraseRenderer, VoiceSettings
from backcoach.adapters.speech.speaker import Speaker
from backcoach.adapters.speech.wavfile import wav_stats
from tests.fakes import FakeAudioOut, fake_worker_command

pytestmark = pytest.mark.slow  # starts speech worker processes

needs_espeak = pytest.mark.skipif(
    shutil.which("espeak-ng") is None, reason="espeak-ng is not installed"
)


@pytest.fixture
def renderer():
    made = PhraseRenderer()
    yield made
    made.close()


def plausible_seconds(text: str, words_per_minute: int) -> tuple[float, float]:
    """Half to twice the time a speaker at that rate needs, plus the engine's end pause."""
    expected = len(text.split()) * 60.0 / words_per_minute
    return 0.5 * expected, 2.0 * expected + 0.5


@needs_espeak
def test_a_cue_renders_to_audible_speech_of_plausible_length(renderer):
    text = "Breathe in slowly, and hold it for three seconds"
    path = renderer.render(text, VoiceSettings(language="en", rate=165))
    stats = wav_stats(path)
    assert not stats.silent and stats.rms > 0.02
    low, high = plausible_seconds(text, 165)
    assert low <= stats.duration_s <= high
    assert stats.sample_rate == 22050 and stats.channels == 1


@needs_espeak
def test_a_faster_rate_gives_shorter_speech(renderer):
    text = "Lift your hips and hold at the top"
    slow = wav_stats(renderer.render(text, VoiceSettings(rate=120))).duration_s
    fast = wav_stats(renderer.render(text, VoiceSettings(rate=240))).duration_s
    assert fast < 0.75 * slow


@needs_espeak
@pytest.mark.parametrize(("language", "text"), [("da", "Skift side"), ("zh-TW", "換邊")])
def test_danish_and_taiwanese_mandarin_cues_are_spoken(renderer, language, text):
    stats = wav_stats(renderer.render(text, VoiceSettings(language=language)))
    assert not stats.silent
    assert 0.3 < stats.duration_s < 3.0  # a short phrase, not a spelled-out "Chinese letter"


@needs_espeak
def test_a_cached_phrase_is_not_rendered_again(renderer):
    settings = VoiceSettings(language="en")
    first = renderer.render("Switch sides", settings)
    modified = first.stat().st_mtime_ns
    again = renderer.render("Switch sides", settings)
    fresh = PhraseRenderer()  # a new app start finds it on disk too
    try:
        from_disk = fresh.render("Switch sides", settings)
    finally:
        fresh.close()
    assert first == again == from_disk
    assert renderer.renders == 1 and fresh.renders == 0
    assert first.read_bytes()[:4] == b"RIFF" and first.stat().st_mtime_ns >= modified
    leftovers = [p.name for p in first.parent.iterdir() if p.suffix != ".wav"]
    assert leftovers == []  # no temporary files left behind


@needs_espeak
def test_the_worker_lists_voices_for_the_three_languages():
    client = EngineClient()
    try:
        info = client.start()
    finally:
        client.close()
    ids = {v.id for v in info.voices}
    assert {"gmw/en", "gmq/da", "sit/cmn"} <= ids
    assert "espeak" in info.engine_id


def test_a_worker_that_hangs_at_start_is_stopped_in_time():
    client = EngineClient(fake_worker_command("hang_at_start"), hello_timeout_s=0.5)
    started = time.monotonic()
    with pytest.raises(SpeechUnavailable, match="did not start within 0.5 s"):
        client.start()
    assert time.monotonic() - started < 2.0
    client.close()


def test_a_worker_that_hangs_mid_render_is_killed(tmp_path):
    client = EngineClient(fake_worker_command("hang_on_render"), render_timeout_s=0.5)
    client.start()
    process = client._process
    with pytest.raises(SpeechUnavailable, match="did not render a phrase"):
        client.render("Rest", "fake/en", 165, 1.0, tmp_path / "x.wav")
    assert process.poll() is not None  # no stuck engine left behind
    client.close()


def test_a_worker_that_crashes_reports_why():
    client = EngineClient(fake_worker_command("crash"))
    with pytest.raises(SpeechUnavailable, match="Segmentation fault"):
        client.start()


def test_a_missing_engine_driver_is_reported_not_raised(monkeypatch):
    monkeypatch.setenv("BACKCOACH_SPEECH_DRIVER", "no_such_driver")
    client = EngineClient()
    with pytest.raises(SpeechUnavailable, match="no_such_driver"):
        client.start()


@pytest.mark.parametrize("behaviour", ["hang_at_start", "hang_on_render", "crash"])
def test_a_session_with_a_failing_engine_goes_on_with_beeps_and_one_message(tmp_path, behaviour):
    client = EngineClient(fake_worker_command(behaviour), hello_timeout_s=0.4, render_timeout_s=0.4)
    audio = FakeAudioOut()
    messages: list[str] = []
    speaker = Speaker(PhraseRenderer(client), audio, VoiceSettings(), on_message=messages.append)
    try:
        speaker.prepare(["Three", "Two", "One"])
        for _ in range(3):
            speaker.say("Switch sides")
            speaker.beep("tick")
            time.sleep(0.05)
        assert speaker.wait_quiet(3.0)
        speaker.beep("finish")
        assert speaker.wait_quiet(1.0)
    finally:
        speaker.close()
    assert audio.channels() == ["beep"] * 4
    assert len(messages) == 1 and "espeak-ng" in messages[0]


@needs_espeak
def test_the_real_engine_speaks_a_session_s_cues(tmp_path):
    audio = FakeAudioOut()
    speaker = Speaker(PhraseRenderer(), audio, VoiceSettings())
    try:
        speaker.prepare(["Three", "Two", "One", "Switch sides"])
        assert speaker.wait_prepared(10.0)
        mark = time.monotonic() + 0.1
        for offset, text in enumerate(["Three", "Two", "One"]):
            speaker.say(text, at=mark + offset * 0.1)
        assert speaker.wait_quiet(2.0)
    finally:
        speaker.close()
    assert audio.channels() == ["speech"] * 3
    assert all(wav_stats(path).rms > 0.01 for _, _, path in audio.played)


def test_null_audio_out_accepts_everything(tmp_path):
    audio = NullAudioOut()
    audio.play(tmp_path / "missing.wav")
    assert not audio.is_playing()
    audio.stop()
    audio.close()
