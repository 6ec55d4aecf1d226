"""Which routines the library shows: search by name, and filters by kind, time and equipment.

Pure functions over the routine model, so the library's Qt model stays a thin
list and the rules are tested without a window. Search matches the title in
every language the routine has (a Danish user may type an English name), after
case folding and Unicode normalization, so ``Ryg`` finds ``ryg`` and
full-width letters find their plain forms.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from backcoach.core.routine.duration import planned_duration_s
from backcoach.core.routine.model import Routine, RoutineKind

SHORT_LIMIT_S = 5 * 60
"""A routine is short below five minutes."""
LONG_LIMIT_S = 15 * 60
"""A routine is long above fifteen minutes; five to fifteen is medium."""


class TimeBand(str, Enum):
    """The library's time filter."""

    ANY = "any"
    SHORT = "short"
    """Under 5 minutes."""
    MEDIUM = "medium"
    """5 to 15 minutes (both included)."""
    LONG = "long"
    """Over 15 minutes."""


NO_EQUIPMENT = ""
"""The equipment filter value that keeps routines needing no equipment at all."""


@dataclass(frozen=True)
class LibraryFilter:
    """What the user asked to see: ``None`` kind or equipment means any."""

    text: str = ""
    kind: RoutineKind | None = None
    band: TimeBand = TimeBand.ANY
    equipment: str | None = None
    """``None``: any; ``NO_EQUIPMENT``: none needed; else routines that need this item."""

    @property
    def active(self) -> bool:
        """Whether anything narrows the list."""
        return self != LibraryFilter()


def fold(text: str) -> str:
    """Return ``text`` as search compares it: NFKC-normalized, case-folded, trimmed."""
    return unicodedata.normalize("NFKC", text).casefold().strip()


def time_band(seconds: float) -> TimeBand:
    """Return the band a routine of ``seconds`` falls in."""
    if seconds < SHORT_LIMIT_S:
        return TimeBand.SHORT
    if seconds <= LONG_LIMIT_S:
        return TimeBand.MEDIUM
    return TimeBand.LONG


def matches(routine: Routine, wanted: LibraryFilter, seconds: float | None = None) -> bool:
    """Return whether ``routine`` passes ``wanted`` (``seconds``: its planned time, if known)."""
    if wanted.kind is not None and routine.kind is not wanted.kind:
        return False
    if wanted.band is not TimeBand.ANY:
        total = planned_duration_s(routine) if seconds is None else seconds
        if time_band(total) is not wanted.band:
            return False
    if wanted.equipment is not None:
        if wanted.equipment == NO_EQUIPMENT:
            if routine.equipment:
                return False
        elif fold(wanted.equipment) not in {fold(item) for item in routine.equipment}:
            return False
    needle = fold(wanted.text)
    if needle:
        titles = routine.title.translations.values()
        return any(needle in fold(title) for title in titles)
    return True


def equipment_items(routines: Iterable[Routine]) -> list[str]:
    """Return every piece of equipment the routines name, once each, sorted."""
    seen: dict[str, str] = {}
    for routine in routines:
        for item in routine.equipment:
            seen.setdefault(fold(item), item)
    return [seen[key] for key in sorted(seen)]
