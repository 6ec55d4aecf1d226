"""The Speaker facade: cues on their marks, cut at once, never blocking, degrading to beeps."""

from __future__ import annotations

import time

import pytest

from backcoach.adapters.speech.engine_client import PhraseFailed, SpeechUnavailable
from backcoach.adapters.speech.rendering import NoVoice, VoiceSettings
from backcoach.adapters.speech.speaker import NullVoice, Speaker
from tests.fakes import FakeAudioOut, FakePhrases


@pytest.fixture
def audio():
    return FakeAudioOut()


def make_speaker(audio, phrases, messages=None, **kwargs) -> Speaker:
    sink = messages if messages is not None else []
    return Speaker(phrases, audio, VoiceSettings(), on_message=sink.append, **kwargs)


@pytest.fixture
def speakers():
    made = []
    yield made
    for speaker in made:
        speaker.close()


def test_a_prepared_cue_starts_on_its_mark(tmp_path, audio, speakers):
    phrases = FakePhrases(tmp_path)
    speaker = make_speaker(audio, phrases)
    speakers.append(speaker)
    speaker.prepare(["Switch sides", "Three", "Two", "One"])
    assert speaker.wait_prepared(2.0)
    mark = time.monotonic() + 0.15
    speaker.say("Switch sides", at=mark)
    assert audio.played == []  # not before its mark
    assert speaker.wait_quiet(2.0)
    started, channel, _ = audio.played[0]
    assert channel == "speech"
    assert 0 <= started - mark < 0.05
    assert phrases.rendered == ["Switch sides", "Three", "Two", "One"]


def test_preparing_twice_renders_each_phrase_once(tmp_path, audio, speakers):
    phrases = FakePhrases(tmp_path)
    speaker = make_speaker(audio, phrases)
    speakers.append(speaker)
    speaker.prepare(["Rest", "Rest", "  Rest  "])
    speaker.wait_prepared(2.0)
    speaker.prepare(["Rest"])
    speaker.say("Rest")
    speaker.wait_quiet(2.0)
    assert phrases.rendered == ["Rest"]
    assert audio.channels() == ["speech"]


def test_an_unprepared_cue_is_rendered_on_demand_and_still_spoken(tmp_path, audio, speakers):
    speaker = make_speaker(audio, FakePhrases(tmp_path, render_delay_s=0.05))
    speakers.append(speaker)
    mark = time.monotonic()
    speaker.say("Last set", at=mark)
    assert speaker.wait_quiet(2.0)
    assert len(audio.played) == 1
    assert speaker.stats.spoken == 1 and speaker.stats.dropped_late == 0
    assert 0.05 <= audio.played[0][0] - mark < 0.3


def test_a_cue_that_would_come_too_late_is_dropped(tmp_path, audio, speakers):
    speaker = make_speaker(audio, FakePhrases(tmp_path, render_delay_s=0.4), late_tolerance_s=0.2)
    speakers.append(speaker)
    speaker.say("Three")
    assert speaker.wait_quiet(2.0)
    assert audio.played == []
    assert speaker.stats.dropped_late == 1


def test_say_never_blocks_even_when_the_engine_is_slow(tmp_path, audio, speakers):
    speaker = make_speaker(audio, FakePhrases(tmp_path, render_delay_s=0.5))
    speakers.append(speaker)
    started = time.perf_counter()
    speaker.prepare([f"phrase {i}" for i in range(20)])
    speaker.say("Breathe in")
    speaker.beep("tick")
    speaker.cut()
    assert time.perf_counter() - started < 0.05


def test_cut_silences_now_and_forgets_cues_not_yet_played(tmp_path, audio, speakers):
    speaker = make_speaker(audio, FakePhrases(tmp_path))
    speakers.append(speaker)
    speaker.prepare(["Hold", "Halfway"])
    speaker.wait_prepared(2.0)
    soon = time.monotonic() + 0.1
    speaker.say("Hold", at=soon)
    speaker.say("Halfway", at=soon + 0.05)
    speaker.beep("tick", at=soon)
    speaker.cut()
    time.sleep(0.3)
    assert audio.played == []
    assert audio.stops >= 1


def test_an_on_demand_phrase_cut_while_rendering_stays_silent(tmp_path, audio, speakers):
    speaker = make_speaker(audio, FakePhrases(tmp_path, render_delay_s=0.1))
    speakers.append(speaker)
    speaker.say("Next: bird dog")
    speaker.cut()  # e.g. the user pressed pause right away
    assert speaker.wait_quiet(2.0)
    assert audio.played == []


def test_mute_silences_speech_and_beeps_until_unmuted(tmp_path, audio, speakers):
    speaker = make_speaker(audio, FakePhrases(tmp_path))
    speakers.append(speaker)
    speaker.prepare(["Rest"])
    speaker.wait_prepared(2.0)
    speaker.set_muted(True)
    speaker.say("Rest")
    speaker.beep("phase")
    speaker.wait_quiet(1.0)
    assert audio.played == []
    speaker.set_muted(False)
    speaker.beep("phase")
    speaker.say("Rest")
    speaker.wait_quiet(1.0)
    assert sorted(audio.channels()) == ["beep", "speech"]


def test_beeps_can_be_turned_off_alone(tmp_path, audio, speakers):
    speaker = make_speaker(audio, FakePhrases(tmp_path), beeps=False)
    speakers.append(speaker)
    speaker.beep("tick")
    speaker.say("Rest")
    speaker.wait_quiet(2.0)
    assert audio.channels() == ["speech"]


@pytest.mark.parametrize(
    "failure",
    [
        {"fail_start": SpeechUnavailable("could not initialize espeak")},
        {"fail_render": SpeechUnavailable("the speech engine did not answer within 15 s")},
    ],
)
def test_a_missing_or_broken_engine_leaves_beeps_and_one_message(
    tmp_path, audio, speakers, failure
):
    messages: list[str] = []
    speaker = make_speaker(audio, FakePhrases(tmp_path, **failure), messages)
    speakers.append(speaker)
    speaker.prepare(["One", "Two", "Three"])
    for _ in range(5):
        speaker.say("Switch sides")
        speaker.beep("tick")
        speaker.wait_quiet(2.0)
    assert audio.channels() == ["beep"] * 5
    assert len(messages) == 1
    assert "beeps" in messages[0] and "espeak-ng" in messages[0]
    assert not speaker.speech_available


def test_no_voice_for_the_language_is_told_once(tmp_path, audio, speakers):
    messages: list[str] = []
    phrases = FakePhrases(tmp_path, fail_render=NoVoice("no installed voice speaks 'da'"))
    speaker = make_speaker(audio, phrases, messages)
    speakers.append(speaker)
    speaker.prepare(["Skift side", "Hvil"])
    speaker.say("Skift side")
    speaker.wait_quiet(2.0)
    assert messages == [speaker.problem]
    assert "no installed voice speaks 'da'" in messages[0]


def test_one_phrase_failing_does_not_silence_the_rest(tmp_path, audio, speakers):
    phrases = FakePhrases(tmp_path, fail_render=PhraseFailed("odd text"))
    messages: list[str] = []
    speaker = make_speaker(audio, phrases, messages)
    speakers.append(speaker)
    speaker.say("???")
    speaker.wait_quiet(2.0)
    phrases.fail_render = None
    speaker.say("Rest")
    speaker.wait_quiet(2.0)
    assert audio.channels() == ["speech"]
    assert speaker.stats.failed == 1 and messages == []


def test_close_releases_the_engine_and_later_calls_are_harmless(tmp_path, audio):
    phrases = FakePhrases(tmp_path)
    speaker = make_speaker(audio, phrases)
    speaker.close()
    speaker.close()
    speaker.say("Rest")
    speaker.beep("tick")
    speaker.cut()
    assert phrases.closed
    assert audio.played == []


def test_a_speaker_without_engine_plays_beeps(audio, speakers):
    speaker = make_speaker(audio, None)
    speakers.append(speaker)
    speaker.say("Rest")
    speaker.beep("finish")
    speaker.wait_quiet(1.0)
    assert audio.channels() == ["beep"]


def test_the_null_voice_is_silent_but_catches_unknown_beeps():
    voice = NullVoice()
    voice.prepare(["Rest"])
    voice.say("Rest", at=0.0)
    voice.beep("tick")
    voice.cut()
    voice.set_muted(True)
    voice.close()
    with pytest.raises(ValueError):
        voice.beep("gong")
