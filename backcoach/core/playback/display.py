"""What the player window shows at one moment of a session, as plain data.

``player_display(session)`` turns the session's state, its current segment and
its position into a ``PlayerDisplay``: the big number and what it counts, the
phase (for the colour and its text label), the exercise, the counters, what
comes next, the routine's progress and the breathing guide's state. The Qt
player only paints it, so everything a user reads can be tested here without
a window.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import Enum

from backcoach.core.playback.phrases import phrases_for
from backcoach.core.playback.session import Session, SessionState
from backcoach.core.playback.timeline import (
    BREATH_KINDS,
    REP_KINDS,
    Block,
    BlockKind,
    Segment,
    SegmentKind,
    Side,
    Timeline,
)
from backcoach.core.routine.describe import format_duration
from backcoach.core.routine.model import Sides
from backcoach.i18n import N_, translation


class Phase(str, Enum):
    """The colour families of the player; each always comes with a text label."""

    PREPARE = "prepare"
    ACTIVE = "active"
    REST = "rest"
    PAUSED = "paused"
    FINISHED = "finished"


_REST_KINDS = frozenset(
    {SegmentKind.REST, SegmentKind.SWITCH, SegmentKind.SET_REST, SegmentKind.ROUND_REST}
)


class Breath(str, Enum):
    """Where the breathing guide is: growing, full, shrinking or empty."""

    IN = "in"
    HOLD_IN = "hold-in"
    OUT = "out"
    HOLD_OUT = "hold-out"


_BREATH_OF_KIND = {
    SegmentKind.INHALE: Breath.IN,
    SegmentKind.HOLD_IN: Breath.HOLD_IN,
    SegmentKind.EXHALE: Breath.OUT,
    SegmentKind.HOLD_OUT: Breath.HOLD_OUT,
}


@dataclass(frozen=True)
class BreathState:
    """The breathing guide: the phase, how far into it (0..1) and its word."""

    breath: Breath
    fraction: float
    label: str

    @property
    def size(self) -> float:
        """Return the circle's size from 0 (empty lungs) to 1 (full), eased in and out."""
        eased = 0.5 - 0.5 * math.cos(math.pi * min(1.0, max(0.0, self.fraction)))
        if self.breath is Breath.IN:
            return eased
        if self.breath is Breath.OUT:
            return 1.0 - eased
        return 1.0 if self.breath is Breath.HOLD_IN else 0.0


@dataclass(frozen=True)
class PlayerDisplay:
    """Everything the player shows at one moment."""

    phase: Phase
    phase_label: str
    """The phase in words ("Get ready", "Hold", "Rest", "Paused"): colour never speaks alone."""
    title: str
    side: str
    instruction: str
    big_text: str
    """The very large text: seconds left, the rep number, or "Done?"."""
    big_caption: str
    countdown_s: int | None
    """Whole seconds left when the big text counts down a time, else None."""
    ring_fraction: float
    """How much of the current segment (or rep phase) is done, 0..1."""
    counters: tuple[str, ...]
    next_text: str
    routine_fraction: float
    routine_left: str
    breath: BreathState | None
    waiting_for_done: bool
    self_paced: bool


PLAIN_SECONDS_BELOW = 100
"""Up to 99 s the countdown is plain seconds ("90"): two digits fill the ring. "1:30" needs four
characters in the same ring: the ring draws them narrower and about a tenth less tall."""


MINUTES_FROM = 600
"""From ten minutes left the countdown shows whole minutes ("12" over "minutes left"): "10:00"
has five characters, which the ring can draw only about 21 % of a full screen's height tall.
The arc still moves ten times a second, and from "9:59" on the seconds count again."""


def whole_seconds_left(remaining_s: float) -> int:
    """Return the seconds left rounded up, as every countdown shows them (24.2 s: 25)."""
    return max(0, math.ceil(remaining_s - 1e-9))


def countdown_text(remaining_s: float) -> str:
    """Return the countdown, rounded up: ``"25"``, ``"90"``, ``"2:00"``, ``"12"`` (minutes).

    Plain seconds up to 99, minutes and seconds from 100 s on, whole minutes from 600 s on.
    """
    seconds = whole_seconds_left(remaining_s)
    if seconds < PLAIN_SECONDS_BELOW:
        return str(seconds)
    if seconds < MINUTES_FROM:
        return format_duration(seconds)
    return str(math.ceil(seconds / 60))


def phase_of(segment: Segment) -> Phase:
    """Return the colour family of ``segment``."""
    if segment.kind is SegmentKind.PREPARE:
        return Phase.PREPARE
    if segment.kind in _REST_KINDS:
        return Phase.REST
    if segment.kind is SegmentKind.FINISH:
        return Phase.FINISHED
    return Phase.ACTIVE


def side_text(side: Side | None, language: str) -> str:
    """Return "left side" / "right side" in ``language`` ("" without a side)."""
    if side is None:
        return ""
    return phrases_for(language).say("side_word_" + side.value)


def counter_values(segment: Segment) -> list[tuple[str, int, int]]:
    """Return ``(word, number, total)`` for each counter that counts more than one.

    Words: ``round``, ``set``, ``rep``, ``breath``, in that order.
    """
    return [
        (word, value, total)
        for word, value, total in (
            ("round", segment.round, segment.rounds),
            ("set", segment.set, segment.sets),
            ("rep", segment.rep, segment.reps),
            ("breath", segment.cycle, segment.cycles),
        )
        if value is not None and total and total > 1
    ]


COUNTER_TEXTS = {
    "round": N_("Round {n} of {total}"),
    "set": N_("Set {n} of {total}"),
    "rep": N_("Rep {n} of {total}"),
    "breath": N_("Breath {n} of {total}"),
}
"""The on-screen counter for each word of ``counter_values``."""


def counters(segment: Segment, language: str = "en") -> tuple[str, ...]:
    """Return the counters that apply, e.g. ``("Round 2 of 3", "Set 1 of 2", "Rep 5 of 12")``."""
    words = translation(language)
    items = [
        words.gettext(COUNTER_TEXTS[word]).format(n=value, total=total)
        for word, value, total in counter_values(segment)
    ]
    if segment.kind is SegmentKind.AWAIT_DONE and segment.reps:
        if segment.side is None and segment.sides_mode is not Sides.NONE:
            text = words.ngettext("{n} rep each side", "{n} reps each side", segment.reps)
        else:
            text = words.ngettext("{n} rep", "{n} reps", segment.reps)
        items.append(text.format(n=segment.reps))
    return tuple(items)


_INNER_KINDS = REP_KINDS | BREATH_KINDS
"""Kinds that change every few seconds inside one set: "next" looks past them."""


def _bout_key(segment: Segment) -> tuple[object, ...]:
    alternating_reps = segment.sides_mode is Sides.ALTERNATING and segment.kind in REP_KINDS
    return (segment.block, segment.set, None if alternating_reps else segment.side)


def _after_bout(segments: tuple[Segment, ...], index: int) -> int:
    """Return the index of the first segment after the set that ``index`` is part of."""
    key = _bout_key(segments[index])
    while (
        index < len(segments) - 1
        and segments[index].kind in _INNER_KINDS
        and _bout_key(segments[index]) == key
    ):
        index += 1
    return index


def _what_to_do(segment: Segment, language: str) -> str:
    """Return a set in a few words: ``"12 reps, left side"``, ``"Hold · 0:30"``."""
    words = translation(language)
    if segment.kind in REP_KINDS or segment.kind is SegmentKind.AWAIT_DONE:
        reps = segment.reps
        text = words.ngettext("{n} rep", "{n} reps", reps).format(n=reps) if reps else segment.label
    elif segment.kind in BREATH_KINDS and segment.cycles:
        cycles = segment.cycles
        text = words.ngettext("{n} slow breath", "{n} slow breaths", cycles).format(n=cycles)
    else:
        text = f"{segment.label} · {format_duration(segment.duration_s)}"
    if segment.kind not in _REST_KINDS and segment.sets and segment.sets > 1:
        # Translators: what the next set is, e.g. "Set 2 of 3: 12 reps".
        text = words.gettext(N_("Set {n} of {total}: {what}")).format(
            n=segment.set, total=segment.sets, what=text
        )
    if segment.sides_mode is Sides.ALTERNATING and segment.kind in REP_KINDS:
        return words.gettext(N_("{what} each side")).format(what=text)
    side = side_text(segment.side, language)
    return f"{text}, {side}" if side and segment.kind not in _REST_KINDS else text


def next_text(timeline: Timeline, segment: Segment, language: str = "en") -> str:
    """Return what comes next, in a few words: ``"Switch sides · 0:05"``, ``"Bird dog"``.

    Rep phases and breaths of the same set are passed over (they change every
    second or two). Within an exercise, the next set, side or pause is named;
    after it, the next exercise, a rest with its length, or the end.
    """
    segments = timeline.segments
    if segment.kind is SegmentKind.FINISH:
        return ""
    if segment.kind in _INNER_KINDS:
        index = _after_bout(segments, segment.index)
    else:
        index = segment.index + 1
    upcoming = segments[index]
    words = translation(language)
    if upcoming.kind is SegmentKind.FINISH:
        return words.gettext(N_("The end"))
    block = timeline.blocks[upcoming.block]
    if upcoming.block == segment.block:
        return _what_to_do(upcoming, language)
    if block.kind is BlockKind.REST:
        rest = f"{block.name} · {format_duration(block.end_s - block.start_s)}"
        if not upcoming.up_next:
            return rest
        # Translators: a rest and what follows it, e.g. "Rest · 0:30, then Bird dog".
        return words.gettext(N_("{rest}, then {exercise}")).format(
            rest=rest, exercise=upcoming.up_next
        )
    side = side_text(segments[block.first_segment].side, language)
    return block.name + (f", {side}" if side else "")


def upcoming_exercise(timeline: Timeline, segment: Segment) -> Block | None:
    """Return the next exercise block after ``segment``'s block (None at the end)."""
    for block in timeline.blocks[segment.block + 1 :]:
        if block.kind is BlockKind.EXERCISE:
            return block
    return None


def _title_next_instruction(
    timeline: Timeline, segment: Segment, language: str
) -> tuple[str, str, str]:
    """Return the title, the "next" line and the instruction.

    A rest between exercises is titled with the exercise that follows and
    shows its instruction, so the rest doubles as a look ahead.
    """
    if timeline.blocks[segment.block].kind is BlockKind.REST:
        exercise = upcoming_exercise(timeline, segment)
        if exercise is not None:
            first = timeline.segments[exercise.first_segment]
            title = translation(language).gettext(N_("Next: {what}")).format(what=exercise.name)
            return title, "", first.instruction
    return segment.exercise, next_text(timeline, segment, language), segment.instruction


def breath_state(segment: Segment, offset_s: float, language: str = "en") -> BreathState | None:
    """Return the breathing guide ``offset_s`` into ``segment``, or None if it has none."""
    if segment.kind in _BREATH_OF_KIND:
        fraction = offset_s / segment.duration_s if segment.duration_s else 1.0
        return BreathState(_BREATH_OF_KIND[segment.kind], fraction, segment.label)
    phase = segment.breath_phase_at(offset_s)
    if phase is None:
        if not segment.breath or offset_s < segment.breath[-1].end_s:
            return None
        phase = segment.breath[-1]  # the very end of the hold: stay where the last phase ended
        offset_s = phase.end_s
    fraction = (offset_s - phase.offset_s) / phase.duration_s if phase.duration_s else 1.0
    label = phrases_for(language).say("label_" + phase.kind.value.replace("-", "_"))
    return BreathState(_BREATH_OF_KIND[phase.kind], fraction, label)


def player_display(session: Session, language: str | None = None) -> PlayerDisplay:
    """Return what the player shows now for ``session``."""
    timeline = session.timeline
    language = language or timeline.language
    segment = session.current_segment
    position = session.position_s
    state = session.state
    offset = max(0.0, position - segment.start_s)
    remaining = max(0.0, segment.end_s - position)
    phase = phase_of(segment)
    phase_label = segment.label
    waiting = state is SessionState.WAITING
    words = translation(language)
    big_caption = ""
    countdown_s: int | None = None
    ring = min(1.0, offset / segment.duration_s) if segment.duration_s else 1.0
    if segment.kind in REP_KINDS and segment.rep is not None:
        big_text = str(segment.rep)
        # Translators: under the big rep number, e.g. "5" and below it "of 12".
        of_reps = words.gettext(N_("of {total}"))
        big_caption = of_reps.format(total=segment.reps) if segment.reps else ""
    elif segment.kind is SegmentKind.AWAIT_DONE:
        big_text = words.gettext(N_("Done?")) if waiting else countdown_text(remaining)
        countdown_s = None if waiting else whole_seconds_left(remaining)
        # Translators: under a countdown that is only a guide for a set done at one's own pace.
        at_your_pace = words.gettext(N_("about, at your pace"))
        big_caption = words.gettext(N_("press Enter")) if waiting else at_your_pace
    elif segment.kind is SegmentKind.FINISH:
        big_text = "✓"
        ring = 1.0
    else:
        big_text = countdown_text(remaining)
        countdown_s = whole_seconds_left(remaining)
    if countdown_s is not None and countdown_s >= MINUTES_FROM:
        # Translators: under a countdown of ten minutes or more, shown in whole minutes ("12").
        big_caption = words.gettext(N_("minutes left"))
    if state is SessionState.PAUSED:
        phase = Phase.PAUSED
        phase_label = words.gettext(N_("Paused · {phase}")).format(phase=segment.label)
    elif state is SessionState.FINISHED:
        phase = Phase.FINISHED
    total = timeline.total_s
    title, upcoming, instruction = _title_next_instruction(timeline, segment, language)
    return PlayerDisplay(
        phase=phase,
        phase_label=phase_label,
        title=title,
        side=side_text(segment.side, language),
        instruction=instruction,
        big_text=big_text,
        big_caption=big_caption,
        countdown_s=countdown_s,
        ring_fraction=ring,
        counters=counters(segment, language),
        next_text=upcoming,
        routine_fraction=min(1.0, position / total) if total else 1.0,
        routine_left=words.gettext(N_("{time} left")).format(
            time=format_duration(max(0.0, total - position))
        ),
        breath=breath_state(segment, offset, language) if segment.duration_s else None,
        waiting_for_done=waiting,
        self_paced=segment.kind is SegmentKind.AWAIT_DONE,
    )
