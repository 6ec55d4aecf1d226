"""A routine's cover picture: the illustration of its first exercise."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from backcoach.core.routine.model import CircuitStep, RestStep, Routine, Step


def exercise_steps(steps: Iterable[Step]) -> list[Step]:
    """Return the exercises in play order, circuits opened, rests left out."""
    found: list[Step] = []
    for step in steps:
        if isinstance(step, CircuitStep):
            found.extend(exercise_steps(step.steps))
        elif not isinstance(step, RestStep):
            found.append(step)
    return found


def cover_picture(routine: Routine) -> Path | None:
    """Return the first exercise's illustration that has one, or None."""
    return next(
        (step.illustration for step in exercise_steps(routine.steps) if step.illustration),
        None,
    )
