"""Benchmark the completion log with ten years of generated daily use.

Generates about 7,300 sessions (two a day, 8-12 steps each: ~70,000 step rows)
and ~15,000 desk-break events into a temporary BACKCOACH_HOME on disk, then
measures, each as the median of repeated runs:

- opening the log and computing everything the history window shows
  (``HistoryStore()`` + ``compute_history``; target <= 150 ms);
- opening after a run that died (the full integrity check runs then);
- saving a finished session (``finish``: durable, fsync; target <= 5 ms);
- a checkpoint during a session (no fsync), for reference.

Run: /work/venv/bin/python bench/history_bench.py [--runs N] [--keep]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from _stats import describe_ms, median  # bench/_stats.py: one median and percentile for all

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from backcoach.config import paths  # noqa: E402
from backcoach.core.history.stats import compute_history  # noqa: E402
from backcoach.core.history.store import BreakKind, HistoryStore  # noqa: E402
from backcoach.core.playback.record import SessionRecord, SessionStatus, StepRecord  # noqa: E402

ZONE = ZoneInfo("Europe/Copenhagen")
TODAY = date(2026, 11, 22)
YEARS = 10
ROUTINES = (
    ("morning-mobility", "Morning mobility", "stretch"),
    ("core-circuit", "Core strength circuit", "strength"),
    ("evening-stretch", "Evening stretch flow", "stretch"),
    ("desk-break", "Desk break", "desk-break"),
)


def _record(rng: random.Random, when: datetime, routine: tuple[str, str, str]) -> SessionRecord:
    steps = []
    for n in range(rng.randint(8, 12)):
        planned = float(rng.choice((30, 45, 60, 90)))
        reps = rng.choice((None, 10, 12, 15))
        skipped = rng.random() < 0.03
        steps.append(
            StepRecord(
                pointer=f"/steps/{n}",
                name=f"Exercise {n + 1}",
                planned_s=planned,
                done_s=0.0 if skipped else planned,
                planned_reps=reps,
                done_reps=None if reps is None or skipped else reps,
                skipped=skipped,
            )
        )
    planned_s = sum(s.planned_s for s in steps)
    status = rng.choices(
        (SessionStatus.COMPLETED, SessionStatus.STOPPED_EARLY, SessionStatus.INTERRUPTED),
        weights=(92, 6, 2),
    )[0]
    done_s = sum(s.done_s for s in steps) * (1.0 if status is SessionStatus.COMPLETED else 0.5)
    started = when.timestamp()
    offset = int(when.utcoffset().total_seconds())  # type: ignore[union-attr]
    return SessionRecord(
        routine_id=routine[0],
        routine_title=routine[1],
        routine_kind=routine[2],
        content_hash=f"{hash(routine[0]) & 0xFFFFFFFF:08x}",
        started_at=started,
        utc_offset_s=offset,
        planned_s=planned_s,
        ended_at=started + done_s + 30,
        done_s=done_s,
        status=status,
        steps=steps,
        effort=rng.choice((None, rng.randint(2, 8))),
        pain=rng.choice((None, rng.randint(0, 4))),
        note=rng.choice(("", "", "", "felt good", "stiff this morning")),
    )


def generate(store: HistoryStore) -> tuple[int, int, int]:
    """Fill ``store`` with ten years of two sessions a day; return (sessions, steps, events)."""
    rng = random.Random(2026)
    first = TODAY - timedelta(days=365 * YEARS + YEARS // 4)
    records = []
    events = 0
    day = first
    while day < TODAY:
        morning = datetime(day.year, day.month, day.day, 7, rng.randint(0, 59), tzinfo=ZONE)
        evening = datetime(day.year, day.month, day.day, 21, rng.randint(0, 59), tzinfo=ZONE)
        records.append(_record(rng, morning, ROUTINES[rng.randint(0, 1)]))
        records.append(_record(rng, evening, ROUTINES[rng.randint(2, 3)]))
        if day.weekday() < 5:
            for hour in (10, 11, 13, 14, 15, 16):
                at = datetime(day.year, day.month, day.day, hour, 30, tzinfo=ZONE)
                kind = rng.choice(list(BreakKind))
                offset = int(at.utcoffset().total_seconds())  # type: ignore[union-attr]
                store.log_break_event(kind, at.timestamp(), "desk-break", utc_offset_s=offset)
                events += 1
        day += timedelta(days=1)
    store.add_many(records)
    return len(records), sum(len(r.steps) for r in records), events


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30, help="repetitions of open+compute")
    parser.add_argument("--saves", type=int, default=200, help="finished sessions to save")
    parser.add_argument("--keep", action="store_true", help="keep the generated home")
    args = parser.parse_args()

    home = Path(tempfile.mkdtemp(prefix="backcoach-bench-"))
    os.environ[paths.HOME_ENV] = str(home)
    try:
        t0 = time.perf_counter()
        with HistoryStore() as store:
            sessions, steps, events = generate(store)
        generated_s = time.perf_counter() - t0
        size_mb = paths.history_db_path().stat().st_size / 1e6
        print(f"generated {sessions} sessions, {steps} step rows, {events} break events")
        print(f"  in {generated_s:.1f} s; file {size_mb:.1f} MB at {paths.history_db_path()}")

        open_compute: list[float] = []
        open_only: list[float] = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            store = HistoryStore()
            t1 = time.perf_counter()
            view = compute_history(store, TODAY)
            t2 = time.perf_counter()
            store.close()
            open_only.append((t1 - t0) * 1000)
            open_compute.append((t2 - t0) * 1000)
        thorough: list[float] = []
        owners_dir = paths.history_db_path().with_name("history.sqlite3.owners")
        for n in range(max(5, args.runs // 3)):
            (owners_dir / f"{n:032x}.lock").write_text("1\n")  # as left by a killed run
            t0 = time.perf_counter()
            HistoryStore().close()
            thorough.append((time.perf_counter() - t0) * 1000)
            (owners_dir / f"{n:032x}.lock").unlink()
        print(f"open:            {describe_ms(open_only)}")
        print(f"open after crash (full quick_check): {describe_ms(thorough)}")
        print(f"open + compute:  {describe_ms(open_compute)}  (target <= 150 ms)")
        print(
            f"  -> {view.session_count} sessions, streak {view.current_streak}/"
            f"{view.longest_streak}, {len(view.minutes_by_day)} active days"
        )

        rng = random.Random(7)
        finish: list[float] = []
        checkpoint: list[float] = []
        with HistoryStore() as store:
            for n in range(args.saves):
                when = datetime(2026, 11, 22, 9, 0, tzinfo=ZONE) + timedelta(minutes=n)
                record = _record(rng, when, ROUTINES[1])
                final_status = record.status
                record.status = SessionStatus.IN_PROGRESS
                session_id = store.begin(record)
                t0 = time.perf_counter()
                store.checkpoint(session_id, record)
                checkpoint.append((time.perf_counter() - t0) * 1000)
                record.status = final_status
                t0 = time.perf_counter()
                store.finish(session_id, record)
                finish.append((time.perf_counter() - t0) * 1000)
        print(f"finish (durable): {describe_ms(finish)}  (target <= 5 ms)")
        print(f"checkpoint:       {describe_ms(checkpoint)}")
        ratio_compute = 150 / median(open_compute)
        ratio_finish = 5 / median(finish)
        print(f"headroom: open+compute {ratio_compute:.1f}x, finish {ratio_finish:.1f}x")
    finally:
        if args.keep:
            print(f"kept {home}")
        else:
            shutil.rmtree(home, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
