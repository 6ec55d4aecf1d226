"""``backcoach history``: the completion log as a table, CSV or JSON.

backcoach history                       # streaks and a table of sessions
backcoach history --since 2026-11-01    # only sessions from that local day on
backcoach history --csv > log.csv       # one row per session, for a spreadsheet
backcoach history --json > log.json     # everything, steps and desk breaks included
"""

from __future__ import annotations

import argparse
import sys
import time
import unicodedata
from datetime import date

from backcoach.cli import EXIT_INVALID, EXIT_OK
from backcoach.core.control_chars import escape_controls
from backcoach.core.history.export import CSV_ENCODING, history_json, sessions_csv
from backcoach.core.history.stats import compute_history, list_sessions
from backcoach.core.history.store import HistoryStore, LogUnavailable
from backcoach.core.playback.record import SessionStatus
from backcoach.core.routine.describe import format_duration

_STATUS_WORDS = {
    SessionStatus.COMPLETED: "completed",
    SessionStatus.PARTLY_DONE: "partly done",
    SessionStatus.STOPPED_EARLY: "stopped early",
    SessionStatus.STOPPED_FOR_PAIN: "stopped: pain",
    SessionStatus.INTERRUPTED: "interrupted",
    SessionStatus.IN_PROGRESS: "in progress",
}
_TITLE_WIDTH = 32


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a date; write it as YYYY-MM-DD, e.g. 2026-11-01"
        ) from None


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``history`` command."""
    parser = subparsers.add_parser(
        "history",
        help="show or export the log of your sessions",
        description="Show your sessions and streaks, or export the log as CSV or JSON.",
    )
    form = parser.add_mutually_exclusive_group()
    form.add_argument("--csv", action="store_true", help="one row per session, for a spreadsheet")
    form.add_argument("--json", action="store_true", help="everything, as JSON")
    parser.add_argument(
        "--since",
        type=_date,
        metavar="YYYY-MM-DD",
        help="only sessions from this local day on",
    )
    parser.set_defaults(func=run)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _fit(text: str, width: int) -> str:
    """Cut ``text`` to ``width`` terminal columns and pad it to exactly that."""
    while _width(text) > width:
        text = text[:-2] + "…"
    return text + " " * (width - _width(text))


def _print_table(store: HistoryStore, since: date | None) -> None:
    view = compute_history(store, date.today())
    streak = f"{view.current_streak} day{'s' if view.current_streak != 1 else ''}"
    print(f"Streak: {streak} (longest {view.longest_streak}).", end=" ")
    desk = view.desk_breaks
    print(f"Desk breaks today: {desk.today}, this week: {desk.this_week}.")
    sessions = list_sessions(store, since=since)
    if not sessions:
        print(f"No sessions since {since.isoformat()}." if since else "No sessions yet.")
        return
    print(
        f"{'DATE':<10}  {'TIME':<5}  {_fit('ROUTINE', _TITLE_WIDTH)}  {'STATUS':<13}  DONE    PAIN"
    )
    for s in reversed(sessions):
        pain = "" if s.pain is None else f"{s.pain:>4}"
        title = _fit(escape_controls(s.routine_title), _TITLE_WIDTH)
        print(
            f"{s.day.isoformat()}  {s.start:%H:%M}  {title}  "
            f"{_STATUS_WORDS[s.status]:<13}  {format_duration(s.done_s):>6}  {pain}"
        )
    total = sum(s.done_s for s in sessions)
    print(f"{len(sessions)} session{'s' if len(sessions) != 1 else ''}, {format_duration(total)}.")


def _write_bytes(data: bytes) -> None:
    """Write exactly these bytes to standard output (no newline translation, any console)."""
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def run(args: argparse.Namespace) -> int:
    """Print the log in the form asked for."""
    try:
        with HistoryStore() as store:
            if store.notice:
                print(store.notice, file=sys.stderr)
            if args.csv:
                _write_bytes(sessions_csv(store, args.since).encode(CSV_ENCODING))
            elif args.json:
                _write_bytes(history_json(store, time.time(), args.since).encode("utf-8"))
            else:
                _print_table(store, args.since)
    except LogUnavailable as exc:
        print(exc, file=sys.stderr)
        return EXIT_INVALID
    return EXIT_OK
