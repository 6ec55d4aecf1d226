"""``backcoach import FILE... [--replace]``: copy shared routine files into your routines."""

from __future__ import annotations

import argparse
import sys

from backcoach.cli import EXIT_INVALID, EXIT_OK
from backcoach.core.routine.sharing import SharingError, import_routine


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``import`` command."""
    parser = subparsers.add_parser(
        "import",
        help="add routine files (.json, or .zip with pictures) to your routines",
        description="Each file is checked first; an invalid file is not copied. An id that"
        " exists already is refused unless --replace (the old file is kept as a backup).",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="a routine .json or .zip")
    parser.add_argument(
        "--replace", action="store_true", help="replace a routine of yours with the same id"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Import every file named; report each one."""
    failed = 0
    for name in args.files:
        try:
            imported = import_routine(name, replace=args.replace)
        except SharingError as exc:
            failed += 1
            print(str(exc), file=sys.stderr)
            continue
        note = f" (the old file is kept as {imported.backup})" if imported.backup else ""
        print(f"{name}: imported as '{imported.routine_id}' into {imported.path}{note}")
    return EXIT_INVALID if failed else EXIT_OK
