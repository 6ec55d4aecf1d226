"""Build model objects in tests without files: every default spelled out once here."""

from __future__ import annotations

import time
from dataclasses import replace

import pytest

from backcoach.config import paths
from backcoach.core.reminders.sitting import SittingStatus
from backcoach.core.routine.index import routine_files
from backcoach.core.routine.model import (
    BreathingStep,
    BreathPattern,
    CircuitStep,
    Difficulty,
    HoldStep,
    RepsStep,
    RestStep,
    Routine,
    RoutineKind,
    Sides,
    Step,
    Tempo,
    TimedStep,
)
from backcoach.core.routine.text import LocalText


def bundled_routine_params() -> list[object]:
    """Every routine file shipped with BackCoach, as parameters named by file (for parametrize)."""
    return [
        pytest.param(path, id=path.stem) for path in routine_files(paths.bundled_routines_dir())
    ]


LANGUAGES = ["en", "da", "zh-TW"]
"""The languages the bundled routines and phrases are written in."""


def _base(name: str, prepare_s: float, instruction: str | None, cue: str | None) -> dict:
    return {
        "pointer": "",
        "step_id": None,
        "name": LocalText.plain(name),
        "instruction": LocalText.plain(instruction) if instruction else None,
        "cue": LocalText.plain(cue) if cue else None,
        "illustration": None,
        "prepare_s": prepare_s,
    }


def timed(
    name: str = "March",
    duration_s: float = 30,
    sides: Sides = Sides.NONE,
    switch_s: float = 5,
    prepare_s: float = 0,
    instruction: str | None = None,
    cue: str | None = None,
) -> TimedStep:
    return TimedStep(
        **_base(name, prepare_s, instruction, cue),
        duration_s=duration_s,
        sides=sides,
        switch_s=switch_s,
    )


def hold(
    name: str = "Knee to chest",
    hold_s: float = 30,
    sets: int = 1,
    rest_s: float = 0,
    sides: Sides = Sides.NONE,
    switch_s: float = 5,
    breathing: BreathPattern | None = None,
    prepare_s: float = 0,
    instruction: str | None = None,
    cue: str | None = None,
) -> HoldStep:
    return HoldStep(
        **_base(name, prepare_s, instruction, cue),
        hold_s=hold_s,
        sets=sets,
        rest_between_sets_s=rest_s,
        sides=sides,
        switch_s=switch_s,
        breathing=breathing,
    )


def reps(
    name: str = "Glute bridge",
    count: int = 3,
    sets: int = 1,
    rest_s: float = 0,
    sides: Sides = Sides.NONE,
    switch_s: float = 5,
    tempo: Tempo | None = None,
    self_paced: bool = False,
    rep_s: float = 3,
    prepare_s: float = 0,
    instruction: str | None = None,
    cue: str | None = None,
) -> RepsStep:
    return RepsStep(
        **_base(name, prepare_s, instruction, cue),
        reps=count,
        sets=sets,
        rest_between_sets_s=rest_s,
        sides=sides,
        switch_s=switch_s,
        tempo=tempo if tempo or self_paced else Tempo(up_s=1, down_s=2),
        self_paced=self_paced,
        estimated_rep_s=rep_s,
    )


def breathing(
    name: str = "Settle in",
    cycles: int = 2,
    pattern: BreathPattern | None = None,
    prepare_s: float = 0,
    instruction: str | None = None,
) -> BreathingStep:
    return BreathingStep(
        **_base(name, prepare_s, instruction, None),
        cycles=cycles,
        pattern=pattern or BreathPattern(inhale_s=4, exhale_s=6),
    )


def rest(duration_s: float = 20, name: str = "Rest", prepare_s: float = 0) -> RestStep:
    return RestStep(**_base(name, prepare_s, None, None), duration_s=duration_s)


def circuit(
    *steps: Step, rounds: int = 2, rest_s: float = 60, prepare_s: float = 0, name: str = "Circuit"
) -> CircuitStep:
    return CircuitStep(
        **_base(name, prepare_s, None, None),
        rounds=rounds,
        rest_between_rounds_s=rest_s,
        steps=tuple(steps),
    )


def _with_pointers(step: Step, pointer: str) -> Step:
    step = replace(step, pointer=pointer)
    if isinstance(step, CircuitStep):
        children = tuple(
            _with_pointers(child, f"{pointer}/steps/{i}") for i, child in enumerate(step.steps)
        )
        step = replace(step, steps=children)
    return step


def routine(*steps: Step, routine_id: str = "test-routine", title: str = "Test") -> Routine:
    """Return a routine of ``steps`` with JSON Pointers filled in as a loader would."""
    return Routine(
        source_path=None,
        format_version=1,
        routine_id=routine_id,
        title=LocalText.plain(title),
        kind=RoutineKind.CUSTOM,
        description=None,
        difficulty=Difficulty.BEGINNER,
        equipment=(),
        sources=(),
        safety=(),
        steps=tuple(_with_pointers(step, f"/steps/{i}") for i, step in enumerate(steps)),
        content_hash="0" * 64,
    )


def sitting_status(due_in_s: float = 12 * 60, **changes: object) -> SittingStatus:
    """Return the tracker's status ``due_in_s`` seconds before a break (for tray menus)."""
    fields: dict[str, object] = {
        "at": time.time(),
        "sitting_s": max(0.0, 30 * 60 - due_in_s),
        "due_in_s": due_in_s,
        "nudge_open": False,
        "away": False,
        "paused_until": None,
        "outside_hours": False,
        "idle_measured": True,
    }
    return SittingStatus(**{**fields, **changes})  # type: ignore[arg-type]
