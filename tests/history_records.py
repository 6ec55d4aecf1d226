"""Building session records for the history tests."""

from __future__ import annotations

from datetime import datetime

from backcoach.core.playback.record import SessionRecord, SessionStatus, StepRecord


def make_record(
    when: datetime | float = 1_780_000_000.0,
    *,
    routine_id: str = "core-circuit",
    kind: str = "strength",
    status: SessionStatus = SessionStatus.COMPLETED,
    done_s: float = 600.0,
    planned_s: float = 600.0,
    utc_offset_s: int = 3600,
    pain: int | None = None,
    effort: int | None = None,
    steps: int = 3,
    content_hash: str = "hash-1",
) -> SessionRecord:
    """Return a record of a session started at ``when`` (aware datetime or UTC epoch)."""
    if isinstance(when, datetime):
        started = when.timestamp()
        offset = when.utcoffset()
        utc_offset_s = int(offset.total_seconds()) if offset is not None else utc_offset_s
    else:
        started = float(when)
    finished = status is not SessionStatus.IN_PROGRESS
    return SessionRecord(
        routine_id=routine_id,
        routine_title=routine_id.replace("-", " ").capitalize(),
        routine_kind=kind,
        content_hash=content_hash,
        started_at=started,
        utc_offset_s=utc_offset_s,
        planned_s=planned_s,
        ended_at=started + done_s if finished else None,
        done_s=done_s,
        status=status,
        steps=[
            StepRecord(
                pointer=f"/steps/{n}",
                name=f"Exercise {n + 1}",
                planned_s=planned_s / steps,
                done_s=done_s / steps,
                planned_reps=12 if n % 2 == 0 else None,
                done_reps=12 if n % 2 == 0 else None,
            )
            for n in range(steps)
        ],
        effort=effort,
        pain=pain,
    )
