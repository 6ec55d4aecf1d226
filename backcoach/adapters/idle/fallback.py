"""The last resort: no idle reading at all, so every waking minute counts as sitting."""

from __future__ import annotations


class WallClockIdle:
    """Reports "unknown idle": the tracker then counts wall time (sleep and lock still reset)."""

    name = "none (counting wall time)"

    def idle_seconds(self) -> float | None:
        return None

    def is_locked(self) -> bool:
        return False
