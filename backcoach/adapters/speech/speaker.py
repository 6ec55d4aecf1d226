"""The voice of a session: say cues on their marks, beep, cut at once, never block.

``Speaker`` is what the player window and the terminal runner talk to. Every
method returns at once; the work happens on two background threads:

- the *render* thread starts the speech worker, pre-renders the routine's
  phrases (``prepare``) and renders a phrase on demand when ``say`` asks for
  one that is not ready yet;
- the *scheduler* thread starts each sound at its mark (``at``, on the
  ``Clock.monotonic`` scale) and drops stale ones.

A phrase that is not rendered when its mark comes is rendered on demand and
played late if it still lands within ``late_tolerance_s`` of the mark (a warm
engine renders a short cue in 15-30 ms); later than that it is dropped, since
a "3" heard a second late is worse than none. Beeps are files on disk and
always play on time.

If the engine is missing, fails or hangs, or no voice speaks the language
(or the only one reads it by another language's rules, see
``rendering.VoiceMisreads``), speech turns off for this ``Speaker``, beeps
go on, and ``on_message`` gets one sentence that says how to enable speech.
``on_message`` and ``AudioOut`` problems are called from background
threads: a GUI must hand them over to its own thread (for Qt, a queued
signal).
"""

from __future__ import annotations

import heapq
import itertools
import logging
import queue
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from backcoach.adapters.speech.cache import CACHE_ADVICE, CacheUnwritable
from backcoach.adapters.speech.engine_client import PhraseFailed, SpeechUnavailable
from backcoach.adapters.speech.hints import speech_off_message
from backcoach.adapters.speech.playback import BEEP, SPEECH, AudioOut, default_audio_out
from backcoach.adapters.speech.rendering import (
    NoVoice,
    PhraseRenderer,
    PhraseSource,
    VoiceSettings,
)
from backcoach.adapters.speech.sounds import sound_path
from backcoach.config.settings import Settings
from backcoach.core.clock import Clock, SystemClock

log = logging.getLogger(__name__)

LATE_TOLERANCE_S = 0.3  # an on-demand phrase later than this after its mark is dropped
LATE_FLAG_S = 0.1  # played, but counted as late

MessageSink = Callable[[str], None]


class CueVoice(Protocol):
    """What a session needs from its voice. Every method returns at once."""

    def prepare(self, texts: Iterable[str]) -> None:
        """Render these phrases in the background so they play on the beat."""
        ...

    def say(self, text: str, at: float | None = None) -> None:
        """Speak ``text`` at monotonic time ``at`` (now when None), replacing the current phrase."""
        ...

    def beep(self, kind: str, at: float | None = None) -> None:
        """Play the beep ``kind`` (``tick``, ``phase``, ``finish``) at ``at`` (now when None)."""
        ...

    def cut(self) -> None:
        """Silence everything now and forget every cue not yet played."""
        ...

    def set_muted(self, muted: bool) -> None:
        """Mute (cuts at once) or unmute all sound."""
        ...

    def close(self) -> None:
        """Cut, stop the background work and release the engine."""
        ...


class NullVoice:
    """A voice that stays silent: sessions without sound, and tests of other parts."""

    def prepare(self, texts: Iterable[str]) -> None:
        pass

    def say(self, text: str, at: float | None = None) -> None:
        pass

    def beep(self, kind: str, at: float | None = None) -> None:
        sound_path(kind)  # an unknown kind is still a mistake worth seeing

    def cut(self) -> None:
        pass

    def set_muted(self, muted: bool) -> None:
        pass

    def close(self) -> None:
        pass


@dataclass
class SpeakerStats:
    """What happened to the cues so far."""

    spoken: int = 0  # phrases started
    spoken_late: int = 0  # of those, started more than LATE_FLAG_S after their mark
    dropped_late: int = 0  # phrases not played because they would have been too late
    failed: int = 0  # phrases the engine could not render
    beeps: int = 0
    lateness_s: list[float] = field(default_factory=list)  # per spoken phrase, mark to start


@dataclass(order=True)
class _Sound:
    due: float
    seq: int
    path: Path = field(compare=False)
    channel: str = field(compare=False)
    generation: int = field(compare=False)


@dataclass(order=True)
class _RenderJob:
    priority: int  # 0: a cue waiting to be said; 1: preparation
    seq: int
    text: str = field(compare=False)
    settings: VoiceSettings = field(compare=False)
    at: float | None = field(compare=False, default=None)
    generation: int = field(compare=False, default=0)


_STOP = _RenderJob(-1, -1, "", VoiceSettings())


class Speaker:
    """Spoken cues and beeps for one app or session. Thread-safe; never blocks the caller."""

    def __init__(
        self,
        phrases: PhraseSource | None,
        audio: AudioOut,
        settings: VoiceSettings | None = None,
        on_message: MessageSink | None = None,
        beeps: bool = True,
        muted: bool = False,
        late_tolerance_s: float = LATE_TOLERANCE_S,
        clock: Clock | None = None,
    ) -> None:
        self._phrases = phrases
        self._audio = audio
        self._settings = settings or VoiceSettings()
        self._on_message = on_message
        self._beeps = beeps
        self._muted = muted
        self._late_tolerance_s = late_tolerance_s
        self._clock = clock or SystemClock()
        self.stats = SpeakerStats()
        self.problem: str | None = None

        self._lock = threading.Condition()
        self._play_lock = threading.Lock()  # orders "start a sound" against "cut"
        self._sounds: list[_Sound] = []
        self._generation = 0
        self._seq = itertools.count()
        self._closed = False
        self._speech_on = phrases is not None
        self._ready: dict[tuple[VoiceSettings, str], Path] = {}
        self._silent_settings: set[VoiceSettings] = set()
        self._pending_jobs = 0
        self._jobs: queue.PriorityQueue[_RenderJob] = queue.PriorityQueue()

        self._scheduler = threading.Thread(target=self._schedule_loop, name="speech-scheduler")
        self._scheduler.daemon = True
        self._scheduler.start()
        self._renderer: threading.Thread | None = None
        if phrases is not None:
            self._renderer = threading.Thread(target=self._render_loop, name="speech-render")
            self._renderer.daemon = True
            self._renderer.start()

    # -- the CueVoice API --------------------------------------------------

    @property
    def speech_available(self) -> bool:
        """False once speech is off (no engine, or it failed); beeps still play."""
        return self._speech_on

    @property
    def muted(self) -> bool:
        return self._muted

    def configure(self, settings: VoiceSettings) -> None:
        """Use another language, voice, rate or volume from now on."""
        with self._lock:
            self._settings = settings

    def prepare(self, texts: Iterable[str]) -> None:
        with self._lock:
            if not self._speech_on or self._closed:
                return
            settings = self._settings
            for text in dict.fromkeys(_clean(t) for t in texts):
                if text and (settings, text) not in self._ready:
                    self._add_job(_RenderJob(1, next(self._seq), text, settings))

    def say(self, text: str, at: float | None = None) -> None:
        text = _clean(text)
        with self._lock:
            if self._muted or self._closed or not self._speech_on or not text:
                return
            at = self._clock.monotonic() if at is None else at
            path = self._ready.get((self._settings, text))
            if path is not None:
                self._add_sound(path, SPEECH, at)
            else:
                job = _RenderJob(0, next(self._seq), text, self._settings, at, self._generation)
                self._add_job(job)

    def beep(self, kind: str, at: float | None = None) -> None:
        path = sound_path(kind)
        with self._lock:
            if self._muted or self._closed or not self._beeps:
                return
            self._add_sound(path, BEEP, self._clock.monotonic() if at is None else at)

    def cut(self) -> None:
        with self._lock:
            self._generation += 1
            self._sounds.clear()
            self._lock.notify_all()
        with self._play_lock:
            self._audio.stop()

    def set_muted(self, muted: bool) -> None:
        with self._lock:
            self._muted = muted
        if muted:
            self.cut()

    def set_beeps(self, enabled: bool) -> None:
        """Turn the beeps on or off (speech is unaffected)."""
        with self._lock:
            self._beeps = enabled

    def close(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
            self._lock.notify_all()
        self.cut()
        if self._renderer is not None:
            self._jobs.put(_STOP)
            self._renderer.join(timeout=0.5)
        self._scheduler.join(timeout=0.5)
        self._audio.close()

    def wait_prepared(self, timeout_s: float) -> bool:
        """Block until every requested phrase is rendered or speech is off (tools, tests)."""
        with self._lock:
            return self._lock.wait_for(lambda: self._pending_jobs == 0, timeout=timeout_s)

    def wait_quiet(self, timeout_s: float) -> bool:
        """Block until nothing is waiting to render or to play; for tools and tests."""
        with self._lock:
            quiet = self._lock.wait_for(
                lambda: self._pending_jobs == 0 and not self._sounds, timeout=timeout_s
            )
        return quiet

    # -- internals (callers hold the lock) ---------------------------------

    def _add_job(self, job: _RenderJob) -> None:
        self._pending_jobs += 1
        self._jobs.put(job)

    def _add_sound(self, path: Path, channel: str, at: float) -> None:
        heapq.heappush(self._sounds, _Sound(at, next(self._seq), path, channel, self._generation))
        self._lock.notify_all()

    def _speech_off(self, reason: str, hint: str | None = None) -> None:
        """Turn speech off for good and tell the user once."""
        with self._lock:
            self._speech_on = False
        self._tell_once(reason, hint)

    def _tell_once(self, reason: str, hint: str | None = None) -> None:
        """Give the user the speech-off message, the first time only."""
        with self._lock:
            if self.problem is not None:
                return
            problem = self.problem = speech_off_message(reason, hint=hint)
        if self._on_message is not None:
            self._on_message(problem)
        else:  # logging's last resort prints it: said once either way, never twice
            log.warning("%s", problem)

    # -- the render thread -------------------------------------------------

    def _render_loop(self) -> None:
        assert self._phrases is not None
        try:
            self._phrases.start()
        except SpeechUnavailable as exc:
            self._speech_off(str(exc))
        except CacheUnwritable as exc:
            self._speech_off(str(exc), CACHE_ADVICE)
        try:
            while True:
                job = self._jobs.get()
                if job is _STOP:
                    break
                try:
                    self._render_one(job)
                finally:
                    with self._lock:
                        self._pending_jobs -= 1
                        self._lock.notify_all()
        finally:
            with self._lock:
                self._speech_on = False
                self._pending_jobs = 0
                self._lock.notify_all()
            self._phrases.close()

    def _render_one(self, job: _RenderJob) -> None:
        with self._lock:
            if not self._speech_on or job.settings in self._silent_settings:
                return
            path = self._ready.get((job.settings, job.text))
        if path is None:
            assert self._phrases is not None  # the render thread runs only with a phrase source
            try:
                path = self._phrases.render(job.text, job.settings)
            except SpeechUnavailable as exc:
                self._speech_off(str(exc))
                return
            except CacheUnwritable as exc:
                self._speech_off(str(exc), CACHE_ADVICE)
                return
            except NoVoice as exc:
                with self._lock:
                    self._silent_settings.add(job.settings)
                self._tell_once(str(exc), exc.hint)
                return
            except (PhraseFailed, OSError) as exc:
                log.info("could not render %r: %s", job.text, exc)  # counted in stats
                with self._lock:
                    self.stats.failed += 1
                return
        with self._lock:
            self._ready[(job.settings, job.text)] = path
            if job.at is not None and job.generation == self._generation and not self._muted:
                self._add_sound(path, SPEECH, job.at)

    # -- the scheduler thread ----------------------------------------------

    def _schedule_loop(self) -> None:
        while True:
            with self._lock:
                sound = self._next_due_sound()
                if sound is None:
                    return
                lateness = self._clock.monotonic() - sound.due
                if sound.channel == SPEECH and lateness > self._late_tolerance_s:
                    self.stats.dropped_late += 1
                    log.info("dropped a phrase %.0f ms after its mark", lateness * 1000)
                    continue
            with self._play_lock:
                if sound.generation != self._generation or self._muted:
                    continue  # cut between the mark and now
                self._audio.play(sound.path, sound.channel)
            with self._lock:
                if sound.channel == SPEECH:
                    self.stats.spoken += 1
                    self.stats.lateness_s.append(lateness)
                    if lateness > LATE_FLAG_S:
                        self.stats.spoken_late += 1
                else:
                    self.stats.beeps += 1
                self._lock.notify_all()

    def _next_due_sound(self) -> _Sound | None:
        """Wait (lock held) for the next sound of the current generation to come due."""
        while not self._closed:
            while self._sounds and self._sounds[0].generation != self._generation:
                heapq.heappop(self._sounds)
            if not self._sounds:
                self._lock.wait()
                continue
            delay = self._sounds[0].due - self._clock.monotonic()
            if delay > 0:
                self._lock.wait(timeout=delay)
                continue
            return heapq.heappop(self._sounds)
        return None


def _clean(text: str) -> str:
    return " ".join(str(text).split())


def create_speaker(
    settings: Settings,
    language: str | None = None,
    on_message: MessageSink | None = None,
) -> Speaker:
    """Return the app's ``Speaker``: the real engine and player, set up from user settings.

    The speech worker starts in the background at once, so it is warm when
    the session's first cue comes.
    """
    return Speaker(
        phrases=PhraseRenderer(),
        audio=default_audio_out(on_message),
        settings=VoiceSettings.from_settings(settings, language),
        on_message=on_message,
        beeps=settings.beeps,
        muted=settings.muted,
    )
