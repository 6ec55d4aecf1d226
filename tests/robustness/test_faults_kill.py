"""Random kills of headless runs: no session lost, the log intact (bench/faults_kill.py: more)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import REPO_ROOT
from tests.robustness.kill_runs import run_trials

KILLS = 24


def test_random_kills_lose_no_session_and_leave_the_log_intact(tmp_path: Path) -> None:
    trials = run_trials(KILLS, tmp_path, REPO_ROOT, parallel=4, seed=11)
    problems = [
        f"killed after {trial.killed_after_s:.2f} s: {problem}"
        for trial in trials
        for problem in trial.problems
    ]
    assert problems == []
    # the kills fell all over the run: before the session, in it, and after its end
    assert any(not trial.sessions for trial in trials)
    assert any(status == "interrupted" for trial in trials for status, *_ in trial.sessions)
    assert any(status == "completed" for trial in trials for status, *_ in trial.sessions)
