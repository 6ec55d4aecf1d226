"""``backcoach tray [--interval MIN] [--idle-threshold S] [--qt]``: start straight into the tray.

On Linux the tray is the resident process without Qt (``backcoach.resident``);
``--qt``, Windows and macOS, and Linux panels that only dock X icons (the
resident process hands over), keep the whole Qt app running in the tray.
The two options override the settings for this run only. The interval may
be as short as 1 minute here (to try reminders out); the settings allow
15-120 minutes.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from backcoach.i18n import _

INTERVAL_RANGE_MIN = (1, 120)
IDLE_THRESHOLD_RANGE_S = (10, 1800)


def _number_in(low: float, high: float, seconds: bool) -> Callable[[str], float]:
    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            message = (
                _("{text!r} is not a number of seconds")
                if seconds
                else _("{text!r} is not a number of minutes")
            )
            raise argparse.ArgumentTypeError(message.format(text=text)) from None
        if not low <= value <= high:
            message = (
                _("must be {low} to {high} seconds, got {text}")
                if seconds
                else _("must be {low} to {high} minutes, got {text}")
            )
            raise argparse.ArgumentTypeError(
                message.format(low=f"{low:g}", high=f"{high:g}", text=text)
            )
        return value

    return parse


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``tray`` subcommand."""
    parser = subparsers.add_parser(
        "tray",
        help=_("run in the system tray and remind you to stand up"),
        description=_(
            "Run BackCoach in the system tray: it counts your time at the computer "
            "and nudges you to stand up and move when a break is due."
        ),
    )
    parser.add_argument(
        "--interval",
        type=_number_in(*INTERVAL_RANGE_MIN, seconds=False),
        metavar=_("MINUTES"),
        help=_("minutes of sitting before a break is due, for this run (1-120)"),
    )
    parser.add_argument(
        "--idle-threshold",
        type=_number_in(*IDLE_THRESHOLD_RANGE_S, seconds=True),
        metavar=_("SECONDS"),
        help=_(
            "seconds away from keyboard and mouse that count as a break, for this run (10-1800)"
        ),
    )
    parser.add_argument(
        "--qt",
        action="store_true",
        help=_(
            "keep the whole Qt app in memory with Qt's tray icon (the default on Windows "
            "and macOS, and on Linux panels that only dock X icons; elsewhere on Linux the tray "
            "runs without Qt and starts windows when needed)"
        ),
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Start the tray (Qt, if at all, is imported only now, so other commands stay fast)."""
    from backcoach import resident

    if resident.runs_here() and not args.qt:
        from backcoach.resident.main import run_resident

        return run_resident(
            interval_min=args.interval,
            idle_threshold_s=args.idle_threshold,
            language=getattr(args, "ui_language", None),
        )
    from backcoach.ui.app.launch import run_tray

    return run_tray(
        interval_min=args.interval,
        idle_threshold_s=args.idle_threshold,
        ui_language=getattr(args, "ui_language", None),
    )
