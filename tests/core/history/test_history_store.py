"""The completion log: sessions saved, checkpointed, recovered, migrated, and its failures."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from backcoach.config import paths
from backcoach.core.history import schema
from backcoach.core.history.safe_log import SafeLog
from backcoach.core.history.store import BreakKind, HistoryStore, LogUnavailable
from backcoach.core.playback.record import SessionStatus
from tests.conftest import REPO_ROOT
from tests.history_records import make_record

# 2026-05-28 14:13:20 UTC
T0 = 1_780_000_000.0


def test_log_lives_in_the_backcoach_home(backcoach_home: Path) -> None:
    with HistoryStore() as store:
        store.add(make_record(T0))
    assert paths.history_db_path().is_relative_to(backcoach_home)
    assert paths.history_db_path().exists()


def test_a_finished_session_comes_back_with_steps_and_feedback(fake_clock) -> None:
    record = make_record(T0, status=SessionStatus.IN_PROGRESS, done_s=0.0)

    def dst_starts_mid_session(at: float) -> int:
        return 3600 if at < T0 + 300 else 7200

    with HistoryStore(clock=fake_clock, offset_at=dst_starts_mid_session) as store:
        session_id = store.begin(record)
        record.done_s = 550.0
        record.steps[1].skipped = True
        record.steps[1].done_s = 0.0
        record.status = SessionStatus.STOPPED_EARLY
        record.ended_at = T0 + 600
        store.finish(session_id, record)
        store.set_feedback(session_id, effort=6, pain=2, note="stiff hips, æøå")
        logged = store.session(session_id)
    assert logged.record.status is SessionStatus.STOPPED_EARLY
    assert logged.record.done_s == 550.0
    assert [s.skipped for s in logged.record.steps] == [False, True, False]
    assert logged.record.steps[0].planned_reps == 12
    assert (logged.record.effort, logged.record.pain) == (6, 2)
    assert logged.record.note == "stiff hips, æøå"
    assert logged.record.utc_offset_s == 3600
    assert logged.end_utc_offset_s == 7200


def test_a_session_from_another_zone_keeps_its_own_offset_at_the_end() -> None:
    with HistoryStore(offset_at=lambda at: 3600) as store:
        session_id = store.add(make_record(T0, utc_offset_s=32400))
        assert store.session(session_id).end_utc_offset_s == 32400


def test_finishing_without_an_end_time_uses_the_clock(fake_clock) -> None:
    record = make_record(fake_clock.wall(), status=SessionStatus.IN_PROGRESS)
    with HistoryStore(clock=fake_clock) as store:
        session_id = store.begin(record)
        fake_clock.advance(300)
        record.status = SessionStatus.COMPLETED
        record.ended_at = None
        store.finish(session_id, record)
        assert store.session(session_id).record.ended_at == fake_clock.wall()


def test_answers_outside_zero_to_ten_are_refused() -> None:
    with HistoryStore() as store:
        session_id = store.add(make_record(T0))
        with pytest.raises(ValueError, match="pain"):
            store.set_feedback(session_id, effort=3, pain=11)
        with pytest.raises(ValueError, match="effort"):
            store.set_feedback(session_id, effort=-1, pain=None)
        assert store.session(session_id).record.pain is None


def test_a_finished_session_cannot_be_checkpointed_or_finished_as_in_progress() -> None:
    with HistoryStore() as store:
        session_id = store.add(make_record(T0))
        with pytest.raises(ValueError, match="not in progress"):
            store.checkpoint(session_id, make_record(T0))
        with pytest.raises(ValueError, match="final status"):
            store.finish(session_id, make_record(T0, status=SessionStatus.IN_PROGRESS))


def test_checkpoints_are_visible_to_a_second_instance_which_leaves_them_running() -> None:
    record = make_record(T0, status=SessionStatus.IN_PROGRESS, done_s=0.0)
    with HistoryStore() as running:
        session_id = running.begin(record)
        record.done_s = 120.0
        record.steps[0].done_s = 120.0
        running.checkpoint(session_id, record)
        with HistoryStore() as other:
            seen = other.session(session_id).record
            assert other.recovered == ()
        assert seen.status is SessionStatus.IN_PROGRESS
        assert seen.done_s == 120.0
        record.status = SessionStatus.COMPLETED
        running.finish(session_id, record)
    with HistoryStore() as reopened:
        assert reopened.session(session_id).record.status is SessionStatus.COMPLETED


def test_a_session_left_unfinished_by_a_closed_app_is_interrupted_with_its_progress(
    fake_clock,
) -> None:
    record = make_record(fake_clock.wall(), status=SessionStatus.IN_PROGRESS, done_s=0.0)
    store = HistoryStore(clock=fake_clock)
    session_id = store.begin(record)
    fake_clock.advance(90)
    record.done_s = 90.0
    store.checkpoint(session_id, record)
    store.close()
    with HistoryStore() as reopened:
        assert reopened.recovered == (session_id,)
        logged = reopened.session(session_id).record
    assert logged.status is SessionStatus.INTERRUPTED
    assert logged.done_s == 90.0
    assert logged.ended_at == fake_clock.wall()


def test_sessions_filter_by_local_day_and_routine_and_page_newest_first() -> None:
    with HistoryStore() as store:
        # 23:30 local on 2026-05-27 at UTC+2 is 21:30 UTC: still the 27th locally.
        late = date(2026, 5, 27)
        late_epoch = 1_779_917_400.0  # 2026-05-27 21:30 UTC
        store.add(make_record(late_epoch, utc_offset_s=7200, routine_id="evening"))
        store.add(make_record(late_epoch + 3600, utc_offset_s=7200, routine_id="night"))
        store.add(make_record(late_epoch + 86400, utc_offset_s=7200, routine_id="evening"))
        on_27th = store.sessions(since=late, until=late)
        assert [s.record.routine_id for s in on_27th] == ["evening"]
        assert [s.record.routine_id for s in store.sessions(since=date(2026, 5, 28))] == [
            "night",
            "evening",
        ]
        evenings = store.sessions(routine_id="evening", newest_first=True)
        assert [s.record.started_at for s in evenings] == [late_epoch + 86400, late_epoch]
        page = store.sessions(newest_first=True, limit=1, offset=1)
        assert [s.record.routine_id for s in page] == ["night"]
        assert store.count_sessions(routine_id="evening") == 2


def test_sessions_with_steps_keep_each_sessions_own_steps() -> None:
    with HistoryStore() as store:
        store.add(make_record(T0, steps=2))
        store.add(make_record(T0 + 100, steps=5))
        loaded = store.sessions(with_steps=True)
    assert [len(s.record.steps) for s in loaded] == [2, 5]


def test_break_events_are_logged_in_order_and_filtered_by_local_day(fake_clock) -> None:
    with HistoryStore(clock=fake_clock, offset_at=lambda at: 3600) as store:
        store.log_break_event(BreakKind.SNOOZED, at=T0 + 60)
        store.log_break_event("taken", T0, "desk-break")  # as the sitting tracker calls it
        store.log_break_event(BreakKind.NATURAL, at=T0 + 86400)
        events = store.break_events()
        assert [e.kind for e in events] == [BreakKind.TAKEN, BreakKind.SNOOZED, BreakKind.NATURAL]
        assert events[0].routine_id == "desk-break"
        assert events[0].utc_offset_s == 3600
        assert len(store.break_events(since=date(2026, 5, 29))) == 1
        with pytest.raises(ValueError):
            store.log_break_event("forgotten")


# -- migrations --------------------------------------------------------------------------------

V2 = ("ALTER TABLE sessions ADD COLUMN mood TEXT NOT NULL DEFAULT 'fine'",)


def test_a_new_file_is_at_the_newest_schema_in_wal_mode() -> None:
    with HistoryStore():
        pass
    conn = sqlite3.connect(paths.history_db_path())
    assert conn.execute("PRAGMA user_version").fetchone()[0] == len(schema.MIGRATIONS) == 1
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_a_v1_file_migrates_to_v2_and_keeps_its_sessions(monkeypatch) -> None:
    with HistoryStore() as store:
        session_id = store.add(make_record(T0, pain=1))
    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, V2])
    with HistoryStore() as store:
        assert store.session(session_id).record.pain == 1
        assert store.fetch("SELECT mood FROM sessions") == [("fine",)]
        assert store.fetch("PRAGMA user_version") == [(2,)]
        store.add(make_record(T0 + 100))


def test_a_failing_migration_leaves_the_file_at_its_old_version(monkeypatch) -> None:
    with HistoryStore() as store:
        store.add(make_record(T0))
    v1 = schema.MIGRATIONS
    broken = (*V2, "ALTER TABLE no_such_table ADD COLUMN x")
    monkeypatch.setattr(schema, "MIGRATIONS", [*v1, broken])
    with pytest.raises(LogUnavailable):
        HistoryStore()
    monkeypatch.setattr(schema, "MIGRATIONS", v1)
    with HistoryStore() as store:
        assert store.fetch("PRAGMA user_version") == [(1,)]
        assert "mood" not in [row[1] for row in store.fetch("PRAGMA table_info(sessions)")]
        assert store.count_sessions() == 1


def test_a_file_from_a_newer_backcoach_is_left_untouched() -> None:
    with HistoryStore() as store:
        store.add(make_record(T0))
    conn = sqlite3.connect(paths.history_db_path())
    conn.execute("PRAGMA user_version = 9")
    conn.close()
    before = paths.history_db_path().read_bytes()
    with pytest.raises(LogUnavailable, match="newer BackCoach"):
        HistoryStore()
    assert paths.history_db_path().read_bytes() == before


# -- damaged files ---------------------------------------------------------------------------


def test_a_file_that_is_not_a_database_is_moved_aside_and_a_new_log_started() -> None:
    path = paths.history_db_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"this is not SQLite at all\n" * 500)
    with HistoryStore() as store:
        assert store.notice is not None
        aside = [p for p in path.parent.iterdir() if ".corrupt-" in p.name]
        assert len(aside) == 1
        assert str(aside[0]) in store.notice
        assert aside[0].read_bytes() == b"this is not SQLite at all\n" * 500
        store.add(make_record(T0))
        assert store.count_sessions() == 1


def _damage_pages(path: Path) -> None:
    """Overwrite the middle of the file (not the header) with garbage."""
    size = path.stat().st_size
    with path.open("r+b") as handle:
        handle.seek(size // 2)
        handle.write(b"\xde\xad\xbe\xef" * 4096)


def _log_with_many_sessions() -> int:
    with HistoryStore() as store:
        store.add_many(make_record(T0 + n * 3600, steps=10) for n in range(300))
    conn = sqlite3.connect(paths.history_db_path())
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return paths.history_db_path().stat().st_size


def test_damage_after_a_crash_is_found_at_the_next_start() -> None:
    _log_with_many_sessions()
    _damage_pages(paths.history_db_path())
    # A run that died without closing the log leaves its owner file unheld.
    owners_dir = paths.history_db_path().with_name("history.sqlite3.owners")
    (owners_dir / "0123456789abcdef.lock").write_text("4242\n")
    with HistoryStore() as store:
        assert store.notice is not None and "moved to" in store.notice
        assert store.count_sessions() == 0


def test_damage_met_while_reading_is_reported_and_handled_at_the_next_start() -> None:
    _log_with_many_sessions()
    _damage_pages(paths.history_db_path())
    with HistoryStore() as store:
        assert store.notice is None  # only the header and schema are read at every start
        with pytest.raises(LogUnavailable, match="damaged"):
            store.sessions(with_steps=True)
    with HistoryStore() as store:
        assert store.notice is not None
        store.add(make_record(T0))


# -- read-only folder, full disk -----------------------------------------------------------


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """Make ``folder`` read-only, even for root (immutable attribute), or skip the test."""
    if hasattr(os, "geteuid") and os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)
        return
    chattr = shutil.which("chattr")
    if chattr is None or subprocess.run([chattr, "+i", str(folder)]).returncode != 0:
        pytest.skip("cannot make a folder read-only for root here (chattr +i)")
    try:
        yield
    finally:
        subprocess.run([chattr, "-i", str(folder)], check=True)


def test_a_read_only_folder_raises_a_sentence_for_the_user() -> None:
    folder = paths.data_dir()
    folder.mkdir(parents=True)
    with read_only(folder), pytest.raises(LogUnavailable) as caught:
        HistoryStore()
    message = str(caught.value)
    assert str(paths.history_db_path()) in message
    assert "read-only" in message
    assert "session" not in message  # said by SafeLog, while a session plays; not by `history`


def test_an_existing_log_in_a_folder_made_read_only_is_unavailable_not_moved() -> None:
    with HistoryStore() as store:
        store.add(make_record(T0))
    with read_only(paths.data_dir()), pytest.raises(LogUnavailable, match="read-only"):
        HistoryStore()
    with HistoryStore() as store:
        assert store.notice is None
        assert store.count_sessions() == 1


def test_safe_log_keeps_the_session_going_and_reports_once_on_a_read_only_folder() -> None:
    folder = paths.data_dir()
    folder.mkdir(parents=True)
    reports: list[str] = []
    with read_only(folder):
        log = SafeLog(reports.append)
        record = make_record(T0, status=SessionStatus.IN_PROGRESS)
        session_id = log.begin(record)
        log.checkpoint(session_id, record)
        record.status = SessionStatus.COMPLETED
        assert log.finish(session_id, record) is None
        assert log.set_feedback(session_id, 3, 1) is False
        assert log.log_break_event(BreakKind.TAKEN) is None
    assert session_id is None
    assert len(reports) == 1 and "read-only" in reports[0]
    assert log.finish(None, record) is not None  # the folder is writable again: saved whole
    log.close()


def _fill_disk(store: HistoryStore) -> None:
    """Let the file grow no further: SQLite then fails exactly as on a full disk."""
    pages = store.fetch("PRAGMA page_count")[0][0]
    store._conn.execute(f"PRAGMA max_page_count = {pages}")


def test_a_full_disk_raises_a_sentence_and_saves_nothing_half_way() -> None:
    with HistoryStore() as store:
        session_id = store.begin(make_record(T0, status=SessionStatus.IN_PROGRESS, steps=1))
        _fill_disk(store)
        big = make_record(T0, steps=400)
        with pytest.raises(LogUnavailable, match="disk is full"):
            store.finish(session_id, big)
        logged = store.session(session_id)
    assert logged.record.status is SessionStatus.IN_PROGRESS
    assert len(logged.record.steps) == 1


def test_safe_log_reports_a_full_disk_once_and_saves_when_there_is_room_again() -> None:
    reports: list[str] = []
    log = SafeLog(reports.append)
    record = make_record(T0, status=SessionStatus.IN_PROGRESS, steps=1)
    session_id = log.begin(record)
    assert session_id is not None and log.store is not None
    _fill_disk(log.store)
    record.steps = make_record(T0, steps=400).steps
    log.checkpoint(session_id, record)
    log.checkpoint(session_id, record)
    record.status = SessionStatus.COMPLETED
    assert log.finish(session_id, record) is None
    assert len(reports) == 1 and "disk is full" in reports[0]
    log.store._conn.execute("PRAGMA max_page_count = 1073741823")
    assert log.finish(session_id, record) == session_id
    log.close()


def test_safe_log_passes_on_the_notice_about_a_damaged_file() -> None:
    path = paths.history_db_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"garbage" * 100)
    reports: list[str] = []
    log = SafeLog(reports.append)
    assert log.begin(make_record(T0, status=SessionStatus.IN_PROGRESS)) is not None
    assert len(reports) == 1 and "moved to" in reports[0]
    log.close()


# -- a real crash -----------------------------------------------------------------------------

CHILD = textwrap.dedent(
    """
    import sys, time
    from backcoach.core.history.store import HistoryStore
    from backcoach.core.playback.record import SessionStatus
    from tests.history_records import make_record

    store = HistoryStore()
    record = make_record(1_780_000_000.0, status=SessionStatus.IN_PROGRESS, done_s=0.0)
    session_id = store.begin(record)
    for done in (30.0, 60.0, 95.0):
        record.done_s = done
        record.steps[0].done_s = min(done, 200.0)
        store.checkpoint(session_id, record)
    print(session_id, flush=True)
    time.sleep(120)
    """
)


@pytest.mark.slow
def test_a_session_killed_with_sigkill_is_interrupted_with_what_was_done(
    backcoach_home: Path,
) -> None:
    env = {**os.environ, "BACKCOACH_HOME": str(backcoach_home), "PYTHONPATH": str(REPO_ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD], env=env, cwd=REPO_ROOT, stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None
        session_id = int(child.stdout.readline())
        with HistoryStore() as while_alive:
            assert while_alive.recovered == ()
            assert while_alive.session(session_id).record.status is SessionStatus.IN_PROGRESS
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    with HistoryStore() as after:
        assert after.recovered == (session_id,)
        record = after.session(session_id).record
    assert record.status is SessionStatus.INTERRUPTED
    assert record.done_s == 95.0
    assert record.steps[0].done_s == 95.0
    assert record.ended_at is not None


def test_two_logs_opened_at_once_on_a_new_file_migrate_it_once(tmp_path, monkeypatch) -> None:
    """The second opener read version 0 before the first one's migration committed."""
    from backcoach.core.history import schema

    path = tmp_path / "history.sqlite3"
    HistoryStore(path).close()  # the first opener has migrated the file
    real = schema.schema_version
    reads: list[int] = []

    def stale_first_read(conn) -> int:
        reads.append(1)
        return 0 if len(reads) == 1 else real(conn)

    monkeypatch.setattr(schema, "schema_version", stale_first_read)
    with HistoryStore(path) as store:  # no "table sessions already exists"
        assert store.sessions() == []
