"""The session's cues reach the voice: speech said, beeps played, the plan prepared."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from backcoach.adapters.speech.cue_sink import SpokenCues, spoken_texts


class Kind(str, Enum):  # the shape of core/playback/cues.py's CueKind
    SPEECH = "speech"
    TICK = "beep:tick"
    PHASE = "beep:phase"


@dataclass(frozen=True)
class Cue:
    at_s: float
    text: str
    kind: Kind = Kind.SPEECH


class RecordingVoice:
    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []

    def say(self, text, at=None):
        self.calls.append(("say", text))

    def beep(self, kind, at=None):
        self.calls.append(("beep", kind))


PLAN = [
    Cue(0.0, "Glute bridge"),
    Cue(0.0, "", Kind.PHASE),
    Cue(27.0, "Three"),
    Cue(28.0, "", Kind.TICK),
    Cue(30.0, "Glute bridge"),
]


def test_the_plan_s_phrases_are_prepared_once_each_in_order():
    assert spoken_texts(PLAN) == ["Glute bridge", "Three"]


def test_speech_cues_are_said_and_beep_cues_played():
    voice = RecordingVoice()
    sink = SpokenCues(voice)
    for cue in PLAN[:4]:
        sink.cue(cue)
    assert voice.calls == [
        ("say", "Glute bridge"),
        ("beep", "phase"),
        ("say", "Three"),
        ("beep", "tick"),
    ]
