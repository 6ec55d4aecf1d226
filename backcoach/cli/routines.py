"""``backcoach routines``: list the bundled and the user's routines."""

from __future__ import annotations

import argparse

from backcoach.cli import EXIT_OK
from backcoach.config import paths
from backcoach.core.control_chars import escape_controls
from backcoach.core.routine.catalog import load_catalog, problem_lines
from backcoach.core.routine.describe import format_duration
from backcoach.core.routine.duration import planned_duration_s


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``routines`` command."""
    parser = subparsers.add_parser("routines", help="list the routines you can play")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print one line per routine, then any problems with the user's files."""
    catalog = load_catalog()
    rows = [("ID", "KIND", "TIME", "FROM", "TITLE")]
    for routine in catalog.routines:
        rows.append(
            (
                routine.routine_id,
                routine.kind.value,
                format_duration(planned_duration_s(routine)),
                "bundled" if routine.bundled else "yours",
                escape_controls(routine.title.get()),
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        print("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:4])) + "  " + row[4])
    print(f"\nYour routines folder: {escape_controls(str(paths.user_routines_dir()))}")
    for line in problem_lines(catalog.problems):
        print(f"not loaded: {line}")
    return EXIT_OK
