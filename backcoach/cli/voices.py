"""``backcoach voices``: list the installed speech voices and the languages they speak."""

from __future__ import annotations

import argparse
import sys

from backcoach.adapters.speech.engine_client import EngineClient, SpeechUnavailable
from backcoach.adapters.speech.hints import enable_speech_hint
from backcoach.adapters.speech.voices import VoiceInfo, speaks
from backcoach.i18n import _, join_list, ngettext


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``voices`` command."""
    parser = subparsers.add_parser(
        "voices",
        help=_("list the speech voices"),
        description=_(
            "List the installed speech voices: id, name and languages. "
            "Use an id with `backcoach speak --voice` or in the settings."
        ),
    )
    parser.add_argument(
        "--lang", metavar="L", help=_("only voices that speak language L (e.g. en, da, zh-TW)")
    )
    parser.set_defaults(func=run)


def format_voices(voices: list[VoiceInfo]) -> list[str]:
    """Return aligned lines: a header, then id, name and languages per voice."""
    # Translators: the column headers of `backcoach voices`, in capitals where that is usual.
    rows = [(_("ID"), _("NAME"), _("LANGUAGES"))]
    rows += [(v.id, v.name, join_list(v.languages) or "-") for v in voices]
    id_width = max(len(r[0]) for r in rows)
    name_width = max(len(r[1]) for r in rows)
    return [f"{a:<{id_width}}  {b:<{name_width}}  {c}".rstrip() for a, b, c in rows]


def run(args: argparse.Namespace) -> int:
    """List voices; exit 1 when there is no speech engine or no voice for ``--lang``."""
    client = EngineClient()
    try:
        info = client.start()
    except SpeechUnavailable as exc:
        print(
            _("backcoach voices: no speech engine ({problem}). {hint}").format(
                problem=exc, hint=enable_speech_hint()
            ),
            file=sys.stderr,
        )
        return 1
    finally:
        client.close()
    voices = sorted(info.voices, key=lambda v: v.id)
    if args.lang:
        voices = [v for v in voices if speaks(v, args.lang)]
        if not voices:
            print(
                _(
                    "backcoach voices: no installed voice speaks {lang!r}. "
                    "Run `backcoach voices` to see every voice."
                ).format(lang=args.lang),
                file=sys.stderr,
            )
            return 1
    for line in format_voices(voices):
        print(line)
    engine = f"{info.engine_id}, {info.library}" if info.library else info.engine_id
    line = ngettext("{n} voice, engine: {engine}", "{n} voices, engine: {engine}", len(voices))
    print(line.format(n=len(voices), engine=engine), file=sys.stderr)
    return 0
