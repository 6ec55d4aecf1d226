"""How late do session events fire in real time? Plays a routine of 1-3 s segments.

Drives the playback ``Runner`` (silent, no log) on the real clock the way
both players do: sleep until ``next_deadline()``, then ``poll()``. Every
segment start is timed against an outside reference (``time.monotonic`` just
before ``start()`` plus the segment's planned start), so the number includes
the timer's oversleep, the poll and the event delivery. Reports p50 / p99 /
max for the whole run and for the first and the last minute (drift would
make the last minute later).

    python bench/session_timing.py            # idle machine, 120 s
    python bench/session_timing.py --busy     # with one busy-loop process per core
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import sys
import tempfile
import time
from pathlib import Path

from _stats import median, percentile  # bench/_stats.py: one median and percentile for all

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from backcoach.core.clock import SystemClock  # noqa: E402
from backcoach.core.playback.cues import plan_cues  # noqa: E402
from backcoach.core.playback.runner import Runner, Silence  # noqa: E402
from backcoach.core.playback.session import CueDue, SegmentStarted, SessionEvent  # noqa: E402
from backcoach.core.playback.session_log import NoSessionLog  # noqa: E402
from backcoach.core.playback.timeline import compile_routine  # noqa: E402
from backcoach.core.routine.loader import load_routine  # noqa: E402


def short_segment_routine(seconds: float, seed: int = 1) -> dict:
    """Return a routine document of breathing, reps and holds whose segments last 1-3 s."""
    rng = random.Random(seed)
    steps: list[dict] = []
    total = 0.0
    while total < seconds + 30:
        kind = len(steps) % 3
        if kind == 0:
            inhale, exhale = rng.choice([1, 1.5, 2]), rng.choice([1, 1.5, 2, 3])
            steps.append(
                {
                    "type": "breathing",
                    "name": f"Breathe {len(steps)}",
                    "cycles": 4,
                    "prepare_s": 1,
                    "pattern": {"inhale_s": inhale, "exhale_s": exhale},
                }
            )
            total += 1 + 4 * (inhale + exhale)
        elif kind == 1:
            tempo = {"up_s": 1, "hold_s": rng.choice([1, 1.5]), "down_s": rng.choice([1.5, 2])}
            steps.append(
                {
                    "type": "reps",
                    "name": f"Lift {len(steps)}",
                    "reps": 4,
                    "prepare_s": 2,
                    "tempo": tempo,
                }
            )
            total += 2 + 4 * sum(tempo.values())
        else:
            hold = rng.choice([1, 1.5, 2, 3])
            steps.append(
                {
                    "type": "hold",
                    "name": f"Hold {len(steps)}",
                    "hold_s": hold,
                    "sets": 3,
                    "rest_between_sets_s": 1,
                    "prepare_s": 1,
                }
            )
            total += 1 + 3 * hold + 2
    return {
        "format": 1,
        "id": "timing-bench",
        "title": "Timing benchmark",
        "kind": "custom",
        "steps": steps,
    }


def busy_loop() -> None:
    """Keep one core busy until terminated."""
    while True:
        pass


def summarise(values_ms: list[float]) -> dict[str, float]:
    return {
        "n": len(values_ms),
        "p50": median(values_ms),
        "p99": percentile(values_ms, 0.99),
        "max": max(values_ms),
    }


def play(seconds: float) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "timing-bench.json"
        path.write_text(json.dumps(short_segment_routine(seconds)), encoding="utf-8")
        routine = load_routine(path)
    timeline = compile_routine(routine)
    silence = Silence()
    runner = Runner(
        timeline,
        plan_cues(timeline),
        SystemClock(),
        silence,
        silence,
        NoSessionLog(),
        source="bench",
    )
    session = runner.session
    boundaries: list[tuple[float, float]] = []  # (planned start, lateness ms)
    cue_lateness: list[float] = []
    origin = 0.0

    def on_event(event: SessionEvent) -> None:
        now = time.monotonic()
        if isinstance(event, SegmentStarted):
            planned = event.segment.start_s
            boundaries.append((planned, (now - origin - planned) * 1000))
        elif isinstance(event, CueDue):
            cue_lateness.append((now - origin - event.cue.at_s) * 1000)

    runner.subscribe(on_event)
    polls = 0
    oversleep: list[float] = []
    poll_cost: list[float] = []
    origin = time.monotonic()
    runner.start()
    while time.monotonic() - origin < seconds:
        deadline = runner.next_deadline()
        if deadline is None:
            break
        before = time.monotonic()
        time.sleep(deadline)
        woke = time.monotonic()
        runner.poll()
        poll_cost.append((time.monotonic() - woke) * 1000)
        oversleep.append((woke - before - deadline) * 1000)
        polls += 1
    drift_ms = (session.position_s - (time.monotonic() - origin)) * 1000
    runner.stop()
    boundaries = boundaries[1:]  # the first is fired by start() itself, at 0
    lateness = [late for _, late in boundaries]
    first = [late for at, late in boundaries if at < 60]
    last = [late for at, late in boundaries if at >= seconds - 60]
    return {
        "segments_per_s": len(boundaries) / seconds,
        "polls_per_s": polls / seconds,
        "all": summarise(lateness),
        "first_minute": summarise(first),
        "last_minute": summarise(last),
        "cues": summarise(cue_lateness),
        "events": summarise(lateness + cue_lateness),
        "oversleep": summarise(oversleep),
        "poll": summarise(poll_cost),
        "position_vs_clock_ms": drift_ms,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=120.0)
    parser.add_argument("--busy", action="store_true", help="load every core with a busy loop")
    args = parser.parse_args()
    workers: list[multiprocessing.Process] = []
    if args.busy:
        for _ in range(os.cpu_count() or 2):
            worker = multiprocessing.Process(target=busy_loop, daemon=True)
            worker.start()
            workers.append(worker)
        time.sleep(1.0)
    load_before = os.getloadavg()[0]
    try:
        result = play(args.seconds)
    finally:
        for worker in workers:
            worker.terminate()
            worker.join()
    load = f"busy ({len(workers)} busy-loop processes)" if workers else "idle"
    print(f"{load}: {args.seconds:g} s, {result['segments_per_s']:.2f} segment starts/s,")
    print(f"  {result['polls_per_s']:.1f} polls/s; position minus clock at the end:")
    print(f"  {result['position_vs_clock_ms']:+.3f} ms; load average before/after:")
    print(f"  {load_before:.2f} / {os.getloadavg()[0]:.2f}")
    print(f"{'lateness (ms)':<24}{'n':>6}{'p50':>9}{'p99':>9}{'max':>9}")
    for label, key in (
        ("segment starts", "all"),
        ("  first minute", "first_minute"),
        ("  last minute", "last_minute"),
        ("cues", "cues"),
        ("all events", "events"),
        ("time.sleep oversleep", "oversleep"),
        ("poll() itself", "poll"),
    ):
        row = result[key]
        print(f"{label:<24}{row['n']:>6}{row['p50']:>9.3f}{row['p99']:>9.3f}{row['max']:>9.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
