"""The routine model: immutable objects a routine file is loaded into.

A routine is a list of steps. Every defaults question (preparation time, rest
between sets, switch pause, breathing pace) is already answered by the loader,
so consumers read concrete numbers and never look at routine-level defaults.

Step types, as in the file format (``docs/routine-format.md``):

- ``timed``: do something for ``duration_s`` seconds;
- ``hold``: hold a position ``hold_s`` seconds, optionally pacing a breathing
  pattern inside the hold, ``sets`` times with ``rest_between_sets_s`` between;
- ``reps``: ``reps`` repetitions x ``sets`` sets, paced by a ``tempo``
  (up / hold / down seconds) or ``self_paced`` (the user confirms each set);
- ``breathing``: ``cycles`` cycles of a ``BreathPattern``;
- ``rest``: ``duration_s`` seconds of rest;
- ``circuit``: a group of steps repeated ``rounds`` times with
  ``rest_between_rounds_s`` between rounds (circuits do not nest).

``starting_at`` cuts a routine to start at one of its steps, also one inside a
circuit (the rest of that round, then the later rounds, then the steps after).

Sides: ``none``; ``left-right`` (all of the step on the left, a switch pause
of ``switch_s``, then all of it on the right); ``alternating`` (for reps: rep 1
left, rep 2 right, ... and ``reps`` counts per side; for holds and timed steps:
left, switch, right within each set).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum
from pathlib import Path

from backcoach.core.routine.text import LocalText

FORMAT_VERSION = 1


class RoutineKind(str, Enum):
    WARM_UP = "warm-up"
    STRETCH = "stretch"
    STRENGTH = "strength"
    COOL_DOWN = "cool-down"
    DESK_BREAK = "desk-break"
    CUSTOM = "custom"


class Difficulty(str, Enum):
    GENTLE = "gentle"
    BEGINNER = "beginner"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"


class Sides(str, Enum):
    NONE = "none"
    LEFT_RIGHT = "left-right"
    ALTERNATING = "alternating"


@dataclass(frozen=True)
class BreathPattern:
    """One breathing cycle: inhale, hold in, exhale, hold out (seconds, holds may be 0)."""

    inhale_s: float
    exhale_s: float
    hold_in_s: float = 0.0
    hold_out_s: float = 0.0

    @property
    def cycle_s(self) -> float:
        """Return the length of one full cycle in seconds."""
        return self.inhale_s + self.hold_in_s + self.exhale_s + self.hold_out_s


@dataclass(frozen=True)
class Tempo:
    """Seconds per phase of one repetition: lift (up), hold at the top, lower (down)."""

    up_s: float
    down_s: float
    hold_s: float = 0.0

    @property
    def rep_s(self) -> float:
        """Return the length of one repetition in seconds."""
        return self.up_s + self.hold_s + self.down_s


DEFAULT_TEMPO = Tempo(up_s=2.0, down_s=2.0)
"""The tempo of a reps step that names none: two seconds up, two down."""


@dataclass(frozen=True)
class StepBase:
    """Fields every step has. ``pointer`` is the step's JSON Pointer in its file."""

    pointer: str
    step_id: str | None
    name: LocalText
    instruction: LocalText | None
    cue: LocalText | None
    illustration: Path | None
    prepare_s: float


@dataclass(frozen=True)
class TimedStep(StepBase):
    duration_s: float
    sides: Sides
    switch_s: float


@dataclass(frozen=True)
class HoldStep(StepBase):
    hold_s: float
    sets: int
    rest_between_sets_s: float
    sides: Sides
    switch_s: float
    breathing: BreathPattern | None


@dataclass(frozen=True)
class RepsStep(StepBase):
    reps: int
    sets: int
    rest_between_sets_s: float
    sides: Sides
    switch_s: float
    tempo: Tempo | None
    self_paced: bool
    estimated_rep_s: float
    """Seconds a self-paced rep is assumed to take, for duration estimates."""


@dataclass(frozen=True)
class BreathingStep(StepBase):
    cycles: int
    pattern: BreathPattern


@dataclass(frozen=True)
class RestStep(StepBase):
    duration_s: float


@dataclass(frozen=True)
class CircuitStep(StepBase):
    rounds: int
    rest_between_rounds_s: float
    steps: tuple[Step, ...]
    first_round_from: int = 0
    """The index of the step round 1 starts at (0: all of it). Files always play whole
    rounds; ``starting_at`` sets it to play a routine from a step inside a circuit."""


Step = TimedStep | HoldStep | RepsStep | BreathingStep | RestStep | CircuitStep


@dataclass(frozen=True)
class Routine:
    """A whole routine as loaded from one file."""

    source_path: Path | None
    format_version: int
    routine_id: str
    title: LocalText
    kind: RoutineKind
    description: LocalText | None
    difficulty: Difficulty
    equipment: tuple[str, ...]
    sources: tuple[str, ...]
    safety: tuple[LocalText, ...]
    steps: tuple[Step, ...]
    bundled: bool = False
    content_hash: str = ""
    """SHA-256 of the file's bytes: identifies exactly which version was played."""

    @property
    def languages(self) -> tuple[str, ...]:
        """Return the languages the routine's title is available in (``en`` first)."""
        return self.title.languages


def starting_at(routine: Routine, pointer: str) -> Routine:
    """Return ``routine`` cut to start at the step at ``pointer`` and carry on as written.

    A top-level step (``/steps/2``): that step and everything after it. A step inside a
    circuit (``/steps/2/steps/1``): the rest of the circuit's first round from that step,
    its later rounds (numbered as in the whole routine), then the steps after the circuit.
    An empty pointer, or one naming no step, returns the routine unchanged.
    """
    parts = pointer.strip("/").split("/")
    if len(parts) not in (2, 4) or parts[0] != "steps" or not parts[1].isdigit():
        return routine
    index = int(parts[1])
    if index >= len(routine.steps):
        return routine
    steps = routine.steps[index:]
    first = steps[0]
    if len(parts) == 4 and isinstance(first, CircuitStep) and parts[3].isdigit():
        inner = int(parts[3])
        if parts[2] == "steps" and inner < len(first.steps):
            steps = (replace(first, first_round_from=inner), *steps[1:])
    return replace(routine, steps=steps)
