"""Voice a session's cue plan: the bridge from the engine's cues to a ``CueVoice``.

The session engine (``backcoach/core/playback/cues.py``) hands each cue to a
``CueSink`` when it falls due: a ``Cue`` with ``text`` and a ``kind`` of
``speech``, ``beep:tick`` or ``beep:phase``. ``SpokenCues`` is that sink for
sound; it only reads those two attributes. ``spoken_texts`` (the plan's
phrases, for ``CueVoice.prepare``) is the engine's, named here as well. A
driver that knows how late it found a cue passes ``late_s``: the voice then
gets the cue's real mark and drops a phrase that would come too late to help
(after a stall), as it does for slow renders.
"""

from __future__ import annotations

from typing import Any

from backcoach.adapters.speech.speaker import CueVoice
from backcoach.core.clock import Clock, SystemClock
from backcoach.core.playback.cues import spoken_texts

__all__ = ["SpokenCues", "spoken_texts"]

BEEP_PREFIX = "beep:"


def _kind(cue: Any) -> str:
    kind = getattr(cue, "kind", "speech")
    return str(getattr(kind, "value", kind))


class SpokenCues:
    """A ``CueSink`` that says speech cues and plays beep cues. Returns at once.

    ``clock`` is the clock the voice schedules on (it only matters for ``late_s``).
    """

    def __init__(self, voice: CueVoice, clock: Clock | None = None) -> None:
        self.voice = voice
        self.clock: Clock = clock or SystemClock()

    def cue(self, cue: Any, late_s: float = 0.0) -> None:
        """Voice ``cue`` now; its mark was ``late_s`` seconds ago."""
        at = self.clock.monotonic() - late_s if late_s > 0 else None
        kind = _kind(cue)
        if kind.startswith(BEEP_PREFIX):
            self.voice.beep(kind[len(BEEP_PREFIX) :], at=at)
        else:
            self.voice.say(cue.text, at=at)
