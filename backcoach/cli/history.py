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
from backcoach.i18n import N_, _, ngettext

_STATUS_WORDS = {
    SessionStatus.COMPLETED: N_("completed"),
    SessionStatus.PARTLY_DONE: N_("partly done"),
    SessionStatus.STOPPED_EARLY: N_("stopped early"),
    SessionStatus.STOPPED_FOR_PAIN: N_("stopped: pain"),
    SessionStatus.INTERRUPTED: N_("interrupted"),
    SessionStatus.IN_PROGRESS: N_("in progress"),
}
_TITLE_WIDTH = 32


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("{text!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-11-01").format(text=text)
        ) from None


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``history`` command."""
    parser = subparsers.add_parser(
        "history",
        help=_("show or export the log of your sessions"),
        description=_("Show your sessions and streaks, or export the log as CSV or JSON."),
    )
    form = parser.add_mutually_exclusive_group()
    form.add_argument(
        "--csv", action="store_true", help=_("one row per session, for a spreadsheet")
    )
    form.add_argument("--json", action="store_true", help=_("everything, as JSON"))
    parser.add_argument(
        "--since",
        type=_date,
        metavar="YYYY-MM-DD",
        help=_("only sessions from this local day on"),
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
    streak = ngettext(
        "Streak: {n} day (longest {longest}).",
        "Streak: {n} days (longest {longest}).",
        view.current_streak,
    ).format(n=view.current_streak, longest=view.longest_streak)
    desk = view.desk_breaks
    breaks = _("Desk breaks today: {today}, this week: {week}.").format(
        today=desk.today, week=desk.this_week
    )
    print(f"{streak} {breaks}")
    sessions = list_sessions(store, since=since)
    if not sessions:
        if since:
            print(_("No sessions since {day}.").format(day=since.isoformat()))
        else:
            print(_("No sessions yet."))
        return
    # Translators: the column headers of `backcoach history`, in capitals where that is usual.
    headers = (_("DATE"), _("TIME"), _("ROUTINE"), _("STATUS"), _("DONE"), _("PAIN"))
    print(
        f"{_fit(headers[0], 10)}  {_fit(headers[1], 5)}  {_fit(headers[2], _TITLE_WIDTH)}  "
        f"{_fit(headers[3], 13)}  {_fit(headers[4], 6)}  {headers[5]}"
    )
    for s in reversed(sessions):
        pain = "" if s.pain is None else f"{s.pain:>4}"
        title = _fit(escape_controls(s.routine_title), _TITLE_WIDTH)
        print(
            f"{s.day.isoformat()}  {s.start:%H:%M}  {title}  "
            f"{_fit(_(_STATUS_WORDS[s.status]), 13)}  {format_duration(s.done_s):>6}  {pain}"
        )
    total = sum(s.done_s for s in sessions)
    print(
        ngettext("{n} session, {time}.", "{n} sessions, {time}.", len(sessions)).format(
            n=len(sessions), time=format_duration(total)
        )
    )


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
