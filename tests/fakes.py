"""Test doubles. They live here and never in the shipped package."""

from __future__ import annotations


class FakeClock:
    """A clock that only moves when the test says so.

    ``advance`` moves both monotonic and wall time; ``sleep_for`` simulates a
    suspended computer (wall time jumps, monotonic time does not or jumps too,
    as the caller chooses).
    """

    def __init__(self, monotonic: float = 1000.0, wall: float = 1_780_000_000.0) -> None:
        self._mono = monotonic
        self._wall = wall

    def monotonic(self) -> float:
        return self._mono

    def wall(self) -> float:
        return self._wall

    def advance(self, seconds: float) -> None:
        self._mono += seconds
        self._wall += seconds

    def advance_ms(self, milliseconds: float) -> None:
        self.advance(milliseconds / 1000.0)

    def sleep_for(self, seconds: float, monotonic_moves: bool = False) -> None:
        self._wall += seconds
        if monotonic_moves:
            self._mono += seconds
