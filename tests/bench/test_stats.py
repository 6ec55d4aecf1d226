"""bench/_stats.py: the one percentile definition every published benchmark number uses."""

from __future__ import annotations

import importlib.util
from types import ModuleType

import pytest

from tests.conftest import REPO_ROOT


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_stats", REPO_ROOT / "bench" / "_stats.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


stats = _load()


@pytest.mark.parametrize(
    ("n", "share", "expected"),
    [
        pytest.param(100, 0.95, 95, id="p95-of-100-is-the-95th"),
        pytest.param(100, 0.99, 99, id="p99-of-100-is-the-99th"),
        pytest.param(20, 0.95, 19, id="p95-of-20-is-the-19th-despite-float-error"),
        pytest.param(50, 0.99, 50, id="p99-of-50-is-the-largest"),
        pytest.param(300, 0.95, 285, id="p95-of-300-is-the-285th"),
        pytest.param(1, 0.5, 1, id="one-value"),
    ],
)
def test_percentiles_are_nearest_rank(n: int, share: float, expected: float) -> None:
    values = list(range(n, 0, -1))  # unsorted on purpose: 1..n, largest first
    assert stats.percentile(values, share) == expected


@pytest.mark.parametrize("share", [0.0, 1.5, -0.1])
def test_a_share_outside_0_to_1_is_refused(share: float) -> None:
    with pytest.raises(ValueError, match="share"):
        stats.percentile([1.0, 2.0], share)


def test_no_values_have_no_percentile() -> None:
    with pytest.raises(ValueError, match="no values"):
        stats.percentile([], 0.5)


def test_the_summary_and_its_line_agree() -> None:
    values = [4.0, 1.0, 3.0, 2.0]
    assert stats.summary(values) == {
        "n": 4,
        "median": 2.5,
        "p95": 4.0,
        "p99": 4.0,
        "min": 1.0,
        "max": 4.0,
    }
    assert stats.describe_ms(values, digits=1) == (
        "median 2.5 ms, p95 4.0 ms, p99 4.0 ms, min 1.0 ms, max 4.0 ms (n=4)"
    )
