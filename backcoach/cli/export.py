"""``backcoach export ROUTINE --out FILE``: write one routine as a self-contained file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from backcoach.cli import EXIT_INVALID, EXIT_OK
from backcoach.core.routine.catalog import resolve_routine
from backcoach.core.routine.loader import RoutineError
from backcoach.core.routine.sharing import SharingError, export_routine


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``export`` command."""
    parser = subparsers.add_parser(
        "export",
        help="write a routine to one file to share (a .zip when it has its own pictures)",
    )
    parser.add_argument("routine", metavar="ROUTINE", help="a routine id or file")
    parser.add_argument("--out", required=True, metavar="FILE", help="the file to write")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Export the routine; a routine with pictures of its own needs a .zip name."""
    try:
        routine = resolve_routine(args.routine)
        out = export_routine(routine, Path(args.out))
    except (RoutineError, SharingError) as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_INVALID
    except OSError as exc:
        print(f"{args.out}: cannot be written ({exc.strerror or exc})", file=sys.stderr)
        return EXIT_INVALID
    print(f"{routine.routine_id}: written to {out}")
    return EXIT_OK
