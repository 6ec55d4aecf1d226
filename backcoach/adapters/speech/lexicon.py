"""Spoken forms: what to hand espeak-ng so that it reads a phrase right.

Even espeak-ng 1.52 has gaps in Mandarin. Its ``cmn`` letter-to-sound rules
have no ``-iong`` final, so every character read ``xiong`` (胸, "chest",
in many of BackCoach's stretches) falls back to English
(``(en)kʃəŋwˈɒn(cmn)``), and 兒 on its own is read as the English "r five".
The pinyin ``xong1``, which the same rules read ``ɕˈonɡ5``, is the nearest
they can say (Mandarin has no syllable "xong", and after x the glide is
barely heard); 而 is read ``ér`` like 兒. The text on screen is unchanged;
only the engine gets the spoken form, and ``backcoach speak --phonemes``
shows the reading of that form.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

# espeak-ng voice language -> {written: spoken};
# checked by tests/adapters/speech/test_speech_mandarin.py.
_ESPEAK_SPOKEN_FORMS: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {
        "cmn": MappingProxyType({"胸": "xong1", "兒": "而"}),
    }
)


def spoken_form(text: str, driver: str, voice_languages: tuple[str, ...]) -> str:
    """Return ``text`` as the ``driver``'s voice should be given it (often ``text`` itself)."""
    if driver != "espeak":
        return text
    for language in voice_languages:
        replacements = _ESPEAK_SPOKEN_FORMS.get(language.lower())
        if replacements:
            for written, spoken in replacements.items():
                text = text.replace(written, spoken)
    return text
