"""The words BackCoach says and shows while a routine plays, in each language it speaks.

Every phrase is a ``str.format`` template looked up by key. ``en`` is complete;
other tables may leave keys out and fall back to English for those. Language
tags resolve like routine texts do: ``zh`` finds ``zh-TW``, ``da-DK`` finds ``da``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from backcoach.core.routine.text import DEFAULT_LANGUAGE

_EN: dict[str, str] = {
    # Spoken cues.
    "intro": "{title}. First: {name}.",
    "intro_title": "{title}.",
    "name_sentence": "{name}.",
    "next": "Next: {name}.",
    "separator": " ",
    "next_side": "Next: {name}, {side}.",
    "next_set": "Next: set {set} of {sets}.",
    "next_last_set": "Next: last set.",
    "next_round": "Next: round {round} of {rounds}, {name}.",
    "next_last_round": "Next: last round, {name}.",
    "go": "Go.",
    "hold_start": "Hold.",
    "self_paced": "{reps} reps at your own pace, then press done.",
    "self_paced_alternating": "{reps} reps each side, alternating, then press done.",
    "set_of": "Set {set} of {sets}.",
    "last_set": "Last set.",
    "round_of": "Round {round} of {rounds}.",
    "last_round": "Last round.",
    "side_left": "Left side.",
    "side_right": "Right side.",
    "halfway": "Halfway.",
    "switch": "Switch sides.",
    "rest": "Rest.",
    "up": "Up.",
    "top_hold": "Hold.",
    "down": "Down.",
    "down_slowly": "Slowly down.",
    "back": "Back.",
    "back_slowly": "Slowly back.",
    "count": "{n}.",
    "last_rep": "Last one.",
    "rep_left": "Left.",
    "rep_right": "Right.",
    "count_left": "{n}, left.",
    "count_right": "{n}, right.",
    "last_rep_left": "Last one, left.",
    "breathe_in": "Breathe in.",
    "breathe_out": "Breathe out.",
    "breath_hold": "Hold.",
    "countdown": "{n}",
    "waiting": "Press done when you have finished the set.",
    "finish": "That is the whole routine. Well done.",
    # Words shown on screen.
    "side_word_left": "left side",
    "side_word_right": "right side",
    "rest_name": "Rest",
    "label_prepare": "Get ready",
    "label_work": "Keep going",
    "label_hold": "Hold",
    "label_rep_up": "Up",
    "label_rep_hold": "Hold",
    "label_rep_down": "Down",
    "label_await_done": "At your own pace",
    "label_inhale": "Breathe in",
    "label_hold_in": "Hold",
    "label_exhale": "Breathe out",
    "label_hold_out": "Hold",
    "label_rest": "Rest",
    "label_switch": "Switch sides",
    "label_round_rest": "Rest",
    "label_set_rest": "Rest",
    "label_finish": "Finished",
}

_DA: dict[str, str] = {
    "intro": "{title}. Vi starter med: {name}.",
    "intro_title": "{title}.",
    "name_sentence": "{name}.",
    "next": "Næste: {name}.",
    "separator": " ",
    "next_side": "Næste: {name}, {side}.",
    "next_set": "Næste: sæt {set} af {sets}.",
    "next_last_set": "Næste: sidste sæt.",
    "next_round": "Næste: runde {round} af {rounds}, {name}.",
    "next_last_round": "Næste: sidste runde, {name}.",
    "go": "Start.",
    "hold_start": "Hold stillingen.",
    "self_paced": "{reps} gentagelser i dit eget tempo, tryk så færdig.",
    "self_paced_alternating": "{reps} gentagelser på hver side, skiftevis, tryk så færdig.",
    "set_of": "Sæt {set} af {sets}.",
    "last_set": "Sidste sæt.",
    "round_of": "Runde {round} af {rounds}.",
    "last_round": "Sidste runde.",
    "side_left": "Venstre side.",
    "side_right": "Højre side.",
    "halfway": "Halvvejs.",
    "switch": "Skift side.",
    "rest": "Hvil.",
    "up": "Op.",
    "top_hold": "Hold.",
    "down": "Ned.",
    "down_slowly": "Langsomt ned.",
    "back": "Tilbage.",
    "back_slowly": "Langsomt tilbage.",
    "count": "{n}.",
    "last_rep": "Den sidste.",
    "rep_left": "Venstre.",
    "rep_right": "Højre.",
    "count_left": "{n}, venstre.",
    "count_right": "{n}, højre.",
    "last_rep_left": "Den sidste, venstre.",
    "breathe_in": "Træk vejret ind.",
    "breathe_out": "Pust ud.",
    "breath_hold": "Hold vejret.",
    "countdown": "{n}",
    "waiting": "Tryk færdig, når du har gjort sættet.",
    "finish": "Det var hele programmet. Godt gået.",
    "side_word_left": "venstre side",
    "side_word_right": "højre side",
    "rest_name": "Pause",
    "label_prepare": "Gør dig klar",
    "label_work": "Fortsæt",
    "label_hold": "Hold",
    "label_rep_up": "Op",
    "label_rep_hold": "Hold",
    "label_rep_down": "Ned",
    "label_await_done": "I dit eget tempo",
    "label_inhale": "Ind",
    "label_hold_in": "Hold",
    "label_exhale": "Ud",
    "label_hold_out": "Hold",
    "label_rest": "Pause",
    "label_switch": "Skift side",
    "label_round_rest": "Pause",
    "label_set_rest": "Pause",
    "label_finish": "Færdig",
}

_ZH_TW: dict[str, str] = {
    "intro": "{title}。第一個動作：{name}。",
    "intro_title": "{title}。",
    "separator": "",
    "name_sentence": "{name}。",
    "next": "下一個：{name}。",
    "next_side": "下一個：{name}，{side}。",
    "next_set": "接下來：第 {set} 組，共 {sets} 組。",
    "next_last_set": "接下來：最後一組。",
    "next_round": "接下來：第 {round} 輪，共 {rounds} 輪，{name}。",
    "next_last_round": "接下來：最後一輪，{name}。",
    "go": "開始。",
    "hold_start": "保持住。",
    "self_paced": "依自己的節奏做 {reps} 下，做完請按完成。",
    "self_paced_alternating": "左右交替，每邊 {reps} 下，做完請按完成。",
    "set_of": "第 {set} 組，共 {sets} 組。",
    "last_set": "最後一組。",
    "round_of": "第 {round} 輪，共 {rounds} 輪。",
    "last_round": "最後一輪。",
    "side_left": "左邊。",
    "side_right": "右邊。",
    "halfway": "過一半了。",
    "switch": "換邊。",
    "rest": "休息。",
    "up": "上。",
    "top_hold": "停。",
    "down": "下。",
    "down_slowly": "慢慢放下。",
    "back": "回來。",
    "back_slowly": "慢慢回來。",
    "count": "{n}。",
    "last_rep": "最後一下。",
    "rep_left": "左。",
    "rep_right": "右。",
    "count_left": "{n}，左。",
    "count_right": "{n}，右。",
    "last_rep_left": "最後一下，左。",
    "breathe_in": "吸氣。",
    "breathe_out": "吐氣。",
    "breath_hold": "停住呼吸。",
    "countdown": "{n}",
    "waiting": "這一組做完後，請按完成。",
    "finish": "整套動作完成了，做得很好。",
    "side_word_left": "左邊",
    "side_word_right": "右邊",
    "rest_name": "休息",
    "label_prepare": "準備",
    "label_work": "繼續",
    "label_hold": "保持",
    "label_rep_up": "上",
    "label_rep_hold": "停",
    "label_rep_down": "下",
    "label_await_done": "自己的節奏",
    "label_inhale": "吸氣",
    "label_hold_in": "停住",
    "label_exhale": "吐氣",
    "label_hold_out": "停住",
    "label_rest": "休息",
    "label_switch": "換邊",
    "label_round_rest": "休息",
    "label_set_rest": "休息",
    "label_finish": "完成",
}

TABLES: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {
        "en": MappingProxyType(_EN),
        "da": MappingProxyType(_DA),
        "zh-TW": MappingProxyType(_ZH_TW),
    }
)
"""Every phrase table by language tag; ``en`` holds every key."""


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
