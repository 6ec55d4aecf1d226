"""Working hours per weekday, in local time: when break reminders may appear.

The settings form is a map of weekday (``mon`` .. ``sun``) to ``["HH:MM",
"HH:MM"]`` or ``null`` (no reminders that day). ``"24:00"`` is allowed as an
end. An end at or before the start means the period runs past midnight
(``["22:00", "02:00"]``): it belongs to the day it starts on.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY_MINUTES = 24 * 60
_TIME = re.compile(r"^([01]?\d|2[0-4]):([0-5]\d)$")


def _parse_time(text: object, where: str) -> int:
    if not isinstance(text, str) or not _TIME.match(text.strip()):
        raise ValueError(f"{where}: must be a time like 08:30, got {text!r}")
    hours, minutes = (int(part) for part in text.strip().split(":"))
    total = hours * 60 + minutes
    if total > _DAY_MINUTES:
        raise ValueError(f"{where}: must be 24:00 or earlier, got {text!r}")
    return total


@dataclass(frozen=True)
class WorkingHours:
    """For each weekday (0 = Monday), the period in minutes after midnight, or None."""

    periods: tuple[tuple[int, int] | None, ...]

    @classmethod
    def parse(cls, raw: Mapping[str, object]) -> WorkingHours:
        """Build from the settings form; raise ``ValueError`` naming the day and the problem."""
        if not isinstance(raw, Mapping):
            raise ValueError("working_hours: must be a map of weekday to [start, end]")
        unknown = sorted(set(raw) - set(WEEKDAYS))
        if unknown:
            raise ValueError(
                f"working_hours/{unknown[0]}: unknown weekday; use one of {', '.join(WEEKDAYS)}"
            )
        periods: list[tuple[int, int] | None] = []
        for day in WEEKDAYS:
            value = raw.get(day)
            where = f"working_hours/{day}"
            if value is None:
                periods.append(None)
                continue
            if not isinstance(value, (list, tuple)) or len(value) != 2:
                raise ValueError(f'{where}: must be ["HH:MM", "HH:MM"] or null, got {value!r}')
            start = _parse_time(value[0], f"{where}/0")
            end = _parse_time(value[1], f"{where}/1")
            if start == _DAY_MINUTES:
                raise ValueError(f"{where}/0: a period cannot start at 24:00")
            periods.append((start, end))
        return cls(tuple(periods))

    def contains(self, local: datetime) -> bool:
        """Return True if the local time ``local`` lies inside working hours."""
        minute = local.hour * 60 + local.minute + local.second / 60.0
        today = self.periods[local.weekday()]
        if today is not None:
            start, end = today
            if start < end and start <= minute < end:
                return True
            if end <= start and minute >= start:
                return True
        yesterday = self.periods[(local - timedelta(days=1)).weekday()]
        if yesterday is not None:
            start, end = yesterday
            if end <= start and minute < end:
                return True
        return False
