"""Spoken cues and beeps (see docs/speech.md).

The pieces, from the session down:

- ``cue_sink``: ``SpokenCues``, the session engine's cue sink for sound;
- ``speaker``: ``CueVoice`` (what a session calls), ``Speaker`` and ``NullVoice``;
- ``rendering``: ``VoiceSettings`` and ``PhraseRenderer``, the one render path;
- ``cache``: rendered WAV files by text, voice, rate, volume, language and engine;
- ``engine_client`` and ``worker``: pyttsx3 in its own process, with deadlines;
- ``voices``: which installed voice speaks a language;
- ``playback``: ``AudioOut`` players that start and cut sounds;
- ``sounds``: the bundled beeps.

Nothing here imports Qt, so the player window and the terminal runner share it.
"""

from backcoach.adapters.speech.cue_sink import SpokenCues, spoken_texts
from backcoach.adapters.speech.rendering import VoiceSettings
from backcoach.adapters.speech.speaker import CueVoice, NullVoice, Speaker, create_speaker

__all__ = [
    "CueVoice",
    "NullVoice",
    "Speaker",
    "SpokenCues",
    "VoiceSettings",
    "create_speaker",
    "spoken_texts",
]
