"""The log under faults: locked by another program, stalled, damaged mid-session; signals.

None of them may stall the timeline, leave a run paused with nobody to resume
it, or lose the session without saying so.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from backcoach.core.history import pending
from backcoach.core.history.safe_log import SafeLog
from backcoach.core.history.store import HistoryStore
from backcoach.core.playback.record import SessionStatus
from tests.conftest import REPO_ROOT
from tests.history_records import make_record
from tests.routine_files import tiny_routine_file

T0 = 1_780_000_000.0

HOLD_LOCK = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA locking_mode = EXCLUSIVE")
conn.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
sys.stdin.read()
"""


def _start_run(tmp_path: Path, speed: float) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "backcoach", "run", str(tiny_routine_file(tmp_path)), "--headless"]
        + ["--speed", str(speed)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO_ROOT,
        env={**os.environ, "BACKCOACH_HOME": str(tmp_path / "home")},
    )


def _db(tmp_path: Path) -> Path:
    return tmp_path / "home" / "data" / "history.sqlite3"


def _wait_for_line(run: subprocess.Popen[str], text: str) -> None:
    assert run.stdout is not None
    for line in run.stdout:
        if text in line:
            return
    raise AssertionError(f"the run ended before printing {text!r}")


@pytest.fixture
def locked_log(tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    """The history file, held with an exclusive lock by another process until it ends."""
    HistoryStore(_db(tmp_path)).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(_db(tmp_path))],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    yield holder
    release(holder)


def release(holder: subprocess.Popen[str]) -> None:
    if holder.poll() is None:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(10)


def test_a_locked_log_does_not_stall_a_headless_run_and_the_session_is_kept(
    tmp_path: Path, locked_log: subprocess.Popen[str]
) -> None:
    # At speed 4 a stall of 1.25 s already reads as the computer sleeping.
    run = _start_run(tmp_path, speed=4)
    out, err = run.communicate(timeout=60)
    assert run.returncode == 0, err
    assert "Finished: 0:11 done of 0:11 planned." in out
    assert "Paused" not in out
    assert "Saved to your log." not in out
    assert "in use by another program" in err and "It is kept in" in err
    release(locked_log)
    with HistoryStore(_db(tmp_path)) as store:
        (logged,) = store.sessions(with_steps=True)
    assert logged.record.status is SessionStatus.COMPLETED
    assert [step.name for step in logged.record.steps] == ["Plank", "Superman"]
    assert list(pending.kept(_db(tmp_path))) == []  # added once, then removed


def test_a_lock_that_goes_away_during_the_run_lets_the_session_be_saved(
    tmp_path: Path, locked_log: subprocess.Popen[str]
) -> None:
    run = _start_run(tmp_path, speed=2)
    _wait_for_line(run, "Tiny: 0:11.")
    time.sleep(1.0)
    release(locked_log)
    out, err = run.communicate(timeout=60)
    assert run.returncode == 0, err
    assert "Paused" not in out
    assert out.rstrip().endswith("Saved to your log.")
    with HistoryStore(_db(tmp_path)) as store:
        (logged,) = store.sessions()
    assert logged.record.status is SessionStatus.COMPLETED


def test_a_run_without_a_terminal_resumes_by_itself_after_a_stall(tmp_path: Path) -> None:
    run = _start_run(tmp_path, speed=2)
    _wait_for_line(run, "Tiny: 0:11.")
    time.sleep(0.5)
    run.send_signal(signal.SIGSTOP)
    time.sleep(6)  # 12 s of session time: a sleep
    run.send_signal(signal.SIGCONT)
    out, err = run.communicate(timeout=60)
    assert run.returncode == 0, err
    assert "Paused (the computer slept)." in out and "Going on." in out
    assert "Press space" not in out
    assert "Finished: 0:11 done of 0:11 planned." in out  # nothing skipped
    assert out.rstrip().endswith("Saved to your log.")


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_sigterm_and_sighup_stop_a_headless_run_like_ctrl_c(tmp_path: Path, signum: int) -> None:
    run = _start_run(tmp_path, speed=1)
    _wait_for_line(run, "Tiny: 0:11.")
    time.sleep(1.5)
    run.send_signal(signum)
    out, err = run.communicate(timeout=60)
    assert run.returncode == 0, err
    assert "Stopped early:" in out
    assert "Traceback" not in err
    with HistoryStore(_db(tmp_path)) as store:
        (logged,) = store.sessions()
    assert logged.record.status is SessionStatus.STOPPED_EARLY


def test_a_busy_log_never_holds_the_caller_and_saves_once_free(tmp_path: Path) -> None:
    db = tmp_path / "history.sqlite3"
    HistoryStore(db).close()
    holder = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    reports: list[str] = []
    log = SafeLog(reports.append, path=db)
    record = make_record(T0, status=SessionStatus.IN_PROGRESS)
    started = time.monotonic()
    session_id = log.begin(record)
    for _ in range(5):
        log.checkpoint(session_id, record)
    held_for = time.monotonic() - started
    assert held_for < 5.0  # one busy wait of SQLite's default alone would be 5 s
    assert session_id is not None and session_id < 0  # provisional: the file is busy
    assert len(reports) == 1 and "waiting for its history file" in reports[0]
    holder.execute("ROLLBACK")
    holder.close()
    record.status = SessionStatus.COMPLETED
    record.ended_at = T0 + 600
    saved = log.finish(session_id, record)
    assert saved is not None and saved > 0
    assert log.set_feedback(saved, 3, 1)
    log.close()
    with HistoryStore(db) as store:
        (logged,) = store.sessions()
    assert logged.session_id == saved
    assert logged.record.status is SessionStatus.COMPLETED and logged.record.effort == 3


def test_damage_found_mid_session_sets_the_file_aside_and_keeps_the_session(
    tmp_path: Path,
) -> None:
    db = tmp_path / "history.sqlite3"
    with HistoryStore(db) as store:
        store.add_many([make_record(T0 + day * 86400, steps=5) for day in range(300)])
    reports: list[str] = []
    log = SafeLog(reports.append, path=db)
    record = make_record(T0 + 400 * 86400, status=SessionStatus.IN_PROGRESS)
    session_id = log.begin(record)
    assert log.store is not None
    log.store._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    with open(db, "r+b") as stream:  # 8 KB of noise over the pages; the header intact
        stream.seek(4096)
        stream.write(os.urandom(8192))
    with sqlite3.connect(db) as other:  # another BackCoach writes: caches are read anew
        other.execute("PRAGMA user_version = 0")
    log.checkpoint(session_id, record)
    record.status = SessionStatus.COMPLETED
    record.ended_at = record.started_at + 600
    saved = log.finish(session_id, record)
    log.close()
    assert saved is not None
    assert any("moved to" in report for report in reports)
    assert list(tmp_path.glob("history.sqlite3.corrupt-*"))
    with HistoryStore(db) as store:
        (logged,) = store.sessions()
    assert logged.record.started_at == record.started_at
    assert logged.record.status is SessionStatus.COMPLETED


def test_history_on_a_read_only_folder_does_not_talk_of_a_session(tmp_path: Path) -> None:
    from tests.core.history.test_history_store import read_only

    data = tmp_path / "home" / "data"
    data.mkdir(parents=True)
    with read_only(data):
        result = subprocess.run(
            [sys.executable, "-m", "backcoach", "history"],
            capture_output=True,
            text=True,
            cwd=REPO_ROOT,
            timeout=60,
            env={**os.environ, "BACKCOACH_HOME": str(tmp_path / "home")},
        )
    assert "read-only" in result.stderr
    assert "session goes on" not in result.stderr
    assert "Traceback" not in result.stderr
