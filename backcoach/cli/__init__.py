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
import json
import keyword
import sys
from collections.abc import Sequence

from backcoach import __version__, i18n
from backcoach.cli.argparse_words import translate_argparse
from backcoach.config import paths
from backcoach.config.settings import Settings, apply_language
from backcoach.i18n import _

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
        description=_("A desktop coach for the lower back. Without a command, starts the app."),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"BackCoach {__version__}",
        help=_("show the version and exit"),
    )
    parser.add_argument(
        "--open-settings", action="store_true", help=_("start the app with its settings open")
    )
    parser.add_argument(
        "--uninstall-desktop-files",
        action="store_true",
        help=_(
            "remove the menu entry, icons and login entry a pip install put in your home folder"
        ),
    )
    parser.add_argument(
        "--lang",
        dest="ui_language",
        metavar="L",
        help=_("the language of this command: {languages} (default: your setting)").format(
            languages=i18n.join_list(i18n.LANGUAGES)
        ),
    )
    subparsers = parser.add_subparsers(dest="command", metavar=_("COMMAND"))
    for name in commands:
        module_name = name.replace("-", "_") + ("_" if keyword.iskeyword(name) else "")
        module = importlib.import_module(f"backcoach.cli.{module_name}")
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return the process exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if not _set_language(argv):
        return EXIT_USAGE
    translate_argparse()
    # Import only the command asked for: some import heavy libraries at load time, and
    # `backcoach tray` stays in memory all day.
    asked = next(
        (
            arg
            for index, arg in enumerate(argv)
            if not arg.startswith("-") and not _lang_value(argv, index)
        ),
        None,
    )
    parser = build_parser((asked,) if asked in COMMANDS else COMMANDS)
    args = parser.parse_args(argv)
    if args.uninstall_desktop_files:
        from backcoach.adapters.desktop_files import report_removal

        return report_removal()
    if args.command is None:
        from backcoach.adapters.desktop_files import ensure_user_desktop_files
        from backcoach.ui.app.launch import run_app

        ensure_user_desktop_files()
        return run_app(open_settings=args.open_settings, ui_language=args.ui_language)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        print(_("Interrupted."), file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK


def _lang_value(argv: Sequence[str], index: int) -> bool:
    """Return True when ``argv[index]`` is the value of a ``--lang`` before it."""
    return index > 0 and argv[index - 1] == "--lang"


def _lang_option(argv: Sequence[str]) -> str | None:
    """Return the value of ``--lang L`` / ``--lang=L`` before the command, if given.

    A ``--lang`` after the command is the command's own (``speak --lang``).
    """
    for index, arg in enumerate(argv):
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
        if arg == "--lang" and index + 1 < len(argv):
            return argv[index + 1]
        if not arg.startswith("-") and not _lang_value(argv, index):
            break
    return None


def _language_setting() -> Settings:
    """Return settings holding only the language setting, read without touching the file.

    (``load_settings`` moves an unreadable file aside; the app reports that, not every command.)
    """
    try:
        raw = json.loads(paths.settings_path().read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return Settings()
    value = raw.get("language") if isinstance(raw, dict) else None
    return Settings(language=value) if isinstance(value, str) else Settings()


def _set_language(argv: Sequence[str]) -> bool:
    """Set the language (``--lang`` or the setting) before the parser is built.

    So ``--help`` is translated. Return False, after saying why, when ``--lang``
    names a language BackCoach does not have.
    """
    override = _lang_option(argv)
    try:
        _tag, problem = apply_language(_language_setting(), override)
    except i18n.UnknownLanguage:
        print(
            _("backcoach: --lang: unknown language {tag!r}; BackCoach speaks {languages}").format(
                tag=override, languages=i18n.supported_list()
            ),
            file=sys.stderr,
        )
        return False
    if problem:
        print(problem, file=sys.stderr)
    return True
