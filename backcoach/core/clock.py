"""Time sources. Everything time-dependent in the core reads a ``Clock``.

Production code uses ``SystemClock``; tests inject a fake one that they move
by hand, so whole sessions and sitting days run in milliseconds.
"""

from __future__ import annotations

import time
from typing import Protocol


class Clock(Protocol):
    """A source of monotonic and wall-clock time, both in seconds."""

    def monotonic(self) -> float:
        """Return seconds from an arbitrary start; never goes backwards, may stop during sleep."""
        ...

    def wall(self) -> float:
        """Return seconds since the Unix epoch (UTC)."""
        ...


class SystemClock:
    """The real clock: ``time.monotonic`` and ``time.time``."""

    def monotonic(self) -> float:
        return time.monotonic()

    def wall(self) -> float:
        return time.time()
