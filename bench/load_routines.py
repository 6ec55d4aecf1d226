"""Benchmark: load every bundled routine, a 1,000-step routine and a 100,000-bad-step file.

Run: python bench/load_routines.py [--repeat N]
Prints medians and p95 in milliseconds. Target (issue 2): the 1,000-step routine under 50 ms.
The hostile file (issue 11) took 7-8 s and printed 9-10 MB before its problems were bounded.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import tempfile
import time
from pathlib import Path

from _stats import median, percentile  # bench/_stats.py: one median and percentile for all

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from backcoach.config import paths  # noqa: E402
from backcoach.core.routine import loader  # noqa: E402
from backcoach.core.routine.catalog import routine_files  # noqa: E402


def generated_routine(steps: int) -> dict:
    """Return a valid routine document with ``steps`` steps of every type."""
    body = []
    for index in range(steps):
        kind = index % 5
        if kind == 0:
            step = {
                "type": "hold",
                "name": f"Hold {index}",
                "hold_s": 5,
                "switch_s": 1,
                "sides": "left-right",
                "breathing": {"inhale_s": 2, "exhale_s": 3},
            }
        elif kind == 1:
            step = {
                "type": "reps",
                "name": {"en": f"Reps {index}", "da": f"Gentagelser {index}"},
                "reps": 2,
                "sets": 1,
                "tempo": {"up_s": 1, "hold_s": 2, "down_s": 2},
            }
        elif kind == 2:
            step = {"type": "timed", "name": f"Timed {index}", "duration_s": 5}
        elif kind == 3:
            step = {
                "type": "breathing",
                "name": f"Breathe {index}",
                "cycles": 2,
                "pattern": {"inhale_s": 1, "exhale_s": 1},
            }
        else:
            step = {"type": "rest", "duration_s": 1}
        step["id"] = f"step-{index}"
        step["prepare_s"] = 0
        body.append(step)
    return {"format": 1, "id": "generated", "title": "Generated", "kind": "custom", "steps": body}


def refused(path: Path) -> list[str]:
    """Return the problem lines of a file the loader refuses."""
    try:
        loader.load_routine(path)
    except loader.RoutineError as exc:
        return [str(problem) for problem in exc.problems]
    raise AssertionError(f"{path} loaded")


def time_ms(action, repeat: int) -> list[float]:
    """Run ``action`` ``repeat`` times and return each duration in ms."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def describe(name: str, samples: list[float]) -> str:
    p95 = percentile(samples, 0.95)
    return f"{name}: median {median(samples):.2f} ms, p95 {p95:.2f} ms (n={len(samples)})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    files = routine_files(paths.bundled_routines_dir())
    loader.schema()  # the schema is read once per process; count it in the first load only

    def load_bundled() -> None:
        for path in files:
            loader.load_routine(path, bundled=True)

    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "generated.json"
        big.write_text(json.dumps(generated_routine(1000)))
        size_kb = big.stat().st_size / 1024
        first = time_ms(lambda: loader.load_routine(big), 1)[0]
        big_samples = time_ms(lambda: loader.load_routine(big), args.repeat)
        hostile = Path(tmp) / "hostile.json"
        document = generated_routine(0) | {"steps": [{}] * 100_000}
        hostile.write_text(json.dumps(document, separators=(",", ":")))
        hostile_kb = hostile.stat().st_size / 1024
        hostile_samples = time_ms(lambda: refused(hostile), max(3, args.repeat // 10))
        lines = refused(hostile)
    bundled_samples = time_ms(load_bundled, args.repeat)
    print(f"python {platform.python_version()} on {platform.machine()}, {len(files)} bundled files")
    print(describe(f"all {len(files)} bundled routines", bundled_samples))
    print(f"1,000-step routine ({size_kb:.0f} KiB): first load {first:.2f} ms")
    print(describe("1,000-step routine", big_samples))
    print(describe(f"100,000 invalid steps ({hostile_kb:.0f} KiB), refused", hostile_samples))
    print(f"  its problems: {len(lines)} lines, {len(chr(10).join(lines)):,} characters")


if __name__ == "__main__":
    main()
