"""Which routine a break nudge starts, and what the nudge says about it.

Any routine of one to three minutes can be the break (the desk break by
default): the settings list them, and the nudge shows the chosen one's title,
length and first picture so the user knows what "Start" will do.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from backcoach.core.routine.duration import planned_duration_s
from backcoach.core.routine.model import CircuitStep, Routine, RoutineKind, Step

BREAK_MIN_S = 60.0
BREAK_MAX_S = 180.0
"""A break routine lasts one to three minutes."""


@dataclass(frozen=True)
class BreakSummary:
    """What the nudge shows about the routine its Start button plays."""

    routine_id: str
    title: str
    duration_s: float
    picture: Path | None


def _leaves(steps: Iterable[Step]) -> Iterator[Step]:
    for step in steps:
        if isinstance(step, CircuitStep):
            yield from _leaves(step.steps)
        else:
            yield step


def break_routines(routines: Iterable[Routine]) -> list[Routine]:
    """Return the routines that fit a break (1-3 minutes), desk breaks first, then by title."""
    fitting = [r for r in routines if BREAK_MIN_S <= planned_duration_s(r) <= BREAK_MAX_S]
    return sorted(fitting, key=lambda r: (r.kind is not RoutineKind.DESK_BREAK, str(r.title)))


def break_summary(routine: Routine, language: str = "en") -> BreakSummary:
    """Return the title, planned length and first picture of ``routine``."""
    picture = next(
        (step.illustration for step in _leaves(routine.steps) if step.illustration), None
    )
    return BreakSummary(
        routine.routine_id, routine.title.get(language), planned_duration_s(routine), picture
    )
