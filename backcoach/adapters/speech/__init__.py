"""Spoken cues and beeps (see docs/speech.md).

The pieces, from the session down:

- ``speaker``: ``CueVoice`` (what a session calls), ``Speaker`` and ``NullVoice``;
- ``rendering``: ``VoiceSettings`` and ``PhraseRenderer``, the one render path;
- ``cache``: rendered WAV files by text, voice, rate, volume, language and engine;
- ``engine_client`` and ``worker``: pyttsx3 in its own process, with deadlines;
- ``voices``: which installed voice speaks a language;
- ``playback``: ``AudioOut`` players that start and cut sounds;
- ``sounds``: the bundled beeps.

Nothing here imports Qt, so the player window and the terminal runner share it.
"""

from backcoach.adapters.speech.rendering import VoiceSettings
from backcoach.adapters.speech.speaker import CueVoice, NullVoice, Speaker, create_speaker

__all__ = ["CueVoice", "NullVoice", "Speaker", "VoiceSettings", "create_speaker"]
