"""Voices and languages: which installed voice speaks a cue's language.

Speech engines name languages differently: espeak-ng says ``en-gb``, ``da``
and ``cmn`` (Mandarin), Windows SAPI5 ``en-US`` and ``zh-TW``, macOS
``en_US``. BackCoach's routines use BCP 47 tags (``en``, ``da``, ``zh-TW``).
``choose_voice`` bridges the two: an exact match first, then the language's
usual spoken variant (``zh-TW`` is spoken as Mandarin, espeak-ng ``cmn``),
then any regional variant of the same language.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# What a routine language tag may be spoken as, best first, after the tag itself.
_SPOKEN_AS: dict[str, tuple[str, ...]] = {
    "zh-tw": ("zh-hant-tw", "zh-hant", "cmn-tw", "cmn", "zh", "zh-cn"),
    "zh-hant": ("zh-tw", "cmn", "zh"),
    "zh": ("cmn", "zh-cn", "zh-tw"),
    "zh-cn": ("cmn", "zh"),
    "cmn": ("zh", "zh-cn", "zh-tw"),
    "en": ("en-gb", "en-us"),
    "da": ("da-dk",),
    "nb": ("no", "nb-no"),
    "no": ("nb", "nb-no"),
}


@dataclass(frozen=True)
class VoiceInfo:
    """One installed voice as the engine reports it."""

    id: str
    name: str
    languages: tuple[str, ...] = ()
    gender: str | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "name": self.name,
            "languages": list(self.languages),
            "gender": self.gender,
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> VoiceInfo:
        languages = data.get("languages") or []
        gender = data.get("gender")
        return cls(
            id=str(data["id"]),
            name=str(data.get("name") or data["id"]),
            languages=tuple(str(x) for x in languages) if isinstance(languages, list) else (),
            gender=str(gender) if gender else None,
        )


def normalize_language(tag: str) -> str:
    """Return ``tag`` lower-cased with ``-`` separators (``zh_TW`` -> ``zh-tw``)."""
    return tag.strip().replace("_", "-").lower()


def _candidates(language: str) -> list[str]:
    tag = normalize_language(language)
    wanted = [tag, *_SPOKEN_AS.get(tag, ())]
    base = tag.split("-")[0]
    if base not in wanted:
        wanted.append(base)
        wanted.extend(x for x in _SPOKEN_AS.get(base, ()) if x not in wanted)
    return wanted


def _voice_languages(voice: VoiceInfo) -> list[str]:
    return [normalize_language(x) for x in voice.languages if x]


def speaks(voice: VoiceInfo, language: str) -> bool:
    """Tell whether ``voice`` speaks ``language`` (exactly, in its spoken form or a variant)."""
    return _rank(voice, _candidates(language)) is not None


def _rank(voice: VoiceInfo, wanted: Sequence[str]) -> tuple[int, int] | None:
    """Return how well ``voice`` fits (lower is better), or None when it does not."""
    best: tuple[int, int] | None = None
    for spoken in _voice_languages(voice):
        for position, tag in enumerate(wanted):
            if spoken == tag:
                rank = (0, position)
            elif spoken.startswith(tag + "-") and "latn" not in spoken:
                rank = (1, position)  # a regional variant, e.g. en -> en-gb-scotland
            else:
                continue
            if best is None or rank < best:
                best = rank
    return best


def find_voice(voices: Iterable[VoiceInfo], wanted: str) -> VoiceInfo | None:
    """Return the voice whose id or name is ``wanted`` (case-insensitive), if installed."""
    key = wanted.strip().lower()
    voices = list(voices)
    for voice in voices:
        if voice.id.lower() == key:
            return voice
    for voice in voices:
        if voice.name.lower() == key:
            return voice
    return None


def choose_voice(
    voices: Iterable[VoiceInfo], language: str, preferred: str | None = None
) -> VoiceInfo | None:
    """Return the voice to speak ``language`` with, or None when no installed voice speaks it.

    ``preferred`` (the user's chosen voice id or name) wins whenever it speaks
    the language; otherwise the best match for the language is used, so a
    Danish routine is not read out by an English voice.
    """
    voices = list(voices)
    if preferred:
        chosen = find_voice(voices, preferred)
        if chosen is not None and speaks(chosen, language):
            return chosen
    wanted = _candidates(language)
    ranked = [(rank, index, v) for index, v in enumerate(voices) if (rank := _rank(v, wanted))]
    if not ranked:
        return None
    return min(ranked, key=lambda item: (item[0], item[1]))[2]
