"""Kill many headless runs at random moments; report how many lost a session or broke the log.

Each trial is a ``backcoach run --headless`` at 20x speed with its own home,
SIGKILLed after a random delay, then checked as ``tests/robustness/kill_runs.py``
describes (integrity_check, session present once step two began, first step's
time kept once step three began).

    python bench/faults_kill.py --kills 200 --parallel 4
"""

from __future__ import annotations

import argparse
import collections
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.robustness.kill_runs import run_trials  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=200)
    parser.add_argument("--parallel", type=int, default=4)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="bc-kill-") as workdir:
        trials = run_trials(args.kills, Path(workdir), REPO, args.parallel, args.seed)
    outcome = collections.Counter(
        "no session yet" if not t.sessions else t.sessions[0][0] for t in trials
    )
    bad = [(t.killed_after_s, p) for t in trials for p in t.problems]
    print(f"{len(trials)} kills in {time.monotonic() - started:.0f} s: {dict(outcome)}")
    print(f"problems: {len(bad)}")
    for delay, problem in bad:
        print(f"  killed after {delay:.2f} s: {problem}")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
