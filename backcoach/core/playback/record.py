"""What was actually done in a session: the record the engine fills and the log stores."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class SessionStatus(str, Enum):
    IN_PROGRESS = "in-progress"
    COMPLETED = "completed"
    PARTLY_DONE = "partly-done"
    """Reached the end with too little of the work done (see ``playback.completion``)."""
    STOPPED_EARLY = "stopped-early"
    STOPPED_FOR_PAIN = "stopped-for-pain"
    INTERRUPTED = "interrupted"

    @property
    def reached_end(self) -> bool:
        """Whether the session played to its end (completed or partly done)."""
        return self in (SessionStatus.COMPLETED, SessionStatus.PARTLY_DONE)


@dataclass
class StepRecord:
    """Planned against done for one top-level step of the routine (``pointer`` as in the file)."""

    pointer: str
    name: str
    planned_s: float
    done_s: float = 0.0
    planned_reps: int | None = None
    done_reps: int | None = None
    skipped: bool = False


@dataclass
class SessionRecord:
    """One session of one routine, from start to its end (or to now, while in progress).

    Times are UTC epoch seconds; ``utc_offset_s`` is the local offset at the start,
    so a day can be assigned as the user saw it.
    """

    routine_id: str
    routine_title: str
    routine_kind: str
    content_hash: str
    started_at: float
    utc_offset_s: int
    planned_s: float
    ended_at: float | None = None
    done_s: float = 0.0
    status: SessionStatus = SessionStatus.IN_PROGRESS
    steps: list[StepRecord] = field(default_factory=list)
    effort: int | None = None
    pain: int | None = None
    note: str = ""
    source: str = "gui"
    """Where it ran: ``gui`` or ``headless``."""
