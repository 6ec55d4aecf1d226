"""Compile a routine into a timeline: a flat list of segments with known start times.

Everything nested in a routine (circuits and rounds, sets, sides, repetitions,
breathing cycles) is unrolled here, once, before playing. A segment is one
stretch of time with one thing to do: get ready, hold, lift, breathe out, rest,
switch sides and so on. The player, the cue planner, the terminal mode and the
log all read this one list, so they can never disagree about what happens when.

Segments are grouped into blocks: one block per exercise occurrence (its
preparation, every set and side of it and the rests between those sets), one
per rest between exercises (a rest step or a rest between rounds), and a final
block holding the zero-length ``finish`` segment. "Next", "back" and "restart"
move between blocks.

Order of sets and sides (as in ``docs/routine-format.md``):

- ``none``: set 1, set rest, set 2, ...
- ``left-right``: every set on the left, a switch pause, every set on the right;
- ``alternating``: for reps, rep 1 left, rep 1 right, rep 2 left, ... inside each
  set; for holds and timed steps, left, switch, right inside each set.

A hold with breathing is one ``hold`` segment (the countdown) carrying
``breath`` phases (the breathing guide) at offsets inside it; a breathing step
is a run of ``inhale`` / ``hold-in`` / ``exhale`` / ``hold-out`` segments.

A self-paced set is one ``await-done`` segment whose length is an estimate
(``estimated`` is true); the session waits at its end until the user says done.
A circuit's own ``prepare_s`` and that of its first step make one preparation
(their sum) before round 1; every step of a circuit prepares in every round.
Round 1 starts at the circuit's ``first_round_from`` step (a routine played
from a step inside the circuit).
Totals therefore agree with ``backcoach.core.routine.duration.planned_duration_s``.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import Enum
from functools import cached_property
from typing import Any, TypeVar

from backcoach.core.playback.phrases import Phrases, phrases_for
from backcoach.core.routine.duration import lead_in_prepare_s
from backcoach.core.routine.model import (
    DEFAULT_TEMPO,
    BreathingStep,
    BreathPattern,
    CircuitStep,
    HoldStep,
    RepsStep,
    RestStep,
    Routine,
    Sides,
    Step,
    TimedStep,
)
from backcoach.core.routine.text import DEFAULT_LANGUAGE, LocalText


class SegmentKind(str, Enum):
    """What the person does during a segment."""

    PREPARE = "prepare"
    WORK = "work"
    HOLD = "hold"
    REP_UP = "rep-up"
    REP_HOLD = "rep-hold"
    REP_DOWN = "rep-down"
    AWAIT_DONE = "await-done"
    INHALE = "inhale"
    HOLD_IN = "hold-in"
    EXHALE = "exhale"
    HOLD_OUT = "hold-out"
    REST = "rest"
    SWITCH = "switch"
    ROUND_REST = "round-rest"
    SET_REST = "set-rest"
    FINISH = "finish"


BREATH_KINDS = frozenset(
    {SegmentKind.INHALE, SegmentKind.HOLD_IN, SegmentKind.EXHALE, SegmentKind.HOLD_OUT}
)
REP_KINDS = frozenset({SegmentKind.REP_UP, SegmentKind.REP_HOLD, SegmentKind.REP_DOWN})
ACTION_KINDS = (
    frozenset({SegmentKind.WORK, SegmentKind.HOLD, SegmentKind.AWAIT_DONE})
    | BREATH_KINDS
    | REP_KINDS
)
"""Kinds in which the exercise itself is done (everything but preparing, pausing and finishing)."""


class Side(str, Enum):
    LEFT = "left"
    RIGHT = "right"


class BlockKind(str, Enum):
    EXERCISE = "exercise"
    REST = "rest"
    FINISH = "finish"


@dataclass(frozen=True)
class BreathPhase:
    """One phase of the breathing paced inside a hold, relative to the hold's start."""

    offset_s: float
    duration_s: float
    kind: SegmentKind

    @property
    def end_s(self) -> float:
        return self.offset_s + self.duration_s


@dataclass(frozen=True)
class Segment:
    """One stretch of the timeline with one thing to do.

    Counters (``set``/``sets``, ``round``/``rounds``, ``rep``/``reps``,
    ``cycle``/``cycles``) are ``None`` where they do not apply. ``rep`` counts
    per side, like the routine file does. ``completes_reps`` is how many
    repetitions are done once this segment has been played to its end.
    """

    index: int
    start_s: float
    duration_s: float
    kind: SegmentKind
    block: int
    step_index: int
    pointer: str
    exercise: str
    spoken_name: str
    label: str
    instruction: str = ""
    side: Side | None = None
    set: int | None = None
    sets: int | None = None
    round: int | None = None
    rounds: int | None = None
    rep: int | None = None
    reps: int | None = None
    cycle: int | None = None
    cycles: int | None = None
    estimated: bool = False
    completes_reps: int = 0
    breath: tuple[BreathPhase, ...] = ()
    up_next: str = ""
    """The exercise of the next exercise block ("" when none follows)."""
    sides_mode: Sides = Sides.NONE
    """The step's sides setting: tells alternating reps from left-then-right ones."""
    lengthened_s: float = 0.0
    """Seconds a preparation was lengthened so the step's instruction can be said in it."""

    @property
    def end_s(self) -> float:
        return self.start_s + self.duration_s

    def breath_phase_at(self, offset_s: float) -> BreathPhase | None:
        """Return the breathing phase ``offset_s`` seconds into this segment, if any."""
        for phase in self.breath:
            if phase.offset_s <= offset_s < phase.end_s:
                return phase
        return None


@dataclass(frozen=True)
class Block:
    """A unit "next", "back" and "restart" move between: segments ``first..end-1``."""

    index: int
    kind: BlockKind
    step_index: int
    pointer: str
    name: str
    start_s: float
    end_s: float
    first_segment: int
    end_segment: int
    round: int | None = None
    rounds: int | None = None


@dataclass(frozen=True)
class StepPlan:
    """What a top-level step of the routine is planned to take."""

    index: int
    pointer: str
    name: str
    planned_s: float
    planned_reps: int | None
    estimated: bool


@dataclass(frozen=True)
class Timeline:
    """A compiled routine: segments in time order ending with one ``finish`` segment."""

    routine_id: str
    title: str
    routine_kind: str
    content_hash: str
    language: str
    segments: tuple[Segment, ...]
    blocks: tuple[Block, ...]
    steps: tuple[StepPlan, ...]

    @property
    def total_s(self) -> float:
        """Return the planned length in seconds (self-paced sets by their estimate)."""
        return self.segments[-1].start_s

    @property
    def estimated(self) -> bool:
        """Return whether the total includes self-paced estimates."""
        return any(segment.estimated for segment in self.segments)

    @cached_property
    def _starts(self) -> list[float]:
        return [segment.start_s for segment in self.segments]

    def segment_at(self, position_s: float) -> Segment:
        """Return the segment playing at ``position_s`` (the finish at or after the end)."""
        index = bisect.bisect_right(self._starts, position_s) - 1
        return self.segments[max(0, min(index, len(self.segments) - 1))]


# --- compiling ---------------------------------------------------------------------------


BoutPlan = tuple[str, int, "Side | None"]
"""One item of a set-and-side order: ``("bout", set, side)``, ``("switch", set, side)``
(the side about to start) or ``("set-rest", next_set, side)``."""


def bout_order(sides: Sides, sets: int, sides_inside_bout: bool) -> list[BoutPlan]:
    """Return the order of bouts (one set on one side), switches and set rests.

    ``sides_inside_bout`` is true for alternating reps, which switch sides rep by
    rep inside a bout, so the bouts themselves carry no side.
    """
    order: list[BoutPlan] = []
    if sides is Sides.NONE or (sides is Sides.ALTERNATING and sides_inside_bout):
        for number in range(1, sets + 1):
            if number > 1:
                order.append(("set-rest", number, None))
            order.append(("bout", number, None))
    elif sides is Sides.LEFT_RIGHT:
        for side in (Side.LEFT, Side.RIGHT):
            if side is Side.RIGHT:
                order.append(("switch", 1, side))
            for number in range(1, sets + 1):
                if number > 1:
                    order.append(("set-rest", number, side))
                order.append(("bout", number, side))
    else:
        for number in range(1, sets + 1):
            if number > 1:
                order.append(("set-rest", number, Side.LEFT))
            order.append(("bout", number, Side.LEFT))
            order.append(("switch", number, Side.RIGHT))
            order.append(("bout", number, Side.RIGHT))
    return order


def breath_phases(pattern: BreathPattern, length_s: float) -> tuple[BreathPhase, ...]:
    """Return the pattern repeated from the start of a hold ``length_s`` long, last phase cut."""
    cycle = [
        (SegmentKind.INHALE, pattern.inhale_s),
        (SegmentKind.HOLD_IN, pattern.hold_in_s),
        (SegmentKind.EXHALE, pattern.exhale_s),
        (SegmentKind.HOLD_OUT, pattern.hold_out_s),
    ]
    if pattern.cycle_s <= 0:
        return ()
    phases: list[BreathPhase] = []
    offset = 0.0
    while offset < length_s:
        for kind, duration in cycle:
            if duration <= 0 or offset >= length_s:
                continue
            phases.append(BreathPhase(offset, min(duration, length_s - offset), kind))
            offset += duration
    return tuple(phases)


def _reps_per_bout(step: RepsStep) -> int:
    return step.reps * (2 if step.sides is Sides.ALTERNATING else 1)


def planned_reps(step: Step) -> int | None:
    """Return the repetitions a top-level step plans in all (``None`` if it has none)."""
    if isinstance(step, RepsStep):
        return step.reps * step.sets * (1 if step.sides is Sides.NONE else 2)
    if isinstance(step, CircuitStep):
        counts = [planned_reps(child) for child in step.steps]
        if not any(count is not None for count in counts):
            return None
        per_round = sum(count or 0 for count in counts)
        first_round = sum(count or 0 for count in counts[step.first_round_from :])
        return first_round + per_round * (step.rounds - 1)
    return None


def next_exercise_blocks(blocks: tuple[Block, ...] | list[Block]) -> dict[int, Block | None]:
    """Map each block's index to the first exercise block after it (``None`` at the end)."""
    following: dict[int, Block | None] = {}
    upcoming: Block | None = None
    for block in reversed(blocks):
        following[block.index] = upcoming
        if block.kind is BlockKind.EXERCISE:
            upcoming = block
    return following


_Frozen = TypeVar("_Frozen")


def _frozen(cls: type[_Frozen], fields: dict[str, Any], **more: Any) -> _Frozen:
    """Return a frozen dataclass instance of ``cls`` with ``fields``, without its ``__init__``.

    A frozen dataclass's ``__init__`` sets each field through ``object.__setattr__``:
    for the 27 fields of a ``Segment`` that is most of the compiler's time on a long
    routine (1,661 segments: 13.6 against 7.5 ms, ``bench/cue_plan_bench.py``), and the
    editor compiles on every edit. The instance is the same: the fields go into its
    ``__dict__``, and a field left out reads its default from the class, where
    dataclasses keep defaults. Only for classes without ``__post_init__``, slots or
    default factories (a test compares the result with ``cls(**fields)``).
    """
    instance = object.__new__(cls)
    instance.__dict__.update(fields, **more)
    return instance


class _Compiler:
    """Builds the segment list step by step, keeping the running start time.

    Segments and blocks are gathered as field dictionaries and made into frozen
    objects once at the end, when what follows each of them is known.
    """

    def __init__(self, routine: Routine, language: str) -> None:
        self.routine = routine
        self.language = language
        self.phrases: Phrases = phrases_for(language)
        self.segments: list[dict[str, Any]] = []
        self.blocks: list[dict[str, Any]] = []
        self.now = 0.0
        self._block: dict[str, Any] = {}
        self._labels: dict[SegmentKind, str] = {}

    def text(self, value: LocalText | None) -> str:
        return value.get(self.language) if value is not None else ""

    def label(self, kind: SegmentKind) -> str:
        if kind not in self._labels:
            self._labels[kind] = self.phrases.say("label_" + kind.value.replace("-", "_"))
        return self._labels[kind]

    def add(self, kind: SegmentKind, duration_s: float, **fields: Any) -> None:
        """Append a segment of ``duration_s`` (nothing when it is zero) in the open block."""
        if duration_s <= 0 and kind is not SegmentKind.FINISH:
            return
        self.segments.append(
            {
                "index": len(self.segments),
                "start_s": self.now,
                "duration_s": float(duration_s),
                "kind": kind,
                "label": self.label(kind),
                **self._block,
                **fields,
            }
        )
        self.now += duration_s

    def open_block(
        self,
        kind: BlockKind,
        step_index: int,
        pointer: str,
        name: str,
        spoken_name: str,
        instruction: str = "",
        round_: int | None = None,
        rounds: int | None = None,
        sides_mode: Sides = Sides.NONE,
    ) -> None:
        self._block = {
            "sides_mode": sides_mode,
            "block": len(self.blocks),
            "step_index": step_index,
            "pointer": pointer,
            "exercise": name,
            "spoken_name": spoken_name,
            "instruction": instruction,
            "round": round_,
            "rounds": rounds,
        }
        self.blocks.append(
            {
                "index": len(self.blocks),
                "kind": kind,
                "step_index": step_index,
                "pointer": pointer,
                "name": name,
                "start_s": self.now,
                "first_segment": len(self.segments),
                "round": round_,
                "rounds": rounds,
            }
        )

    def close_block(self) -> None:
        block = self.blocks[-1]
        if len(self.segments) == block["first_segment"]:
            self.blocks.pop()  # nothing in it (every duration zero)
            return
        block.update(end_s=self.now, end_segment=len(self.segments))

    # -- steps -------------------------------------------------------------------------

    def rest_name(self, step: Step) -> str:
        name = self.text(step.name).strip()
        if not name or step.name.translations == {DEFAULT_LANGUAGE: "Rest"}:
            return self.phrases.say("rest_name")
        return name

    def step(self, step: Step, step_index: int) -> None:
        if isinstance(step, CircuitStep):
            self.circuit(step, step_index)
        else:
            self.leaf(step, step_index, step.prepare_s, first_time=True)

    def circuit(self, step: CircuitStep, step_index: int) -> None:
        for round_ in range(1, step.rounds + 1):
            if round_ > 1 and step.rest_between_rounds_s > 0:
                self.open_block(
                    BlockKind.REST,
                    step_index,
                    step.pointer,
                    self.phrases.say("rest_name"),
                    self.phrases.say("rest_name"),
                    round_=round_,
                    rounds=step.rounds,
                )
                self.add(SegmentKind.ROUND_REST, step.rest_between_rounds_s)
                self.close_block()
            first = step.first_round_from if round_ == 1 else 0
            for position, child in enumerate(step.steps[first:], start=first):
                outer = step.prepare_s if round_ == 1 and position == first else 0.0
                self.leaf(
                    child, step_index, child.prepare_s, round_, step.rounds, round_ == 1, outer
                )

    def leaf(
        self,
        step: Step,
        step_index: int,
        prepare_s: float,
        round_: int | None = None,
        rounds: int | None = None,
        first_time: bool = False,
        outer_prepare_s: float = 0.0,
    ) -> None:
        """Compile one step that is not a circuit.

        ``first_time`` lengthens the preparation where the instruction needs it
        (the segment's ``lengthened_s`` says by how much); ``outer_prepare_s`` is
        a circuit's own preparation, added before its first step.
        """
        lengthened = (lead_in_prepare_s(step, prepare_s) - prepare_s) if first_time else 0.0
        prepare_s += lengthened + outer_prepare_s
        if isinstance(step, RestStep):
            name = self.rest_name(step)
            self.open_block(
                BlockKind.REST, step_index, step.pointer, name, name, "", round_, rounds
            )
            self.add(SegmentKind.PREPARE, prepare_s)
            self.add(SegmentKind.REST, step.duration_s)
            self.close_block()
            return
        name = self.text(step.name)
        spoken = self.text(step.cue) or name
        self.open_block(
            BlockKind.EXERCISE,
            step_index,
            step.pointer,
            name,
            spoken,
            self.text(step.instruction),
            round_,
            rounds,
            getattr(step, "sides", Sides.NONE),
        )
        self.add(SegmentKind.PREPARE, prepare_s, lengthened_s=lengthened)
        if isinstance(step, TimedStep):
            self.timed(step)
        elif isinstance(step, HoldStep):
            self.hold(step)
        elif isinstance(step, RepsStep):
            self.reps(step)
        elif isinstance(step, BreathingStep):
            self.breathing(step)
        self.close_block()

    def bouts(
        self,
        sides: Sides,
        sets: int,
        switch_s: float,
        rest_s: float,
        sides_inside_bout: bool,
        bout: Callable[[int, Side | None], None],
    ) -> None:
        for what, number, side in bout_order(sides, sets, sides_inside_bout):
            if what == "bout":
                bout(number, side)
            elif what == "switch":
                self.add(SegmentKind.SWITCH, switch_s, side=side, set=number, sets=sets)
            else:
                self.add(SegmentKind.SET_REST, rest_s, side=side, set=number, sets=sets)

    def timed(self, step: TimedStep) -> None:
        def bout(number: int, side: Side | None) -> None:
            self.add(SegmentKind.WORK, step.duration_s, side=side)

        self.bouts(step.sides, 1, step.switch_s, 0.0, False, bout)

    def hold(self, step: HoldStep) -> None:
        phases = breath_phases(step.breathing, step.hold_s) if step.breathing else ()

        def bout(number: int, side: Side | None) -> None:
            self.add(
                SegmentKind.HOLD, step.hold_s, side=side, set=number, sets=step.sets, breath=phases
            )

        self.bouts(step.sides, step.sets, step.switch_s, step.rest_between_sets_s, False, bout)

    def reps(self, step: RepsStep) -> None:
        alternating = step.sides is Sides.ALTERNATING
        tempo = step.tempo or DEFAULT_TEMPO
        phases = [
            (SegmentKind.REP_UP, tempo.up_s),
            (SegmentKind.REP_HOLD, tempo.hold_s),
            (SegmentKind.REP_DOWN, tempo.down_s),
        ]
        last_phase = max(i for i, (_, duration) in enumerate(phases) if duration > 0)

        def self_paced_bout(number: int, side: Side | None) -> None:
            count = _reps_per_bout(step) if side is None else step.reps
            self.add(
                SegmentKind.AWAIT_DONE,
                count * step.estimated_rep_s,
                side=side,
                set=number,
                sets=step.sets,
                reps=step.reps,
                estimated=True,
                completes_reps=count,
            )

        def tempo_bout(number: int, side: Side | None) -> None:
            for rep in range(1, step.reps + 1):
                for rep_side in (Side.LEFT, Side.RIGHT) if alternating else (side,):
                    for i, (kind, duration) in enumerate(phases):
                        self.add(
                            kind,
                            duration,
                            side=rep_side,
                            set=number,
                            sets=step.sets,
                            rep=rep,
                            reps=step.reps,
                            completes_reps=1 if i == last_phase else 0,
                        )

        self.bouts(
            step.sides,
            step.sets,
            step.switch_s,
            step.rest_between_sets_s,
            True,
            self_paced_bout if step.self_paced else tempo_bout,
        )

    def breathing(self, step: BreathingStep) -> None:
        pattern = step.pattern
        for cycle in range(1, step.cycles + 1):
            for kind, duration in (
                (SegmentKind.INHALE, pattern.inhale_s),
                (SegmentKind.HOLD_IN, pattern.hold_in_s),
                (SegmentKind.EXHALE, pattern.exhale_s),
                (SegmentKind.HOLD_OUT, pattern.hold_out_s),
            ):
                self.add(kind, duration, cycle=cycle, cycles=step.cycles)

    # -- whole routine -----------------------------------------------------------------

    def finish(self) -> None:
        title = self.text(self.routine.title)
        self.open_block(BlockKind.FINISH, len(self.routine.steps), "", title, title)
        self.add(SegmentKind.FINISH, 0.0)
        self.close_block()

    def build(self) -> tuple[tuple[Segment, ...], tuple[Block, ...]]:
        """Return the frozen segments (each knowing what comes next) and blocks."""
        blocks = tuple(Block(**fields) for fields in self.blocks)
        following = next_exercise_blocks(blocks)
        segments = tuple(
            _frozen(Segment, fields, up_next=getattr(following[fields["block"]], "name", ""))
            for fields in self.segments
        )
        return segments, blocks

    def step_plans(self, segments: tuple[Segment, ...]) -> tuple[StepPlan, ...]:
        seconds = [0.0] * len(self.routine.steps)
        estimated = [False] * len(self.routine.steps)
        for segment in segments[:-1]:
            seconds[segment.step_index] += segment.duration_s
            estimated[segment.step_index] |= segment.estimated
        return tuple(
            StepPlan(
                index=index,
                pointer=step.pointer,
                name=self.rest_name(step) if isinstance(step, RestStep) else self.text(step.name),
                planned_s=seconds[index],
                planned_reps=planned_reps(step),
                estimated=estimated[index],
            )
            for index, step in enumerate(self.routine.steps)
        )


def compile_routine(routine: Routine, language: str = DEFAULT_LANGUAGE) -> Timeline:
    """Return the timeline of ``routine`` with texts in ``language`` (English where missing)."""
    compiler = _Compiler(routine, language)
    for index, step in enumerate(routine.steps):
        compiler.step(step, index)
    compiler.finish()
    segments, blocks = compiler.build()
    return Timeline(
        routine_id=routine.routine_id,
        title=compiler.text(routine.title),
        routine_kind=routine.kind.value,
        content_hash=routine.content_hash,
        language=language,
        segments=segments,
        blocks=blocks,
        steps=compiler.step_plans(segments),
    )


def iter_block_segments(timeline: Timeline, block: Block) -> Iterator[Segment]:
    """Yield the segments of ``block`` in order."""
    yield from timeline.segments[block.first_segment : block.end_segment]
