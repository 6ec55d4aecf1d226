"""CSV and JSON export of the log, and ``backcoach history`` as a user runs it."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from backcoach.cli import COMMANDS, main
from backcoach.config import paths
from backcoach.core.history.export import CSV_COLUMNS, CSV_ENCODING, history_json, sessions_csv
from backcoach.core.history.store import BreakKind, HistoryStore
from backcoach.core.playback.record import SessionStatus
from tests.conftest import REPO_ROOT
from tests.history_records import make_record

CPH = ZoneInfo("Europe/Copenhagen")


def _fill(store: HistoryStore) -> None:
    first = make_record(datetime(2026, 3, 29, 0, 30, tzinfo=CPH), pain=2, effort=5)
    first.routine_title = "Kat-ko og 背部"
    first.note = "=SUM(A1) stiff, æøå"
    first.steps[1].skipped = True
    store.add(first)
    store.add(
        make_record(
            datetime(2026, 4, 2, 18, 0, tzinfo=CPH), status=SessionStatus.STOPPED_FOR_PAIN, pain=6
        )
    )
    at = datetime(2026, 4, 2, 10, 0, tzinfo=CPH).timestamp()
    store.log_break_event(BreakKind.TAKEN, at, utc_offset_s=7200)


def test_csv_has_one_row_per_session_in_local_iso_dates_and_safe_cells() -> None:
    with HistoryStore() as store:
        _fill(store)
        text = sessions_csv(store)
    data = text.encode(CSV_ENCODING)
    assert data.startswith(b"\xef\xbb\xbf")
    assert "\r\n" in text
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert list(rows[0]) == list(CSV_COLUMNS)
    assert len(rows) == 2
    first = rows[0]
    assert first["date"] == "2026-03-29"  # 00:30 local was still the 28th in UTC
    assert first["start"] == "2026-03-29 00:30"
    assert first["end"] == "2026-03-29 00:40"
    assert first["utc_offset"] == "+01:00"
    assert first["routine"] == "Kat-ko og 背部"
    assert first["note"] == "'=SUM(A1) stiff, æøå"
    assert (first["planned_s"], first["done_s"]) == ("600", "600")
    assert (first["steps"], first["steps_skipped"]) == ("3", "1")
    assert (first["effort"], first["pain"]) == ("5", "2")
    assert rows[1]["status"] == "stopped-for-pain" and rows[1]["effort"] == ""
    assert rows[1]["utc_offset"] == "+02:00"


def test_json_holds_everything_and_reads_back() -> None:
    with HistoryStore() as store:
        _fill(store)
        text = history_json(store, exported_at=1_790_000_000)
    document = json.loads(text)
    assert document["format"] == "backcoach-history" and document["version"] == 1
    first = document["sessions"][0]
    assert first["start_local"] == "2026-03-29T00:30:00+01:00"
    assert first["note"] == "=SUM(A1) stiff, æøå"  # JSON keeps the text exactly
    assert [step["skipped"] for step in first["steps"]] == [False, True, False]
    assert first["steps"][0]["planned_reps"] == 12
    assert document["break_events"] == [
        {
            "event_id": 1,
            "kind": "taken",
            "at": datetime(2026, 4, 2, 10, 0, tzinfo=CPH).timestamp(),
            "utc_offset_s": 7200,
            "at_local": "2026-04-02T10:00:00+02:00",
            "routine_id": None,
        }
    ]


# -- the command line -------------------------------------------------------------------------


def test_history_is_a_command() -> None:
    assert "history" in COMMANDS


def test_history_on_an_empty_log(capsys) -> None:
    assert main(["history"]) == 0
    out = capsys.readouterr().out
    assert "Streak: 0 days" in out and "No sessions yet." in out


def test_history_table_lists_sessions_and_since_filters_them(capsys) -> None:
    today = datetime.now().astimezone().replace(hour=8, minute=0, second=0, microsecond=0)
    with HistoryStore() as store:
        for back in (3, 1, 0):
            record = make_record(today - timedelta(days=back), routine_id="stretch-flow", pain=1)
            store.add(record)
    assert main(["history"]) == 0
    out = capsys.readouterr().out
    assert out.count("Stretch flow") == 3
    assert "3 sessions, 30:00." in out
    since = (today - timedelta(days=1)).date().isoformat()
    assert main(["history", "--since", since]) == 0
    out = capsys.readouterr().out
    assert out.count("Stretch flow") == 2
    assert main(["history", "--since", "2099-01-01"]) == 0
    assert "No sessions since 2099-01-01." in capsys.readouterr().out


def test_a_bad_date_is_a_usage_error_with_a_clear_message(capsys) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["history", "--since", "22/11/2026"])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert "'22/11/2026' is not a date; write it as YYYY-MM-DD" in err


def test_csv_and_json_cannot_be_asked_for_together(capsys) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["history", "--csv", "--json"])
    assert stopped.value.code == 2


@pytest.mark.slow
def test_history_csv_from_the_shell_is_utf8_with_bom(backcoach_home: Path) -> None:
    with HistoryStore() as store:
        _fill(store)
    result = subprocess.run(
        [sys.executable, "-m", "backcoach", "history", "--csv", "--since", "2026-04-01"],
        capture_output=True,
        cwd=REPO_ROOT,
        env={"BACKCOACH_HOME": str(backcoach_home), "PATH": "/usr/bin:/bin"},
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(b"\xef\xbb\xbfsession_id,date,")
    lines = result.stdout.decode("utf-8-sig").split("\r\n")
    assert len(lines) == 3 and lines[-1] == ""
    assert ",2026-04-02," in lines[1]


def test_history_json_from_main(capsysbinary) -> None:
    with HistoryStore() as store:
        _fill(store)
    assert main(["history", "--json", "--since", "2026-04-02"]) == 0
    document = json.loads(capsysbinary.readouterr().out.decode("utf-8"))
    assert [s["status"] for s in document["sessions"]] == ["stopped-for-pain"]
    assert len(document["break_events"]) == 1


def test_an_unusable_log_is_reported_in_a_sentence_with_exit_1(capsys) -> None:
    paths.data_dir().parent.mkdir(parents=True, exist_ok=True)
    paths.data_dir().write_text("a file where the data folder should be")
    assert main(["history"]) == 1
    err = capsys.readouterr().err
    assert "cannot write its history file" in err and "Traceback" not in err


def test_the_table_marks_today_s_streak(capsys) -> None:
    noon = datetime.now().astimezone().replace(hour=12, minute=0, second=0, microsecond=0)
    with HistoryStore() as store:
        store.add(make_record(noon))
        store.add(make_record(noon - timedelta(days=1)))
    assert main(["history"]) == 0
    assert "Streak: 2 days (longest 2)." in capsys.readouterr().out
