"""How long compiling a routine's timeline and planning its cues take (no Qt).

The editor's preview does both after every edit, the player once at the start.
Measured on the editor benchmark's generated 200-step routine (every step type,
circuits; about 1,660 segments and 7,000 cues) and on every bundled routine.

    python bench/cue_plan_bench.py [--repeat 21]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from _stats import median  # bench/_stats.py: one median and percentile for all

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from editor_bench import generated  # noqa: E402

from backcoach.core.playback.cues import plan_cues  # noqa: E402
from backcoach.core.playback.timeline import compile_routine  # noqa: E402
from backcoach.core.routine.document import RoutineDocument  # noqa: E402
from backcoach.core.routine.sharing import assets_search_dirs  # noqa: E402


def timed_ms(action: Callable[[], object], repeat: int) -> float:
    """Return the median of ``repeat`` timings of ``action`` in milliseconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return median(times)


def main() -> int:
    """Print compile and plan medians for the generated routine and each bundled one."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=21)
    args = parser.parse_args()
    documents = [("generated 200 steps", generated())] + [
        (path.name, json.loads(path.read_text("utf-8")))
        for path in sorted((REPO / "routines").glob("*.json"))
    ]
    for label, document in documents:
        routine, problems = RoutineDocument(document).check("bench.json", assets_search_dirs())
        if routine is None:
            print(f"{label}: invalid: {problems[0]}")
            continue
        timeline = compile_routine(routine, "en")
        cues = plan_cues(timeline)
        compile_ms = timed_ms(partial(compile_routine, routine, "en"), args.repeat)
        plan_ms = timed_ms(partial(plan_cues, timeline), args.repeat)
        print(
            f"{label}: {len(timeline.segments)} segments, {len(cues)} cues;"
            f" compile median {compile_ms:.1f} ms, plan median {plan_ms:.1f} ms"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
