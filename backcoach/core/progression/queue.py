"""Which progress and ease-off suggestions to show now, and the ones the user put off.

A suggestion is offered for a routine the user has done in the last
``RECENT_DAYS`` days (an old routine's numbers say little about today's back).
"Not now" puts it off until the next session of that routine is logged: the
dismissal is remembered with the id of the routine's latest session, in a
small JSON file beside the log, so the same suggestion does not come back at
every start, and a new session lets the log speak again.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from backcoach.config import paths
from backcoach.core.atomic import write_text_atomic
from backcoach.core.history.localtime import local_day
from backcoach.core.history.store import HistoryStore
from backcoach.core.progression.suggestions import Suggestion, suggestion_for
from backcoach.core.routine.loader import RoutineError, parse_routine_bytes, read_routine_bytes
from backcoach.core.routine.model import Routine

RECENT_DAYS = 28
KEPT_DISMISSALS = 200
"""The newest dismissals kept in the file; older ones have been overtaken by new sessions."""


@dataclass(frozen=True)
class PendingSuggestion:
    """A suggestion ready to show, with what accepting it needs."""

    routine: Routine
    document: Mapping[str, Any]
    """The routine's JSON document as it was read, for ``suggestions.accept``."""
    suggestion: Suggestion
    latest_session_id: int

    @property
    def key(self) -> str:
        """Identify this suggestion until the routine's next session is logged."""
        return f"{self.routine.routine_id}|{self.suggestion.kind.value}|{self.latest_session_id}"


def dismissed_path() -> Path:
    """Return the file that remembers suggestions put off with "Not now"."""
    return paths.data_dir() / "dismissed-suggestions.json"


def load_dismissed(path: Path | None = None) -> list[str]:
    """Return the keys of put-off suggestions, oldest first; none if the file is unreadable.

    A lost dismissal only means the suggestion is shown once more.
    """
    path = path or dismissed_path()
    try:
        keys = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return []
    return [key for key in keys if isinstance(key, str)] if isinstance(keys, list) else []


def dismiss(pending: PendingSuggestion, path: Path | None = None) -> None:
    """Remember that the user put ``pending`` off; ``OSError`` if it cannot be written."""
    path = path or dismissed_path()
    keys = [key for key in load_dismissed(path) if key != pending.key]
    keys.append(pending.key)
    write_text_atomic(path, json.dumps(keys[-KEPT_DISMISSALS:], indent=1) + "\n")


def due_suggestions(
    store: HistoryStore,
    routines: Iterable[Routine],
    today: date,
    dismissed: Iterable[str] = (),
) -> list[PendingSuggestion]:
    """Return the suggestions to show for ``routines``, the most recently done routine first.

    Routines not done since ``RECENT_DAYS`` before ``today``, routines whose
    file cannot be read any more, and dismissed suggestions are left out.
    """
    put_off = set(dismissed)
    since = today - timedelta(days=RECENT_DAYS)
    found: list[tuple[float, PendingSuggestion]] = []
    for routine in routines:
        latest = store.sessions(routine_id=routine.routine_id, newest_first=True, limit=1)
        if not latest or routine.source_path is None:
            continue
        record = latest[0].record
        if local_day(record.started_at, record.utc_offset_s) < since:
            continue
        try:
            suggestion = suggestion_for(store, routine)
            if suggestion is None:
                continue
            document = parse_routine_bytes(
                read_routine_bytes(routine.source_path), str(routine.source_path)
            )
        except (OSError, RoutineError):
            continue
        pending = PendingSuggestion(routine, document, suggestion, latest[0].session_id)
        if pending.key not in put_off:
            found.append((record.started_at, pending))
    found.sort(key=lambda item: item[0], reverse=True)
    return [pending for _, pending in found]
