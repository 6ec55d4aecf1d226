"""Short human descriptions of steps and durations, for lists and the command line."""

from __future__ import annotations

from backcoach.core.routine.model import (
    BreathingStep,
    CircuitStep,
    HoldStep,
    RepsStep,
    RestStep,
    Sides,
    Step,
    TimedStep,
)

_SIDES = {Sides.LEFT_RIGHT: "each side", Sides.ALTERNATING: "each side, alternating"}


def format_duration(seconds: float) -> str:
    """Return ``m:ss`` (or ``h:mm:ss``) for a number of seconds."""
    total = int(round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _seconds(value: float) -> str:
    return f"{value:g} s"


def describe_step(step: Step) -> str:
    """Return a one-line summary such as ``12 reps x 3 sets, each side``."""
    parts: list[str] = []
    if isinstance(step, TimedStep):
        parts.append(_seconds(step.duration_s))
    elif isinstance(step, HoldStep):
        parts.append(f"hold {_seconds(step.hold_s)}")
        if step.sets > 1:
            parts.append(f"{step.sets} sets")
        if step.breathing:
            pattern = step.breathing
            parts.append(f"breathe {pattern.inhale_s:g} in / {pattern.exhale_s:g} out")
    elif isinstance(step, RepsStep):
        parts.append(f"{step.reps} reps" + (f" x {step.sets} sets" if step.sets > 1 else ""))
        if step.self_paced:
            parts.append("your own pace")
        elif step.tempo:
            tempo = step.tempo
            parts.append(f"up {tempo.up_s:g} s, hold {tempo.hold_s:g} s, down {tempo.down_s:g} s")
    elif isinstance(step, BreathingStep):
        pattern = step.pattern
        parts.append(f"{step.cycles} breaths, {pattern.inhale_s:g} in / {pattern.exhale_s:g} out")
    elif isinstance(step, RestStep):
        parts.append(f"rest {_seconds(step.duration_s)}")
    elif isinstance(step, CircuitStep):
        parts.append(f"{step.rounds} rounds of {len(step.steps)} exercises")
        parts.append(f"{_seconds(step.rest_between_rounds_s)} rest between rounds")
    sides = getattr(step, "sides", Sides.NONE)
    if sides in _SIDES:
        parts.append(_SIDES[sides])
    return ", ".join(parts)
