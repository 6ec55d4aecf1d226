"""How often each routine was done and when last: the library's "done N times" and "last done".

A routine counts as done by each session of it that completed (stopped,
interrupted and partly-done sessions do not). The time is the session's start
as the user saw the clock then (its own UTC offset). One grouped query over the
``sessions_by_routine`` index: cheap even for years of history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from backcoach.core.history.localtime import local_datetime
from backcoach.core.history.store import HistoryStore
from backcoach.core.playback.record import SessionStatus


@dataclass(frozen=True)
class RoutineUse:
    """One routine's completed sessions: how many, and the start of the latest."""

    times_done: int
    last_done: datetime
    """Local start of the latest completed session, aware, at its own offset."""


def routine_use(store: HistoryStore) -> dict[str, RoutineUse]:
    """Return each done routine's use, by routine id (routines never done are absent)."""
    rows = store.fetch(
        "SELECT routine_id, COUNT(*), MAX(started_at), utc_offset_s FROM sessions"
        " WHERE status = ? GROUP BY routine_id",
        (SessionStatus.COMPLETED.value,),
    )
    return {
        routine_id: RoutineUse(int(count), local_datetime(float(started), int(offset)))
        for routine_id, count, started, offset in rows
    }
