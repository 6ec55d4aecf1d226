"""Planned duration of a routine, for listings and for the loader's "runs for hours" check.

Self-paced reps count with their estimated rep time. The first time an
exercise with an instruction plays, its preparation is lengthened where it is
too short to say the instruction (``lead_in_prepare_s``): the timeline
compiler uses the same function, so listings and timelines agree.
"""

from __future__ import annotations

import math

from backcoach.core.playback.speaking import speaking_time
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

INSTRUCTION_LEAD_IN_EXTRA_S = 7.0
"""Room beside the instruction in a lengthened preparation: "Next: X" and "3, 2, 1"."""

COUNTDOWN_ROOM_S = 4.0
"""The end of a hold or timed work kept free for its countdown (as the cue planner does)."""


def lead_in_prepare_s(step: Step, prepare_s: float) -> float:
    """Return the preparation before ``step``'s first bout: ``prepare_s``, or enough to explain it.

    The cue planner says an instruction in the preparation (or the rest) before
    the step, else early in its first hold, timed work or breathing. Where
    neither has room (reps leave none: the counting starts at once), the
    preparation is lengthened to say the longest translation at the default
    speech rate, with room for the announcement and the countdown. Rests and
    circuits are returned unchanged.
    """
    if isinstance(step, (RestStep, CircuitStep)) or step.instruction is None:
        return prepare_s
    texts = step.instruction.translations.values()
    speak = max((speaking_time(text) for text in texts), default=0.0)
    if isinstance(step, (HoldStep, TimedStep)):
        work_s = step.hold_s if isinstance(step, HoldStep) else step.duration_s
    elif isinstance(step, BreathingStep):
        work_s = step.cycles * step.pattern.cycle_s
    else:
        work_s = 0.0
    if work_s - COUNTDOWN_ROOM_S >= speak:
        return prepare_s  # said as the work starts
    return max(prepare_s, float(math.ceil(speak + INSTRUCTION_LEAD_IN_EXTRA_S)))


def _sided(work_s: float, sides: Sides, switch_s: float) -> float:
    return work_s if sides is Sides.NONE else 2 * work_s + switch_s


def step_duration_s(step: Step, first_time: bool = True) -> float:
    """Return the planned seconds of one step, including its preparation.

    ``first_time`` says whether this is the first time the step plays in the
    session (its instruction lead-in applies then only).
    """
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
        first_round = sum(
            step_duration_s(inner, first_time) for inner in step.steps[step.first_round_from :]
        )
        later_round = sum(step_duration_s(inner, False) for inner in step.steps)
        body = first_round + (step.rounds - 1) * (later_round + step.rest_between_rounds_s)
    else:  # pragma: no cover - the Step union is closed
        raise TypeError(f"unknown step {step!r}")
    if isinstance(step, CircuitStep) or not first_time:
        return step.prepare_s + body
    return lead_in_prepare_s(step, step.prepare_s) + body


def planned_duration_s(routine: Routine) -> float:
    """Return the planned seconds of the whole routine."""
    return sum(step_duration_s(step) for step in routine.steps)
