"""The ``backcoach`` command line.

``backcoach`` alone starts the desktop app; subcommands live in one module
each under this package and are listed in ``COMMANDS``. Each module defines
``register(subparsers)`` which adds its parser and sets ``func`` to a
callable taking the parsed ``argparse.Namespace`` and returning an exit code.

Exit codes: 0 success, 1 a problem with the user's input (reported as plain
sentences), 2 a usage error.
"""

from __future__ import annotations

import argparse
import importlib
import keyword
import sys
from collections.abc import Sequence

from backcoach import __version__

COMMANDS: tuple[str, ...] = (
    "validate",
    "routines",
    "plan",
    "run",
    "history",
    "voices",
    "speak",
    "tray",
    "edit",
    "import",
    "export",
)

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2


def build_parser(commands: Sequence[str] = COMMANDS) -> argparse.ArgumentParser:
    """Return the parser with ``commands`` (default: every subcommand) registered."""
    parser = argparse.ArgumentParser(
        prog="backcoach",
        description="A desktop coach for the lower back. Without a command, starts the app.",
    )
    parser.add_argument("--version", action="version", version=f"BackCoach {__version__}")
    parser.add_argument(
        "--open-settings", action="store_true", help="start the app with its settings open"
    )
    parser.add_argument(
        "--uninstall-desktop-files",
        action="store_true",
        help="remove the menu entry, icons and login entry a pip install put in your home folder",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in commands:
        module_name = name.replace("-", "_") + ("_" if keyword.iskeyword(name) else "")
        module = importlib.import_module(f"backcoach.cli.{module_name}")
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return the process exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    # Import only the command asked for: some import heavy libraries at load time, and
    # `backcoach tray` stays in memory all day.
    asked = next((arg for arg in argv if not arg.startswith("-")), None)
    parser = build_parser((asked,) if asked in COMMANDS else COMMANDS)
    args = parser.parse_args(argv)
    if args.uninstall_desktop_files:
        from backcoach.adapters.desktop_files import report_removal

        return report_removal()
    if args.command is None:
        from backcoach.adapters.desktop_files import ensure_user_desktop_files
        from backcoach.ui.app.launch import run_app

        ensure_user_desktop_files()

        return run_app(open_settings=args.open_settings)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
