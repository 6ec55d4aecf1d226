"""The words BackCoach says and shows while a routine plays, in each language it speaks.

Every phrase is a ``str.format`` template looked up by key. The English
templates are messages of the one translation catalog (``backcoach.i18n``),
each with a context (``cue`` for what is spoken, ``phase`` for words on
screen, more specific where one English word is said two ways); Danish and
Chinese come from the catalog, looked up in the routine's language rather than
the user's (``translation(tag)``). A phrase the catalog lacks is said in
English. Language tags resolve like routine texts do: ``zh`` finds ``zh-TW``,
``da-DK`` finds ``da``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from backcoach.core.routine.text import DEFAULT_LANGUAGE
from backcoach.i18n import translation

LANGUAGES = ("en", "da", "zh-TW")
"""The languages BackCoach speaks cues in."""

_SEPARATOR = {"zh-TW": ""}
"""What joins two spoken sentences, where it is not a space (Chinese runs them together)."""


def _templates(pgettext: Callable[[str, str], str]) -> dict[str, str]:
    """Return every phrase template, each passed through ``pgettext``."""
    return {
        # Spoken cues.
        "intro": pgettext("cue", "{title}. First: {name}."),
        "intro_title": pgettext("cue", "{title}."),
        "name_sentence": pgettext("cue", "{name}."),
        "next": pgettext("cue", "Next: {name}."),
        "next_side": pgettext("cue", "Next: {name}, {side}."),
        "next_set": pgettext("cue", "Next: set {set} of {sets}."),
        "next_last_set": pgettext("cue", "Next: last set."),
        "next_round": pgettext("cue", "Next: round {round} of {rounds}, {name}."),
        "next_last_round": pgettext("cue", "Next: last round, {name}."),
        "go": pgettext("cue", "Go."),
        "hold_start": pgettext("cue: start holding a position", "Hold."),
        "self_paced": pgettext("cue", "{reps} reps at your own pace, then press done."),
        "self_paced_alternating": pgettext(
            "cue", "{reps} reps each side, alternating, then press done."
        ),
        "set_of": pgettext("cue", "Set {set} of {sets}."),
        "last_set": pgettext("cue", "Last set."),
        "round_of": pgettext("cue", "Round {round} of {rounds}."),
        "last_round": pgettext("cue", "Last round."),
        "side_left": pgettext("cue", "Left side."),
        "side_right": pgettext("cue", "Right side."),
        "halfway": pgettext("cue", "Halfway."),
        "switch": pgettext("cue", "Switch sides."),
        "rest": pgettext("cue", "Rest."),
        "up": pgettext("cue", "Up."),
        "top_hold": pgettext("cue: pause at the top of a repetition", "Hold."),
        "down": pgettext("cue", "Down."),
        "down_slowly": pgettext("cue", "Slowly down."),
        "back": pgettext("cue", "Back."),
        "back_slowly": pgettext("cue", "Slowly back."),
        "count": pgettext("cue", "{n}."),
        "last_rep": pgettext("cue", "Last one."),
        "rep_left": pgettext("cue", "Left."),
        "rep_right": pgettext("cue", "Right."),
        "count_left": pgettext("cue", "{n}, left."),
        "count_right": pgettext("cue", "{n}, right."),
        "last_rep_left": pgettext("cue", "Last one, left."),
        "breathe_in": pgettext("cue", "Breathe in."),
        "breathe_out": pgettext("cue", "Breathe out."),
        "breath_hold": pgettext("cue: hold the breath", "Hold."),
        "waiting": pgettext("cue", "Press done when you have finished the set."),
        "finish": pgettext("cue", "That is the whole routine. Well done."),
        # Words shown on screen.
        "side_word_left": pgettext("phase", "left side"),
        "side_word_right": pgettext("phase", "right side"),
        "rest_name": pgettext("phase", "Rest"),
        "label_prepare": pgettext("phase", "Get ready"),
        "label_work": pgettext("phase", "Keep going"),
        "label_hold": pgettext("phase: holding a position", "Hold"),
        "label_rep_up": pgettext("phase", "Up"),
        "label_rep_hold": pgettext("phase: pause at the top of a repetition", "Hold"),
        "label_rep_down": pgettext("phase", "Down"),
        "label_await_done": pgettext("phase", "At your own pace"),
        "label_inhale": pgettext("phase", "Breathe in"),
        "label_hold_in": pgettext("phase: holding the breath", "Hold"),
        "label_exhale": pgettext("phase", "Breathe out"),
        "label_hold_out": pgettext("phase: holding the breath", "Hold"),
        "label_rest": pgettext("phase", "Rest"),
        "label_switch": pgettext("phase", "Switch sides"),
        "label_round_rest": pgettext("phase", "Rest"),
        "label_set_rest": pgettext("phase", "Rest"),
        "label_finish": pgettext("phase", "Finished"),
    }


def _table(language: str) -> Mapping[str, str]:
    table = _templates(translation(language).pgettext)
    table["separator"] = _SEPARATOR.get(language, " ")
    table["countdown"] = "{n}"
    return MappingProxyType(table)


TABLES: Mapping[str, Mapping[str, str]] = MappingProxyType({tag: _table(tag) for tag in LANGUAGES})
"""Every phrase table by language tag, read from the catalog; each holds every key."""


def resolve_language(language: str) -> str:
    """Return the tag of the table that serves ``language`` (its base language, else English)."""
    if language in TABLES:
        return language
    base = language.split("-")[0].lower()
    for tag in TABLES:
        if tag.split("-")[0].lower() == base:
            return tag
    return DEFAULT_LANGUAGE


@dataclass(frozen=True)
class Phrases:
    """The phrase table of one language, with English behind every missing key."""

    language: str

    def say(self, key: str, **values: object) -> str:
        """Return the phrase ``key`` filled with ``values``; ``KeyError`` for an unknown key."""
        table = TABLES[resolve_language(self.language)]
        template = table[key] if key in table else TABLES[DEFAULT_LANGUAGE][key]
        return template.format(**values)


def phrases_for(language: str = DEFAULT_LANGUAGE) -> Phrases:
    """Return the phrases for ``language`` (falling back as ``resolve_language`` does)."""
    return Phrases(resolve_language(language))
