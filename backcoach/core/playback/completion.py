"""When a session counts as done: the completion rule, and each step's outcome.

A session that reached its end (by playing or by pressing Next past the last
step) is **completed** only when the work was done:

- at least ``COMPLETE_WORK_SHARE`` (80 %) of the planned exercise time was
  played, each exercise segment counted at most to its planned length, and in
  full when it was played to its end (a self-paced set ended with "done"
  counts as done); rests, preparations and side switches are not exercise
  time; and
- no exercise step was skipped entirely: a step with exercise segments counts
  as skipped entirely when none of them was played to its end and less than
  ``ENTIRELY_SKIPPED_SHARE`` (10 %) of its exercise time was played.

Otherwise it is **partly done**: it shows in the history, but it does not
extend the streak or count towards progress suggestions. The rule lives here
so that the player, the terminal run, the history and the docs agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum

from backcoach.core.playback.record import SessionStatus, StepRecord
from backcoach.core.playback.timeline import ACTION_KINDS, Segment

COMPLETE_WORK_SHARE = 0.8
"""The share of the planned exercise time a completed session must have played."""

ENTIRELY_SKIPPED_SHARE = 0.1
"""Below this share of its exercise time (and no segment finished) a step was skipped entirely."""


def finished_status(
    segments: Sequence[Segment],
    played_s: Sequence[float],
    completed: Sequence[int],
    step_segments: Sequence[Sequence[int]],
) -> SessionStatus:
    """Return ``COMPLETED`` or ``PARTLY_DONE`` for a session that reached its end.

    ``played_s[i]`` is the time spent in segment ``i``, ``completed[i]`` how often
    it was played to its end, and ``step_segments`` lists each top-level step's
    segment indices.
    """

    def done(i: int) -> float:
        # A segment played to its end counts in full: a self-paced set ended early with
        # "done" was done, however quickly.
        return segments[i].duration_s if completed[i] else min(played_s[i], segments[i].duration_s)

    exercise = [i for i, segment in enumerate(segments) if segment.kind in ACTION_KINDS]
    planned = sum(segments[i].duration_s for i in exercise)
    played = sum(done(i) for i in exercise)
    if planned > 0 and played < COMPLETE_WORK_SHARE * planned:
        return SessionStatus.PARTLY_DONE
    for indices in step_segments:
        work = [i for i in indices if segments[i].kind in ACTION_KINDS]
        if not work or any(completed[i] for i in work):
            continue
        step_planned = sum(segments[i].duration_s for i in work)
        if sum(done(i) for i in work) < ENTIRELY_SKIPPED_SHARE * step_planned:
            return SessionStatus.PARTLY_DONE
    return SessionStatus.COMPLETED


class StepOutcome(str, Enum):
    """How one step of a logged session went, as the history shows it."""

    DONE = "Done"
    PARTLY_DONE = "Partly done"
    SKIPPED = "Skipped"
    NOT_REACHED = "Not reached"


def step_outcome(step: StepRecord) -> StepOutcome:
    """Return how ``step`` went: done, partly done, skipped, or never reached.

    A step with nothing done is "skipped" when the user moved past it and "not
    reached" when the session ended before it; a reps step with no rep done is
    never "partly done".
    """
    if step.skipped:
        return StepOutcome.SKIPPED
    if step.planned_reps is not None and step.done_reps is not None:
        if step.done_reps >= step.planned_reps:
            return StepOutcome.DONE
        return StepOutcome.PARTLY_DONE if step.done_reps > 0 else StepOutcome.NOT_REACHED
    if step.done_s + 0.5 >= step.planned_s:
        return StepOutcome.DONE
    return StepOutcome.PARTLY_DONE if step.done_s > 0 else StepOutcome.NOT_REACHED
