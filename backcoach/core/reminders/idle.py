"""How long the user has not touched the computer: the protocol idle sources implement.

The sitting tracker reads user activity only through this protocol. The
platform implementations live in ``backcoach.adapters.idle``; tests use a fake.
"""

from __future__ import annotations

from typing import Protocol


class IdleSource(Protocol):
    """Reports the time since the last keyboard or mouse input, and whether the screen is locked."""

    name: str
    """A short human name of the mechanism, shown in the tray and settings (e.g. ``X11``)."""

    def idle_seconds(self) -> float | None:
        """Return seconds since the last user input, or ``None`` when it cannot be measured."""
        ...

    def is_locked(self) -> bool:
        """Return True while the screen is locked or the screen saver runs (False if unknown)."""
        ...
