"""``backcoach plan ROUTINE [--json]``: print the compiled timeline and its cues."""

from __future__ import annotations

import argparse
import json
import unicodedata
from typing import Any

from backcoach.cli import EXIT_INVALID, EXIT_OK
from backcoach.cli.compiled import add_routine_arguments, compile_argument
from backcoach.core.control_chars import escape_controls
from backcoach.core.playback.cues import Cue, CueKind
from backcoach.core.playback.timeline import Segment, Timeline
from backcoach.core.routine.describe import format_duration
from backcoach.i18n import _, ngettext, pgettext


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``plan`` command."""
    parser = subparsers.add_parser(
        "plan",
        help=_("show second by second what a routine does and says"),
        description=_("Print the timeline a routine compiles to, with every planned cue."),
    )
    add_routine_arguments(parser)
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument("--beeps", action="store_true", help="list beeps too (text output)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the plan of one routine."""
    compiled = compile_argument(args)
    if compiled is None:
        return EXIT_INVALID
    if args.json:
        text = json.dumps(plan_json(compiled.timeline, compiled.cues), ensure_ascii=False, indent=1)
        print(escape_controls(text, keep_line_breaks=True))  # still JSON: escapes are \uXXXX
    else:
        print(plan_text(compiled.timeline, compiled.cues, beeps=args.beeps))
    return EXIT_OK


def _seconds(value: float) -> float:
    return round(value, 3)


def segment_json(segment: Segment) -> dict[str, Any]:
    """Return the JSON form of one segment."""
    return {
        "index": segment.index,
        "start_s": _seconds(segment.start_s),
        "duration_s": _seconds(segment.duration_s),
        "kind": segment.kind.value,
        "exercise": segment.exercise,
        "label": segment.label,
        "side": segment.side.value if segment.side else None,
        "set": segment.set,
        "sets": segment.sets,
        "round": segment.round,
        "rounds": segment.rounds,
        "rep": segment.rep,
        "reps": segment.reps,
        "cycle": segment.cycle,
        "cycles": segment.cycles,
        "estimated": segment.estimated,
        "block": segment.block,
        "step": segment.pointer,
        "instruction": segment.instruction,
        "breath": [
            {
                "offset_s": _seconds(phase.offset_s),
                "duration_s": _seconds(phase.duration_s),
                "kind": phase.kind.value,
            }
            for phase in segment.breath
        ],
    }


def cue_json(cue: Cue) -> dict[str, Any]:
    """Return the JSON form of one cue."""
    return {
        "at_s": _seconds(cue.at_s),
        "text": cue.text,
        "priority": cue.priority,
        "kind": cue.kind.value,
        "role": cue.role.value,
        "segment": cue.segment,
        "speak_s": _seconds(cue.speak_s),
    }


def plan_json(timeline: Timeline, cues: tuple[Cue, ...]) -> dict[str, Any]:
    """Return the whole plan as JSON-ready data."""
    return {
        "routine": timeline.routine_id,
        "title": timeline.title,
        "language": timeline.language,
        "total_s": _seconds(timeline.total_s),
        "estimated": timeline.estimated,
        "segments": [segment_json(segment) for segment in timeline.segments],
        "cues": [cue_json(cue) for cue in cues],
    }


def clock(seconds: float) -> str:
    """Return ``m:ss.s``."""
    minutes, rest = divmod(seconds, 60)
    return f"{int(minutes)}:{rest:04.1f}"


def _counter(value: int | None, total: int | None) -> str:
    return f"{value}/{total}" if value is not None and total is not None else ""


def plan_text(timeline: Timeline, cues: tuple[Cue, ...], beeps: bool = False) -> str:
    """Return the plan as a readable listing: each segment, then the cues it carries."""
    spoken = [cue for cue in cues if cue.kind is CueKind.SPEECH]
    if timeline.estimated:
        heading = _("{title} ({id}): {duration} (self-paced sets estimated), {segments}, {cues}")
    else:
        heading = _("{title} ({id}): {duration}, {segments}, {cues}")
    count = len(timeline.segments)
    lines = [
        heading.format(
            title=escape_controls(timeline.title),
            id=timeline.routine_id,
            duration=format_duration(timeline.total_s),
            segments=ngettext("{n} segment", "{n} segments", count).format(n=count),
            cues=ngettext("{n} spoken cue", "{n} spoken cues", len(spoken)).format(n=len(spoken)),
        ),
        "",
        " ".join(fit(name, width, right) for name, width, right in _columns()),
    ]
    by_segment: dict[int, list[Cue]] = {}
    for cue in cues:
        if beeps or cue.kind is CueKind.SPEECH:
            by_segment.setdefault(cue.segment, []).append(cue)
    for segment in timeline.segments:
        lines.append(
            f"{clock(segment.start_s):>7} {segment.duration_s:>6g}  {segment.kind.value:<11} "
            f"{fit(escape_controls(segment.exercise), 24)} "
            f"{segment.side.value if segment.side else '':<5} "
            f"{_counter(segment.set, segment.sets):<5} "
            f"{_counter(segment.round, segment.rounds):<5} "
            f"{_counter(segment.rep, segment.reps):<5}".rstrip()
        )
        for cue in by_segment.get(segment.index, []):
            said = (
                f'"{escape_controls(cue.text)}"'
                if cue.kind is CueKind.SPEECH
                else f"<{cue.kind.value}>"
            )
            lines.append(f"{'':>9}{clock(cue.at_s):>8}  {said}  ({cue.role.value}, {cue.priority})")
    return "\n".join(lines)


def _cells(char: str) -> int:
    """Return how many terminal cells ``char`` takes (Chinese characters take two)."""
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def fit(text: str, width: int, right: bool = False) -> str:
    """Return ``text`` cut and padded to ``width`` terminal cells (wide characters count two)."""
    out, used = [], 0
    for char in text:
        if used + _cells(char) > width:
            break
        out.append(char)
        used += _cells(char)
    padding = " " * (width - used)
    return padding + "".join(out) if right else "".join(out) + padding


def _columns() -> list[tuple[str, int, bool]]:
    """Return the table's column names (translated), widths in cells, and right alignment."""
    return [
        (pgettext("plan column", "start"), 7, True),
        (pgettext("plan column", "length"), 6, True),
        (" " + pgettext("plan column", "kind"), 12, False),
        (pgettext("plan column", "exercise"), 24, False),
        (pgettext("plan column", "side"), 5, False),
        (pgettext("plan column", "set"), 5, False),
        (pgettext("plan column", "round"), 5, False),
        (pgettext("plan column", "rep"), 5, False),
    ]
