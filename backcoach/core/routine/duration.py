"""Planned duration of a routine, for listings and for the loader's "runs for hours" check.

Self-paced reps count with their estimated rep time.
"""

from __future__ import annotations

from backcoach.core.routine.model import (
    BreathingStep,
    CircuitStep,
    HoldStep,
    RepsStep,
    RestStep,
    Routine,
    Sides,
    Step,
    TimedStep,
)


def _sided(work_s: float, sides: Sides, switch_s: float) -> float:
    return work_s if sides is Sides.NONE else 2 * work_s + switch_s


def step_duration_s(step: Step) -> float:
    """Return the planned seconds of one step, including its preparation."""
    if isinstance(step, TimedStep):
        body = _sided(step.duration_s, step.sides, step.switch_s)
    elif isinstance(step, HoldStep):
        per_set = _sided(step.hold_s, step.sides, step.switch_s)
        body = step.sets * per_set + (step.sets - 1) * step.rest_between_sets_s
    elif isinstance(step, RepsStep):
        rep_s = step.tempo.rep_s if step.tempo else step.estimated_rep_s
        if step.sides is Sides.ALTERNATING:
            per_set = 2 * step.reps * rep_s
        else:
            per_set = _sided(step.reps * rep_s, step.sides, step.switch_s)
        body = step.sets * per_set + (step.sets - 1) * step.rest_between_sets_s
    elif isinstance(step, BreathingStep):
        body = step.cycles * step.pattern.cycle_s
    elif isinstance(step, RestStep):
        body = step.duration_s
    elif isinstance(step, CircuitStep):
        one_round = sum(step_duration_s(inner) for inner in step.steps)
        body = step.rounds * one_round + (step.rounds - 1) * step.rest_between_rounds_s
    else:  # pragma: no cover - the Step union is closed
        raise TypeError(f"unknown step {step!r}")
    return step.prepare_s + body


def planned_duration_s(routine: Routine) -> float:
    """Return the planned seconds of the whole routine."""
    return sum(step_duration_s(step) for step in routine.steps)
