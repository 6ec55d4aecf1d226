"""Shared by ``plan`` and ``run``: the ROUTINE argument, compiled with its cues."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass

from backcoach.config.settings import language_tag, load_settings
from backcoach.core.playback.cues import Cue, plan_cues
from backcoach.core.playback.timeline import Timeline, compile_routine
from backcoach.core.routine.loader import RoutineError
from backcoach.i18n import _


@dataclass(frozen=True)
class CompiledRoutine:
    timeline: Timeline
    cues: tuple[Cue, ...]


def add_routine_arguments(parser: argparse.ArgumentParser) -> None:
    """Add ``ROUTINE`` (an id or a path) and ``--language``."""
    parser.add_argument("routine", metavar=_("ROUTINE"), help=_("a routine id or a routine file"))
    parser.add_argument(
        "--language",
        metavar="TAG",
        help=_("language of texts and cues, e.g. en, da, zh-TW (default: your setting)"),
    )


def compile_argument(args: argparse.Namespace) -> CompiledRoutine | None:
    """Load and compile ``args.routine``; on a problem print it and return ``None``."""
    from backcoach.core.routine.catalog import resolve_routine

    try:
        routine = resolve_routine(args.routine)
    except RoutineError as exc:
        print(str(exc), file=sys.stderr)
        return None
    loaded = load_settings()
    if loaded.problem:  # said once: a moved-aside file is not there the next time
        print(loaded.problem, file=sys.stderr)
    settings = loaded.settings
    language = args.language or language_tag(settings)
    timeline = compile_routine(routine, language)
    return CompiledRoutine(timeline, plan_cues(timeline, words_per_minute=settings.speech_rate))
