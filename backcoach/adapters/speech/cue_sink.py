"""Voice a session's cues: speech and beeps at their marks through a ``CueVoice``.

``VoiceCueSink`` is the bridge between the session engine (which fires
``CueDue`` events) and the speech layer (which plays sounds at a monotonic
time). The player window and ``backcoach run --headless`` both use it.
"""

from __future__ import annotations

from collections.abc import Iterable

from backcoach.adapters.speech.speaker import CueVoice
from backcoach.core.clock import Clock, SystemClock
from backcoach.core.cues import Cue, CueKind

_BEEPS = {CueKind.TICK: "tick", CueKind.PHASE: "phase"}


def spoken_texts(cues: Iterable[Cue]) -> list[str]:
    """Return the distinct phrases of ``cues`` in the order they will be spoken."""
    return list(dict.fromkeys(cue.text for cue in cues if cue.kind is CueKind.SPEECH and cue.text))


class VoiceCueSink:
    """A ``CueSink`` that says and beeps cues through ``voice``.

    ``clock`` is the clock the voice schedules on (the session's clock in the
    app): a cue found ``late_s`` after its mark is handed over with its real
    mark, so the voice can drop a phrase that would come too late to help.
    """

    def __init__(self, voice: CueVoice, clock: Clock | None = None) -> None:
        self.voice = voice
        self.clock: Clock = clock or SystemClock()

    def prepare(self, cues: Iterable[Cue]) -> None:
        """Have every phrase of ``cues`` rendered ahead of its mark."""
        self.voice.prepare(spoken_texts(cues))

    def cue(self, cue: Cue, late_s: float = 0.0) -> None:
        """Say or beep ``cue`` now (its mark was ``late_s`` seconds ago)."""
        mark = self.clock.monotonic() - max(0.0, late_s)
        if cue.kind is CueKind.SPEECH:
            self.voice.say(cue.text, at=mark)
        elif cue.kind in _BEEPS:
            self.voice.beep(_BEEPS[cue.kind], at=mark)

    def cut(self) -> None:
        """Silence the phrase being said and forget the ones waiting for their mark."""
        self.voice.cut()
