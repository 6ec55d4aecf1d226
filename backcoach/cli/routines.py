"""``backcoach routines``: list the bundled and the user's routines."""

from __future__ import annotations

import argparse

from backcoach.cli import EXIT_OK
from backcoach.config import paths
from backcoach.core.control_chars import escape_controls
from backcoach.core.routine.catalog import load_catalog, problem_lines
from backcoach.core.routine.describe import format_duration
from backcoach.core.routine.duration import planned_duration_s
from backcoach.i18n import N_, _, current_language, pgettext

KIND_NAMES = {
    "warm-up": N_("warm-up"),
    "stretch": N_("stretch"),
    "strength": N_("strength"),
    "cool-down": N_("cool-down"),
    "desk-break": N_("desk-break"),
    "custom": N_("custom"),
}
"""Each routine kind's name in the listing (translated when shown)."""


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``routines`` command."""
    parser = subparsers.add_parser("routines", help=_("list the routines you can play"))
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print one line per routine, then any problems with the user's files."""
    catalog = load_catalog()
    # Translators: the column headers of `backcoach routines`, in capitals where that is usual.
    rows = [(_("ID"), _("KIND"), _("TIME"), _("FROM"), _("TITLE"))]
    for routine in catalog.routines:
        rows.append(
            (
                routine.routine_id,
                _(KIND_NAMES.get(routine.kind.value, routine.kind.value)),
                format_duration(planned_duration_s(routine)),
                pgettext("routine source", "bundled")
                if routine.bundled
                else pgettext("routine source", "yours"),
                escape_controls(routine.title.get(current_language())),
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        print("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:4])) + "  " + row[4])
    folder = escape_controls(str(paths.user_routines_dir()))
    print("\n" + _("Your routines folder: {folder}").format(folder=folder))
    for line in problem_lines(catalog.problems):
        print(_("not loaded: {problem}").format(problem=line))
    return EXIT_OK
