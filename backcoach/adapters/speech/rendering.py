"""Turn a phrase into a WAV file: pick the voice, look in the cache, else render.

This is the one render path: the app's ``Speaker`` and the ``backcoach
speak`` command both go through ``PhraseRenderer.render``.

Before a voice renders its first phrase in a language BackCoach has cues
for, the renderer asks the engine how the voice reads a known cue of that
language (``吸氣。`` for zh-TW). A voice that reads it by another language's
rules (espeak-ng 1.51 reads Chinese as English words) counts as no voice:
``VoiceMisreads``, so a session tells the user once and goes on with beeps
and captions rather than speaking gibberish. The engine is given each
phrase's spoken form (``lexicon``), which works around known gaps.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from backcoach.adapters.speech.cache import PhraseKey, SpeechCache
from backcoach.adapters.speech.engine_client import (
    EngineClient,
    EngineInfo,
    PhraseFailed,
)
from backcoach.adapters.speech.espeak_ng import language_switches
from backcoach.adapters.speech.hints import misread_voice_hint
from backcoach.adapters.speech.lexicon import spoken_form
from backcoach.adapters.speech.voices import (
    VoiceInfo,
    choose_voice,
    find_voice,
    normalize_language,
    speaks,
)
from backcoach.config.settings import SPEECH_RATE_RANGE, Settings, language_tag
from backcoach.core.playback.phrases import Phrases, resolve_language

MIN_RATE, MAX_RATE = SPEECH_RATE_RANGE


class NoVoice(LookupError):
    """No installed voice fits what was asked (a voice id or a language).

    ``hint`` says how to get a good voice, when there is more to say than
    "install a voice".
    """

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint


class VoiceMisreads(NoVoice):
    """The voice is installed but reads the language by another language's rules."""


@dataclass(frozen=True)
class PhonemeReading:
    """How a voice reads a text: IPA phonemes and the languages it switches to."""

    voice: VoiceInfo
    phonemes: str
    switches: tuple[str, ...]


PROBE_KEY = "breathe_in"
"""The cue whose reading tells whether a voice speaks a language (吸氣。 in zh-TW)."""


def probe_phrase(language: str) -> str | None:
    """Return a cue BackCoach says in ``language``, or None when it has no cues in it."""
    if not language.strip():
        return None
    tag = resolve_language(language)
    if _base(tag) != _base(language):
        return None  # no cues in this language: BackCoach would speak English ones
    return Phrases(tag).say(PROBE_KEY)


def _base(tag: str) -> str:
    return normalize_language(tag).split("-")[0]


@dataclass(frozen=True)
class VoiceSettings:
    """How cues should sound: language, preferred voice, words per minute, volume 0..1."""

    language: str = "en"
    voice: str | None = None
    rate: int = 165
    volume: float = 1.0

    @classmethod
    def from_settings(cls, settings: Settings, language: str | None = None) -> VoiceSettings:
        """Take the user's settings; ``language`` (the routine's) overrides theirs."""
        return cls(
            language=language or language_tag(settings),
            voice=settings.voice or None,
            rate=clamp_rate(settings.speech_rate),
            volume=min(1.0, max(0.0, float(settings.speech_volume))),
        )


def clamp_rate(rate: int) -> int:
    """Keep a speech rate within what engines handle well."""
    return max(MIN_RATE, min(MAX_RATE, int(rate)))


def resolve_voice(
    voices: Sequence[VoiceInfo], settings: VoiceSettings, strict: bool = False
) -> VoiceInfo:
    """Return the voice for ``settings``, or raise ``NoVoice`` with a sentence for the user.

    Lenient (the app): the preferred voice when it speaks the language, else
    the best voice for the language. Strict (``backcoach speak --voice``): the
    named voice must exist and, when a language is also given, speak it.
    """
    if strict and settings.voice:
        voice = find_voice(voices, settings.voice)
        if voice is None:
            raise NoVoice(f"no voice named '{settings.voice}' is installed")
        if settings.language and not speaks(voice, settings.language):
            raise NoVoice(
                f"the voice '{voice.id}' does not speak '{settings.language}' "
                f"(it speaks {', '.join(voice.languages) or 'an unknown language'})"
            )
        return voice
    voice = choose_voice(voices, settings.language, settings.voice)
    if voice is None:
        raise NoVoice(f"no installed voice speaks '{settings.language}'")
    return voice


class PhraseSource(Protocol):
    """Where the ``Speaker`` gets its audio files from."""

    def start(self) -> None:
        """Get ready (start the engine); raise ``SpeechUnavailable`` when there is none."""
        ...

    def render(self, text: str, settings: VoiceSettings) -> Path:
        """Return a WAV of ``text``; raise NoVoice, PhraseFailed or SpeechUnavailable."""
        ...

    def close(self) -> None:
        """Release the engine."""
        ...


class PhraseRenderer:
    """The real ``PhraseSource``: voice choice, cache, and the worker process."""

    def __init__(self, client: EngineClient | None = None, cache: SpeechCache | None = None):
        self.client = client or EngineClient()
        self.cache = cache or SpeechCache()
        self.renders = 0  # phrases actually sent to the engine (cache misses)
        self._lock = threading.Lock()
        self._cache_ready = False
        self._checked: dict[tuple[str, str], tuple[str, str] | None] = {}

    def start(self) -> None:
        """Start the engine and check the cache (``SpeechUnavailable``, ``CacheUnwritable``)."""
        self.client.start()
        self._ready_cache()

    def _ready_cache(self) -> None:
        """Once per run, off the caller's thread: check the folder can be written, then prune."""
        if not self._cache_ready:
            self.cache.check_writable()
            self._cache_ready = True
            self.cache.prune()

    def engine(self) -> EngineInfo:
        """Return the running engine's info, starting it if needed."""
        return self.client.start()

    def key(self, text: str, settings: VoiceSettings, strict: bool = False) -> PhraseKey:
        """Return the cache key for ``text`` spoken with ``settings``."""
        info = self.engine()
        voice = resolve_voice(info.voices, settings, strict)
        self.check_voice(voice, settings.language)
        return PhraseKey(
            text=spoken_form(text, info.driver, voice.languages),
            voice_id=voice.id,
            rate=clamp_rate(settings.rate),
            volume=round(min(1.0, max(0.0, settings.volume)), 3),
            language=settings.language,
            engine_id=info.engine_id,
        )

    def phonemes(self, text: str, settings: VoiceSettings, strict: bool = False) -> PhonemeReading:
        """Return how the voice for ``settings`` reads ``text``.

        Raises ``NoVoice``, ``PhraseFailed`` (the engine cannot tell: only
        espeak-ng can) or ``SpeechUnavailable``.
        """
        voice = resolve_voice(self.engine().voices, settings, strict)
        return self._reading(voice, " ".join(text.split()))

    def _reading(self, voice: VoiceInfo, text: str) -> PhonemeReading:
        spoken = spoken_form(text, self.engine().driver, voice.languages)
        phonemes = self.client.phonemes(spoken, voice.id)
        own = voice.languages[0] if voice.languages else None
        return PhonemeReading(voice, phonemes, tuple(language_switches(phonemes, own)))

    def check_voice(self, voice: VoiceInfo, language: str) -> None:
        """Raise ``VoiceMisreads`` if ``voice`` reads ``language``'s cues as another language.

        Checked once per voice and language, with ``probe_phrase``; an engine
        that cannot tell its phonemes is taken at its word.
        """
        probe = probe_phrase(language)
        if probe is None:
            return
        with self._lock:
            known = (voice.id, language) in self._checked
            problem = self._checked.get((voice.id, language))
        if not known:
            problem = None
            try:
                reading = self._reading(voice, probe)
            except PhraseFailed:
                reading = None
            if reading is not None and reading.switches:
                problem = (
                    f"the voice '{voice.id}' reads {language} by the rules of another "
                    f'language ({", ".join(reading.switches)}): "{probe}" comes out as '
                    f"{reading.phonemes}",
                    misread_voice_hint(language, probe, self.engine().library),
                )
            with self._lock:
                self._checked[(voice.id, language)] = problem
        if problem is not None:
            raise VoiceMisreads(*problem)

    def render(self, text: str, settings: VoiceSettings, strict: bool = False) -> Path:
        text = " ".join(text.split())
        if not text:
            raise PhraseFailed("there is nothing to say")
        key = self.key(text, settings, strict)
        self._ready_cache()
        cached = self.cache.get(key)
        if cached is not None:
            return cached
        temp = self.cache.temp_path(key)
        try:
            self.client.render(key.text, key.voice_id, key.rate, key.volume, temp)
            with self._lock:
                self.renders += 1
            return self.cache.commit(temp, key)
        finally:
            self.cache.discard(temp)

    def close(self) -> None:
        self.client.close()
