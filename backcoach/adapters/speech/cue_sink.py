"""Voice a session's cue plan: the bridge from the engine's cues to a ``CueVoice``.

The session engine (``backcoach/core/cues.py``) hands each cue to a
``CueSink`` when it falls due: a ``Cue`` with ``text`` and a ``kind`` of
``speech``, ``beep:tick`` or ``beep:phase``. ``SpokenCues`` is that sink for
sound; it only reads those two attributes, so this layer does not depend on
the engine's module.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from backcoach.adapters.speech.speaker import CueVoice

BEEP_PREFIX = "beep:"


def _kind(cue: Any) -> str:
    kind = getattr(cue, "kind", "speech")
    return str(getattr(kind, "value", kind))


def spoken_texts(cues: Iterable[Any]) -> list[str]:
    """Return the distinct phrases of a cue plan, in order, for ``CueVoice.prepare``."""
    texts = (cue.text for cue in cues if not _kind(cue).startswith(BEEP_PREFIX))
    return list(dict.fromkeys(t for t in texts if t.strip()))


class SpokenCues:
    """A ``CueSink`` that says speech cues and plays beep cues. Returns at once."""

    def __init__(self, voice: CueVoice) -> None:
        self.voice = voice

    def cue(self, cue: Any) -> None:
        """Voice ``cue`` now."""
        kind = _kind(cue)
        if kind.startswith(BEEP_PREFIX):
            self.voice.beep(kind[len(BEEP_PREFIX) :])
        else:
            self.voice.say(cue.text)
