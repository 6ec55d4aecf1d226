"""Where break events go: the protocol the completion log implements.

The history store provides ``log_break_event``; the sitting tracker only knows
this protocol, so it works (and is tested) without a database.
"""

from __future__ import annotations

from typing import Protocol

TAKEN = "taken"
"""The user chose "Start desk break" in a nudge."""
SNOOZED = "snoozed"
"""The user chose "Snooze 5 min"."""
SKIPPED = "skipped"
"""The user chose "Skip"."""
IGNORED = "ignored"
"""A nudge and all its repeats went unanswered."""
NATURAL = "natural"
"""The user left the computer (idle past the threshold, screen locked, computer asleep)."""

BREAK_KINDS: tuple[str, ...] = (TAKEN, SNOOZED, SKIPPED, IGNORED, NATURAL)


class BreakLog(Protocol):
    """Receives break events. ``at`` is UTC epoch seconds, like ``SessionRecord`` times."""

    def log_break_event(self, kind: str, at: float, routine_id: str | None = None) -> object:
        """Record one event of ``kind`` (one of ``BREAK_KINDS``); what it returns is not used."""
        ...


class NullBreakLog:
    """A log that keeps nothing: used when no history store is available."""

    def log_break_event(self, kind: str, at: float, routine_id: str | None = None) -> None:
        return None
