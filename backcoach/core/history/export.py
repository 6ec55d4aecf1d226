"""Export the log: CSV for spreadsheets (one row per session) and JSON with everything.

CSV choices, so the file opens cleanly in LibreOffice Calc and Excel:

- UTF-8 with a byte-order mark (``CSV_ENCODING``): Excel reads a double-clicked
  CSV in the computer's legacy code page unless it starts with a BOM, which
  turns "Kat-ko" titles and notes with æøå or 中文 into garbage; LibreOffice
  and Python's ``utf-8-sig`` read the BOM and drop it.
- Comma separated, CRLF line ends, quoted where needed (RFC 4180), one header row.
- Dates and times as ISO local text (``2026-11-22``, ``2026-11-22 07:45``),
  which both spreadsheets recognise as dates in any locale; times are the
  user's local time then, with the UTC offset in its own column.
- Whole numbers only (seconds, scores): no decimal point that a Danish or
  German spreadsheet would misread.
- A cell that starts with ``=``, ``+``, ``-``, ``@``, tab or CR gets a leading
  ``'`` so a routine title or note is never run as a formula.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict
from datetime import date, datetime, timezone
from typing import Any

from backcoach.core.history.localtime import format_offset, local_datetime
from backcoach.core.history.schema import MIGRATIONS
from backcoach.core.history.store import BreakEvent, HistoryStore, LoggedSession

CSV_ENCODING = "utf-8-sig"
CSV_COLUMNS = (
    "session_id",
    "date",
    "start",
    "end",
    "utc_offset",
    "routine_id",
    "routine",
    "kind",
    "status",
    "planned_s",
    "done_s",
    "steps",
    "steps_skipped",
    "effort",
    "pain",
    "note",
    "source",
)
JSON_FORMAT = "backcoach-history"
JSON_VERSION = 1
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text


def _minute(epoch: float | None, offset: int | None) -> str:
    if epoch is None or offset is None:
        return ""
    return local_datetime(epoch, offset).strftime("%Y-%m-%d %H:%M")


def sessions_csv(store: HistoryStore, since: date | None = None) -> str:
    """Return the CSV text (without the BOM: encode with ``CSV_ENCODING``), one row per session.

    ``since``: only sessions from that local day on.
    """
    sessions = store.sessions(since=since, with_steps=True)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for logged in sessions:
        r = logged.record
        end_offset = logged.end_utc_offset_s
        writer.writerow(
            (
                logged.session_id,
                local_datetime(r.started_at, r.utc_offset_s).date().isoformat(),
                _minute(r.started_at, r.utc_offset_s),
                _minute(r.ended_at, r.utc_offset_s if end_offset is None else end_offset),
                format_offset(r.utc_offset_s),
                _cell(r.routine_id),
                _cell(r.routine_title),
                r.routine_kind,
                r.status.value,
                round(r.planned_s),
                round(r.done_s),
                len(r.steps),
                sum(1 for step in r.steps if step.skipped),
                "" if r.effort is None else r.effort,
                "" if r.pain is None else r.pain,
                _cell(r.note),
                r.source,
            )
        )
    return out.getvalue()


def _iso(epoch: float | None, offset: int | None) -> str | None:
    if epoch is None or offset is None:
        return None
    return local_datetime(epoch, offset).isoformat(timespec="seconds")


def _session_json(logged: LoggedSession) -> dict[str, Any]:
    r = logged.record
    end_offset = logged.end_utc_offset_s if logged.end_utc_offset_s is not None else r.utc_offset_s
    return {
        "session_id": logged.session_id,
        "routine_id": r.routine_id,
        "routine_title": r.routine_title,
        "routine_kind": r.routine_kind,
        "content_hash": r.content_hash,
        "status": r.status.value,
        "started_at": r.started_at,
        "utc_offset_s": r.utc_offset_s,
        "start_local": _iso(r.started_at, r.utc_offset_s),
        "ended_at": r.ended_at,
        "end_utc_offset_s": logged.end_utc_offset_s,
        "end_local": _iso(r.ended_at, end_offset),
        "planned_s": r.planned_s,
        "done_s": r.done_s,
        "effort": r.effort,
        "pain": r.pain,
        "note": r.note,
        "source": r.source,
        "steps": [asdict(step) for step in r.steps],
    }


def _event_json(event: BreakEvent) -> dict[str, Any]:
    return {
        "event_id": event.event_id,
        "kind": event.kind.value,
        "at": event.at,
        "utc_offset_s": event.utc_offset_s,
        "at_local": _iso(event.at, event.utc_offset_s),
        "routine_id": event.routine_id,
    }


def history_json(store: HistoryStore, exported_at: float, since: date | None = None) -> str:
    """Return everything in the log as JSON: sessions with their steps, and desk-break events.

    Instants are UTC epoch seconds, each with its offset and a local ISO 8601 time.
    ``since``: only what happened from that local day on.
    """
    sessions = store.sessions(since=since, with_steps=True)
    events = store.break_events(since=since)
    document = {
        "format": JSON_FORMAT,
        "version": JSON_VERSION,
        "schema_version": len(MIGRATIONS),
        "exported_at": datetime.fromtimestamp(exported_at, tz=timezone.utc).isoformat(
            timespec="seconds"
        ),
        "sessions": [_session_json(logged) for logged in sessions],
        "break_events": [_event_json(event) for event in events],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
