"""Turn a phrase into a WAV file: pick the voice, look in the cache, else render.

This is the one render path: the app's ``Speaker`` and the ``backcoach
speak`` command both go through ``PhraseRenderer.render``.
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
from backcoach.adapters.speech.voices import VoiceInfo, choose_voice, find_voice, speaks
from backcoach.config.settings import SPEECH_RATE_RANGE, Settings

MIN_RATE, MAX_RATE = SPEECH_RATE_RANGE


class NoVoice(LookupError):
    """No installed voice fits what was asked (a voice id or a language)."""


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
            language=language or settings.language or "en",
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
        return PhraseKey(
            text=text,
            voice_id=voice.id,
            rate=clamp_rate(settings.rate),
            volume=round(min(1.0, max(0.0, settings.volume)), 3),
            language=settings.language,
            engine_id=info.engine_id,
        )

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
            self.client.render(text, key.voice_id, key.rate, key.volume, temp)
            with self._lock:
                self.renders += 1
            return self.cache.commit(temp, key)
        finally:
            self.cache.discard(temp)

    def close(self) -> None:
        self.client.close()
