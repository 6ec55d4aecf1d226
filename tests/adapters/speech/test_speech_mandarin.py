"""Mandarin that sounds like Mandarin (issue 13), with the real espeak-ng.

Every phrase BackCoach speaks in zh-TW (the bundled routines' cue plans and the
whole cue catalogue) must be read by Mandarin rules, not switch to English as
Debian 12's espeak-ng 1.51 does, and must render to audible speech of a
plausible length. Danish and English must keep working. A voice that reads
zh-TW as English must be reported once while beeps go on.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from backcoach.adapters.speech.cache import SpeechCache
from backcoach.adapters.speech.cue_sink import spoken_texts
from backcoach.adapters.speech.espeak_ng import bundled_espeak, language_switches
from backcoach.adapters.speech.lexicon import spoken_form
from backcoach.adapters.speech.rendering import PhraseRenderer, VoiceSettings, probe_phrase
from backcoach.adapters.speech.speaker import Speaker
from backcoach.adapters.speech.wavfile import wav_stats
from backcoach.config.paths import bundled_routines_dir
from backcoach.core.playback.cues import plan_cues, speaking_time
from backcoach.core.playback.phrases import TABLES
from backcoach.core.playback.timeline import compile_routine
from backcoach.core.routine.catalog import load_catalog
from tests.fakes import FakeAudioOut

needs_espeak = pytest.mark.skipif(
    shutil.which("espeak-ng") is None and bundled_espeak() is None,
    reason="no espeak-ng library",
)
needs_bundled = pytest.mark.skipif(
    bundled_espeak() is None, reason="espeakng-loader (libespeak-ng 1.52) is not installed"
)


class _Samples(dict):
    """Placeholder values for catalogue templates: names in the language, numbers as 3."""

    def __missing__(self, key: str) -> str:
        return "3"


_NAMES = {"zh-TW": "貓牛式", "da": "Kat-ko", "en": "Cat-cow"}


def every_spoken_phrase(language: str) -> list[str]:
    """The cue plans of every bundled routine, then every catalogue phrase, in ``language``."""
    catalog = load_catalog(bundled_routines_dir(), Path("/nonexistent/user/routines"))
    assert len(catalog.routines) >= 7 and not catalog.problems
    texts: list[str] = []
    for routine in catalog.routines:
        texts += spoken_texts(plan_cues(compile_routine(routine, language)))
    samples = _Samples(name=_NAMES[language], title=_NAMES[language])
    texts += [template.format_map(samples) for template in TABLES[language].values()]
    return list(dict.fromkeys(" ".join(t.split()) for t in texts if t.strip()))


@pytest.fixture(scope="module")
def renderer(tmp_path_factory):
    made = PhraseRenderer(cache=SpeechCache(tmp_path_factory.mktemp("speech-cache")))
    yield made
    made.close()


# -- without the engine -------------------------------------------------------


def test_language_switch_markers_are_found():
    assert language_switches("(en)zɪwˈɒn kɪfˈɔː(cmn)", "cmn") == ["en"]
    assert language_switches("(en)zɪwˈɒn(cmn) x (en)kɪ(cmn)") == ["en"]
    assert language_switches("ɕˈi5 tɕhˈi5", "cmn") == []
    assert language_switches("(en-us)a(en-gb)", "en-gb") == []


def test_each_language_with_cues_has_a_probe_phrase():
    assert probe_phrase("zh-TW") == "吸氣。"
    assert probe_phrase("zh") == "吸氣。"
    assert probe_phrase("da") == TABLES["da"]["breathe_in"]
    assert probe_phrase("fr") is None  # BackCoach would speak English cues
    assert probe_phrase("") is None


def test_spoken_forms_only_touch_espeak_mandarin():
    assert spoken_form("抱膝到胸口", "espeak", ("cmn",)) == "抱膝到xong1口"
    assert spoken_form("抱膝到胸口", "sapi5", ("zh-TW",)) == "抱膝到胸口"
    assert spoken_form("Skift side", "espeak", ("da",)) == "Skift side"


def test_without_espeakng_loader_the_system_library_is_used(monkeypatch):
    monkeypatch.setitem(sys.modules, "espeakng_loader", None)
    assert bundled_espeak() is None
    monkeypatch.delitem(sys.modules, "espeakng_loader")
    monkeypatch.setattr(sys, "platform", "win32")
    assert bundled_espeak() is None


# -- with the real engine -----------------------------------------------------


@pytest.mark.slow
@needs_bundled
def test_the_worker_speaks_with_the_bundled_espeak_ng_1_52(renderer):
    info = renderer.engine()
    assert info.library.startswith("bundled ")
    assert "espeak-ng 1.52" in info.engine_id
    assert any(v.id == "sit/cmn" for v in info.voices)


@pytest.mark.slow
@needs_bundled
def test_breathe_in_is_read_as_mandarin(renderer):
    reading = renderer.phonemes("吸氣", VoiceSettings(language="zh-TW"))
    assert reading.voice.id == "sit/cmn"
    assert reading.phonemes == "ɕˈi5 tɕhˈi5"
    assert reading.switches == ()


@pytest.mark.slow
@needs_bundled
@pytest.mark.parametrize("language", ["zh-TW", "da", "en"])
def test_no_spoken_phrase_switches_to_another_language(renderer, language):
    settings = VoiceSettings(language=language)
    phrases = every_spoken_phrase(language)
    assert len(phrases) > 100
    misread = {}
    for text in phrases:
        reading = renderer.phonemes(text, settings)
        if reading.switches:
            misread[text] = reading.phonemes
    assert misread == {}


@pytest.mark.slow
@needs_espeak
@pytest.mark.parametrize("language", ["zh-TW", "da", "en"])
def test_every_spoken_phrase_renders_to_audible_speech_of_plausible_length(renderer, language):
    settings = VoiceSettings(language=language, rate=165)
    implausible = {}
    for text in every_spoken_phrase(language):
        stats = wav_stats(renderer.render(text, settings))
        expected = speaking_time(text, 165)
        if stats.silent or not 0.5 * expected <= stats.duration_s <= 2.0 * expected + 0.3:
            implausible[text] = (round(stats.duration_s, 2), round(expected, 2), stats.rms)
    assert implausible == {}


# -- the system's espeak-ng 1.51 ----------------------------------------------


@pytest.fixture
def system_renderer(monkeypatch, tmp_path):
    if shutil.which("espeak-ng") is None:
        pytest.skip("no system espeak-ng")
    monkeypatch.setenv("BACKCOACH_ESPEAK", "system")
    made = PhraseRenderer(cache=SpeechCache(tmp_path / "cache"))
    reading = made.phonemes("吸氣", VoiceSettings(language="zh-TW"))
    if not reading.switches:
        made.close()
        pytest.skip("the system espeak-ng reads Mandarin right")
    yield made
    made.close()


@pytest.mark.slow
def test_a_voice_that_reads_mandarin_as_english_is_reported_once_and_beeps_go_on(
    system_renderer,
):
    messages: list[str] = []
    audio = FakeAudioOut()
    speaker = Speaker(
        system_renderer, audio, VoiceSettings(language="zh-TW"), on_message=messages.append
    )
    try:
        speaker.prepare(["吸氣。", "換邊。", "3"])
        assert speaker.wait_prepared(20.0)
        speaker.say("吸氣。")
        speaker.beep("tick")
        speaker.say("換邊。")
        assert speaker.wait_quiet(5.0)
    finally:
        speaker.close()
    assert len(messages) == 1
    assert "reads zh-TW by the rules of another language (en)" in messages[0]
    assert "beeps and on-screen cues" in messages[0]
    assert "--phonemes" in messages[0]
    assert audio.channels() == ["beep"]  # no English-sounding "Mandarin"
    assert system_renderer.renders == 0


@pytest.mark.slow
def test_english_and_danish_still_speak_with_the_system_library(system_renderer):
    for language, text in [("en", "Switch sides."), ("da", "Skift side.")]:
        assert not wav_stats(system_renderer.render(text, VoiceSettings(language=language))).silent


# -- the command line -----------------------------------------------------------


def _speak(*args: str, env_extra: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    import os

    env = {**os.environ, **(env_extra or {})}
    return subprocess.run(
        [sys.executable, "-m", "backcoach", "speak", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )


@pytest.mark.slow
@needs_bundled
def test_speak_phonemes_prints_how_mandarin_will_be_read():
    result = _speak("吸氣", "--lang", "zh-TW", "--phonemes")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ɕˈi5 tɕhˈi5"
    assert "voice: sit/cmn" in result.stderr and "espeak-ng 1.52" in result.stderr


@pytest.mark.slow
def test_speak_phonemes_says_clearly_when_a_phrase_switches_language(system_renderer):
    result = _speak(
        "吸氣", "--lang", "zh-TW", "--phonemes", env_extra={"BACKCOACH_ESPEAK": "system"}
    )
    assert result.returncode == 1
    assert result.stdout.startswith("(en)")
    assert "reads part of this as another language (en)" in result.stderr


@pytest.mark.slow
@needs_bundled
def test_the_worker_maps_only_the_bundled_library_not_the_systems(tmp_path):
    """pyttsx3 opens libespeak-ng.so.1 by name; the copy already loaded must be the one used."""
    code = (
        "from backcoach.adapters.speech.espeak_ng import use_bundled_library\n"
        "print(use_bundled_library())\n"
        "import pyttsx3\n"
        "pyttsx3.init('espeak')\n"
        "maps = open('/proc/self/maps').read().splitlines()\n"
        "print(sorted({l.split()[-1] for l in maps if 'libespeak-ng' in l}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    described, mapped = result.stdout.splitlines()[:2]
    bundled = bundled_espeak()
    assert described == f"bundled {bundled.library}"
    assert mapped == repr([str(bundled.library.resolve())])
