"""``backcoach validate PATH... [--strict]``: check routine files and folders, one line per problem.

Exit 0 when every file is valid; 1 when any is not, or when there was no
routine file to check; 2 when a path does not exist. Valid files are also linted for
safety (``core.routine.lint``): each finding is printed as ``FILE: /pointer: warning: ...``;
warnings fail the run (exit 1) only with ``--strict``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from backcoach.cli import EXIT_INVALID, EXIT_OK, EXIT_USAGE
from backcoach.core.control_chars import escape_controls
from backcoach.core.routine.catalog import routine_files
from backcoach.core.routine.lint import lint_document
from backcoach.core.routine.loader import RoutineError, load_routine, parse_routine_bytes


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``validate`` command."""
    parser = subparsers.add_parser(
        "validate",
        help="check routine files (or folders of them) and list every problem",
        description="Check routine files. Exit 0 when all are valid, 1 when any is not.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="a routine file or a folder")
    parser.add_argument(
        "--strict", action="store_true", help="exit 1 when there are safety warnings too"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Validate every file named or found in a named folder."""
    files: list[Path] = []
    missing = empty = False
    for name in args.paths:
        path = Path(name)
        shown = escape_controls(name)
        if path.is_dir():
            found = routine_files(path)
            if not found:
                print(f"{shown}: no .json routine files in this folder", file=sys.stderr)
                empty = True
            files.extend(found)
        elif path.exists() or path.is_symlink():
            files.append(path)
        else:
            print(f"{shown}: no such file or folder", file=sys.stderr)
            missing = True
    invalid = 0
    warned = 0
    for path in files:
        try:
            routine = load_routine(path)
        except RoutineError as exc:
            invalid += 1
            for problem in exc.problems:
                print(problem)
        else:
            print(f"{escape_controls(str(path))}: ok ({routine.routine_id})")
            findings = lint_document(parse_routine_bytes(path.read_bytes(), str(path)))
            warned += bool(findings)
            for finding in findings:
                print(finding.line(escape_controls(str(path))))
    if invalid:
        print(f"{invalid} of {len(files)} file(s) invalid.", file=sys.stderr)
    if missing:
        return EXIT_USAGE
    if not files:
        print("There were no routine files to check.", file=sys.stderr)
    strict_failed = args.strict and warned
    return EXIT_INVALID if invalid or empty or not files or strict_failed else EXIT_OK
