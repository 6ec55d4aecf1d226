"""Kill headless runs at random moments and check that the log lost nothing (a test helper).

Used by the random-kill test (a few dozen kills) and ``bench/faults_kill.py``
(hundreds). Each trial starts ``backcoach run ROUTINE --headless`` in its own
BACKCOACH_HOME, kills it with SIGKILL after a random delay, then opens the log
the way the next start does and checks:

- ``PRAGMA integrity_check`` says ok;
- a run that printed the second step's line has its session in the log
  (interrupted, or completed if it got to the end), and one that printed
  the third step's line has the first step's time in it;
- no run has more than one session.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from backcoach.core.history.store import HistoryStore
from backcoach.core.playback.record import SessionStatus

SPEED = 20
STEP_S = 20
ROUTINE = {
    "format": 1,
    "id": "kill-check",
    "title": "Kill check",
    "kind": "custom",
    "steps": [
        {"type": "hold", "name": name, "hold_s": STEP_S, "prepare_s": 0}
        for name in ("One", "Two", "Three")
    ],
}
RUN_S = 3 * STEP_S / SPEED


@dataclass
class Trial:
    """One killed run and what the log said about it afterwards."""

    killed_after_s: float
    output: str
    integrity: str
    sessions: list[tuple[str, float, float]]
    """(status, done_s, first step's done_s) per session in the log."""

    @property
    def problems(self) -> list[str]:
        """Return what is wrong with this trial (empty: nothing lost)."""
        found = []
        if self.integrity != "ok":
            found.append(f"integrity_check: {self.integrity}")
        if len(self.sessions) > 1:
            found.append(f"{len(self.sessions)} sessions for one run")
        started = ": Two" in self.output
        if started and not self.sessions:
            found.append("the session was lost")
        statuses = {SessionStatus.INTERRUPTED.value, SessionStatus.COMPLETED.value}
        for status, _done, first_done in self.sessions:
            if status not in statuses:
                found.append(f"status {status}")
            if ": Three" in self.output and first_done < STEP_S - 1:
                found.append(f"the first step shows {first_done:.1f} s done")
        return found


def start(folder: Path, repo: Path) -> subprocess.Popen[bytes]:
    """Start one headless run with its own home in ``folder``; output goes to a file there."""
    folder.mkdir(parents=True, exist_ok=True)
    routine = folder / "kill-check.json"
    routine.write_text(json.dumps(ROUTINE), encoding="utf-8")
    out = open(folder / "out.txt", "wb")  # noqa: SIM115 - handed to the child
    env = {**os.environ, "BACKCOACH_HOME": str(folder / "home"), "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "backcoach", "run", str(routine), "--headless"]
    with out:
        return subprocess.Popen(
            [*command, "--speed", str(SPEED)],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=repo,
            env=env,
        )


def check(folder: Path, killed_after_s: float) -> Trial:
    """Open the log as the next start would and read what it holds."""
    output = (folder / "out.txt").read_text(encoding="utf-8", errors="replace")
    db = folder / "home" / "data" / "history.sqlite3"
    sessions: list[tuple[str, float, float]] = []
    integrity = "ok"
    if db.exists():
        with HistoryStore(db) as store:
            for logged in store.sessions(with_steps=True):
                steps = logged.record.steps
                first = steps[0].done_s if steps else 0.0
                sessions.append((logged.record.status.value, logged.record.done_s, first))
        with sqlite3.connect(db) as conn:
            integrity = "; ".join(row[0] for row in conn.execute("PRAGMA integrity_check"))
    return Trial(killed_after_s, output, integrity, sessions)


def run_trials(
    count: int, workdir: Path, repo: Path, parallel: int = 4, seed: int = 0
) -> list[Trial]:
    """Run ``count`` killed runs, ``parallel`` at a time; return every trial.

    One in six is killed while it starts (0.1-1 s after launch); the others
    at a random moment from the routine's first line to a second past its end.
    """
    rng = random.Random(seed)
    trials: list[Trial] = []
    number = 0
    while number < count:
        live = []
        for _ in range(min(parallel, count - number)):
            folder = workdir / f"trial-{number:04d}"
            early = number % 6 == 0
            number += 1
            delay = rng.uniform(0.1, 1.0) if early else rng.uniform(0.0, RUN_S + 1.0)
            live.append([folder, start(folder, repo), delay, early, time.monotonic()])
        deadline = time.monotonic() + 60
        while live and time.monotonic() < deadline:
            time.sleep(0.01)
            for entry in list(live):
                folder, process, delay, early, since = entry
                if not early and process.poll() is None:
                    text = (folder / "out.txt").read_bytes()
                    if b"Kill check:" not in text:
                        entry[4] = time.monotonic()  # not started yet: count from its title
                        continue
                if time.monotonic() - since >= delay or process.poll() is not None:
                    if process.poll() is None:
                        process.send_signal(signal.SIGKILL)
                    process.wait()
                    trials.append(check(folder, delay))
                    live.remove(entry)
        for _folder, process, *_ in live:
            process.kill()
            process.wait()
    return trials
