"""``backcoach validate PATH...``: check routine files and folders, one line per problem."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from backcoach.cli import EXIT_INVALID, EXIT_OK, EXIT_USAGE
from backcoach.core.routine.catalog import routine_files
from backcoach.core.routine.loader import RoutineError, load_routine


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``validate`` command."""
    parser = subparsers.add_parser(
        "validate",
        help="check routine files (or folders of them) and list every problem",
        description="Check routine files. Exit 0 when all are valid, 1 when any is not.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="a routine file or a folder")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Validate every file named or found in a named folder."""
    files: list[Path] = []
    missing = False
    for name in args.paths:
        path = Path(name)
        if path.is_dir():
            found = routine_files(path)
            if not found:
                print(f"{name}: no .json routine files in this folder", file=sys.stderr)
            files.extend(found)
        elif path.exists():
            files.append(path)
        else:
            print(f"{name}: no such file or folder", file=sys.stderr)
            missing = True
    invalid = 0
    for path in files:
        try:
            routine = load_routine(path)
        except RoutineError as exc:
            invalid += 1
            for problem in exc.problems:
                print(problem)
        else:
            print(f"{path}: ok ({routine.routine_id})")
    if invalid:
        print(f"{invalid} of {len(files)} file(s) invalid.", file=sys.stderr)
    if missing:
        return EXIT_USAGE
    return EXIT_INVALID if invalid else EXIT_OK
