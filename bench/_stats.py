"""Statistics every bench script shares: the median, one percentile definition, one format.

Percentiles are nearest-rank: the ``share`` percentile of n values is the smallest value
with at least ``share * n`` of the values at or below it (sorted, 1-based rank
``ceil(share * n)``). It is always one of the measured values, never an interpolation.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence

_EPSILON = 1e-9  # 0.95 * 20 may come out as 19.000000000000004: that is still rank 19


def median(values: Sequence[float]) -> float:
    """Return the median (the mean of the two middle values for an even count)."""
    return statistics.median(values)


def percentile(values: Sequence[float], share: float) -> float:
    """Return the nearest-rank percentile: ``share`` 0.95 gives p95."""
    if not values:
        raise ValueError("no values to take a percentile of")
    if not 0.0 < share <= 1.0:
        raise ValueError(f"share must be above 0 and at most 1, got {share}")
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered) - _EPSILON))
    return ordered[rank - 1]


def summary(values: Sequence[float]) -> dict[str, float]:
    """Return n, median, p95, p99, min and max of ``values``."""
    return {
        "n": len(values),
        "median": median(values),
        "p95": percentile(values, 0.95),
        "p99": percentile(values, 0.99),
        "min": min(values),
        "max": max(values),
    }


def describe_ms(values: Sequence[float], *, digits: int = 2) -> str:
    """Return "median X ms, p95 Y ms, p99 Z ms, min A ms, max B ms (n=N)" for milliseconds."""
    s = summary(values)
    return (
        f"median {s['median']:.{digits}f} ms, p95 {s['p95']:.{digits}f} ms, "
        f"p99 {s['p99']:.{digits}f} ms, min {s['min']:.{digits}f} ms, "
        f"max {s['max']:.{digits}f} ms (n={len(values)})"
    )
