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


class FakeIdleSource:
    """An idle source driven by the test: ``touch()`` is a key press at the clock's time.

    Idle time is measured on the given clock's monotonic time. ``measures``
    False makes it behave like the wall-time fallback (no idle reading);
    ``locked`` is the screen-lock state.
    """

    name = "fake"

    def __init__(self, clock: FakeClock, *, measures: bool = True) -> None:
        self._clock = clock
        self._last_input = clock.monotonic()
        self.measures = measures
        self.locked = False
        self.reads = 0

    def touch(self) -> None:
        self._last_input = self._clock.monotonic()

    def idle_seconds(self) -> float | None:
        self.reads += 1
        if not self.measures:
            return None
        return max(0.0, self._clock.monotonic() - self._last_input)

    def is_locked(self) -> bool:
        return self.locked


class FakeBreakLog:
    """Keeps break events in a list; ``fail_with`` makes every write raise that exception."""

    def __init__(self) -> None:
        self.events: list[tuple[str, float, str | None]] = []
        self.fail_with: Exception | None = None

    def log_break_event(self, kind: str, at: float, routine_id: str | None = None) -> None:
        if self.fail_with is not None:
            raise self.fail_with
        self.events.append((kind, at, routine_id))

    @property
    def kinds(self) -> list[str]:
        return [kind for kind, _, _ in self.events]
