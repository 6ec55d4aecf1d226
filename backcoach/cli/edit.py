"""``backcoach edit [ROUTINE|FILE]``: open the routine editor.

No argument: a new routine. A bundled routine's id: a copy of it to make your own. One
of your routines' ids: that routine. A file: that file, wherever it is.
"""

from __future__ import annotations

import argparse
import sys

from backcoach.cli import EXIT_INVALID


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``edit`` command."""
    parser = subparsers.add_parser("edit", help="open the routine editor")
    parser.add_argument(
        "routine", nargs="?", metavar="ROUTINE", help="a routine id or file (none: a new routine)"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Open the editor window on what ``routine`` names and run until it closes."""
    from backcoach.core.routine.sharing import SharingError, open_for_editing

    try:
        source = open_for_editing(args.routine)
    except SharingError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_INVALID
    from backcoach.ui.app.launch import run_editor

    return run_editor(source)
