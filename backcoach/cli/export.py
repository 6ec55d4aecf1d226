"""``backcoach export ROUTINE --out FILE``: write one routine as a self-contained file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from backcoach.cli import EXIT_INVALID, EXIT_OK
from backcoach.core.routine.catalog import resolve_routine
from backcoach.core.routine.loader import RoutineError
from backcoach.core.routine.sharing import SharingError, export_routine
from backcoach.i18n import _


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``export`` command."""
    parser = subparsers.add_parser(
        "export",
        help=_("write a routine to one file to share (a .zip when it has its own pictures)"),
    )
    parser.add_argument("routine", metavar="ROUTINE", help=_("a routine id or file"))
    parser.add_argument("--out", required=True, metavar="FILE", help=_("the file to write"))
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Export the routine; a routine with pictures of its own needs a .zip name."""
    try:
        routine = resolve_routine(args.routine)
        out = export_routine(routine, Path(args.out))
    except (RoutineError, SharingError) as exc:  # a file that cannot be written says so too
        print(str(exc), file=sys.stderr)
        return EXIT_INVALID
    print(_("{routine}: written to {path}").format(routine=routine.routine_id, path=out))
    return EXIT_OK
