"""The words ``argparse`` itself prints (usage, options, errors), in the user's language.

``argparse`` translates through the standard library's ``gettext`` functions
it imported; ``translate_argparse`` points those at BackCoach's catalog, and
the messages a user can meet are marked here so the catalog holds them. (The
English msgids are exactly ``argparse``'s own.)
"""

from __future__ import annotations

import argparse

from backcoach.i18n import N_, _, ngettext

MESSAGES = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("unrecognized arguments: %s"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
    N_("can't open '%(filename)s': %(error)s"),
)
"""What ``argparse`` may say to a user (its developer errors are left in English)."""


def _plural_forms() -> None:
    # Marked for the catalog only: argparse's counted message.
    ngettext("expected %s argument", "expected %s arguments", 2)


def translate_argparse() -> None:
    """Make ``argparse`` use BackCoach's catalog (the language ``i18n.set_language`` chose)."""
    argparse._ = _  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]
