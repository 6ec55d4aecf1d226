"""Plan what to say and sound while a timeline plays: the cue plan.

``plan_cues`` walks a compiled timeline and proposes cues, each with a time
window it may be spoken in and a priority, then places them so that no two
spoken cues overlap (speaking time is estimated from the text at the speech
rate). Higher priorities are placed first; a cue that would collide moves to
the earliest free moment in its window or, if there is none, is dropped.
A cue is never cut: two phrases are never planned to sound at once.

The rules, in priority order (see ``Priority``):

- the finish, then an intro naming the first exercise;
- the start of every bout (one set on one side): the exercise's name when it
  was not announced before, "last round" / "round 2 of 3", "last set" /
  "set 2 of 3", the side, and the first word of the action ("Hold.", "Go.",
  "Up.", "Breathe in." or the self-paced count);
- on a self-paced set, "press done" when its estimate runs out (this one only
  sounds if the session really stops there to wait, so it takes no room from
  other cues);
- "switch sides" and "rest" at the start of those pauses;
- "Next: X" in preparations and rests;
- "3, 2, 1" before a preparation, hold, timed work, switch or rest of 4 s or
  more ends;
- the step's instruction, the first time it plays: in the preparation or rest
  before it when there is room, else as a hold, timed work, self-paced set or
  breathing step starts (the breathing words give way to it). Where neither
  has room (reps: the counting starts at once) the timeline compiler has
  already lengthened the preparation for it (``routine.duration.
  lead_in_prepare_s``; the segment's ``lengthened_s`` says by how much);
- "breathe in" / "breathe out" / "hold" in breathing steps and inside holds;
- "halfway" on holds and timed work of 20 s or more;
- rep counts ("2.", "Last one.", "3, left.") and tempo words ("Hold.", "Down.",
  "Slowly down." when lowering is slower than lifting; "Back." for alternating
  movements such as bird dog or trunk rotations);
- beeps, which never collide with speech: a phase beep at the start of every
  segment but a preparation, a tick with every countdown number.
"""

from __future__ import annotations

import bisect
import operator
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum, IntEnum
from typing import NamedTuple, Protocol

from backcoach.core.playback.phrases import Phrases, phrases_for
from backcoach.core.playback.speaking import (
    DEFAULT_WORDS_PER_MINUTE,
    speaking_time,
)
from backcoach.core.playback.timeline import (
    ACTION_KINDS,
    BREATH_KINDS,
    REP_KINDS,
    Block,
    BlockKind,
    Segment,
    SegmentKind,
    Side,
    Timeline,
    next_exercise_blocks,
)
from backcoach.core.routine.model import Sides

COUNTDOWN_MIN_S = 4.0
HALFWAY_MIN_S = 20.0
_EPSILON = 1e-9


class CueKind(str, Enum):
    SPEECH = "speech"
    TICK = "beep:tick"
    PHASE = "beep:phase"


class CueRole(str, Enum):
    """Which rule a cue comes from."""

    INTRO = "intro"
    NEXT = "next"
    INSTRUCTION = "instruction"
    START = "start"
    HALFWAY = "halfway"
    COUNTDOWN = "countdown"
    SWITCH = "switch"
    REST = "rest"
    REP = "rep"
    TEMPO = "tempo"
    BREATH = "breath"
    WAITING = "waiting"
    FINISH = "finish"
    BEEP = "beep"


class Priority(IntEnum):
    """Higher wins a collision."""

    FINISH = 100
    INTRO = 95
    START = 90
    WAITING = 85
    SWITCH = 80
    REST = 80
    NEXT = 75
    COUNTDOWN = 60
    INSTRUCTION = 45
    BREATH = 40
    HALFWAY = 35
    REP = 32
    TEMPO = 30
    BEEP = 10


class Cue(NamedTuple):
    """One thing to say or sound at ``at_s`` seconds into the timeline.

    A named tuple rather than a frozen dataclass: as immutable, and made five
    times faster (a long routine's plan has thousands of cues, re-planned on
    every edit in the editor).
    """

    at_s: float
    text: str
    priority: int
    kind: CueKind
    role: CueRole
    segment: int
    """Index of the segment the cue belongs to (it may sound a little after it starts)."""
    speak_s: float = 0.0
    """Estimated speaking time (0 for beeps)."""

    @property
    def end_s(self) -> float:
        return self.at_s + self.speak_s


_make_cue = tuple.__new__
"""Makes a ``Cue`` from all its fields in order, as ``Cue._make`` does, without the call
through the named tuple's Python ``__new__``: the planner makes thousands per plan."""


class CueSink(Protocol):
    """Something that voices or shows cues as the session fires them (speaker, printer)."""

    def cue(self, cue: Cue) -> None:
        """Deliver ``cue`` now; must return quickly (queue slow work)."""
        ...


def spoken_texts(cues: Iterable[Cue]) -> list[str]:
    """Return the distinct phrases of a cue plan, in order: what a voice renders ahead."""
    texts = (cue.text for cue in cues if cue.kind == CueKind.SPEECH)
    return list(dict.fromkeys(text for text in texts if text.strip()))


@dataclass(slots=True)
class CueCandidate:
    """A proposed spoken cue: where it may go, and how important it is."""

    text: str
    priority: int
    role: CueRole
    segment: int
    windows: tuple[tuple[float, float], ...]
    """Ranges ``(earliest, latest)`` for the start time, tried in order."""
    speak_s: float = 0.0
    announces: int | None = None
    """Index of the block this cue names ahead of time (intro and "Next: X")."""
    block: int | None = None
    short_text: str | None = None
    """For a start cue: the text to use when its block was announced ahead."""
    order: int = field(default=0)


def _collision_order(candidate: CueCandidate) -> tuple[int, float, int]:
    """Most important first; then the earliest; then the order they were proposed in."""
    return (-candidate.priority, candidate.windows[0][0], candidate.order)


def resolve_collisions(
    candidates: Iterable[CueCandidate],
) -> tuple[list[Cue], list[CueCandidate]]:
    """Place candidates without overlaps, most important first; return (placed, dropped).

    Each candidate goes to the first moment of its first window where it fits
    between the phrases placed before it. The placed phrases are kept as two
    sorted lists (starts and ends) searched by bisection; the loop is written
    out with local names because it runs for every cue of a plan, thousands
    for a long routine (the editor re-plans on every edit).
    """
    starts: list[float] = []
    ends: list[float] = []
    placed: list[Cue] = []
    dropped: list[CueCandidate] = []
    right, left, speech = bisect.bisect_right, bisect.bisect_left, CueKind.SPEECH
    make = _make_cue
    for candidate in sorted(candidates, key=_collision_order):
        length = candidate.speak_s
        for earliest, latest in candidate.windows:
            at = earliest
            index = right(starts, at) - 1
            if index >= 0 and ends[index] > at + _EPSILON:
                at = ends[index]
            index += 1
            count = len(starts)
            while index < count and starts[index] < at + length - _EPSILON:
                if ends[index] > at:
                    at = ends[index]
                index += 1
            if at <= latest + _EPSILON:
                index = left(starts, at)
                starts.insert(index, at)
                ends.insert(index, at + length)
                placed.append(
                    make(
                        Cue,
                        (
                            at,
                            candidate.text,
                            candidate.priority,
                            speech,
                            candidate.role,
                            candidate.segment,
                            length,
                        ),
                    )
                )
                break
        else:
            dropped.append(candidate)
    return placed, dropped


def cue_sort_key(cue: Cue) -> tuple[float, int, int]:
    """Order cues by time, then segment, then importance (the order a session fires them)."""
    return (cue.at_s, cue.segment, -cue.priority)


def starts_bout(segment: Segment, before: Segment | None) -> bool:
    """Return whether ``segment`` begins a bout: one set on one side of an exercise."""
    if segment.kind not in ACTION_KINDS:
        return False
    if before is None or before.kind not in ACTION_KINDS:
        return True
    if before.set != segment.set:
        return True
    sides_change_inside = segment.kind in REP_KINDS and segment.sides_mode is Sides.ALTERNATING
    return before.side != segment.side and not sides_change_inside


class _Planner:
    """Proposes the cues of one timeline."""

    def __init__(self, timeline: Timeline, phrases: Phrases, words_per_minute: float) -> None:
        self.timeline = timeline
        self.phrases = phrases
        self.words_per_minute = words_per_minute
        self.candidates: list[CueCandidate] = []
        self.start_cues: list[tuple[CueCandidate, Segment]] = []
        self.suppressed: set[int] = set()
        """Segments whose own cue was folded into a bout's start cue."""
        self.waiting: list[Cue] = []
        """"Press done" reminders: they sound only while the timeline stands still."""
        self.next_exercise = next_exercise_blocks(timeline.blocks)
        self.countdown_texts = [(n, phrases.say("countdown", n=n)) for n in (3, 2, 1)]

    def propose(
        self,
        text: str,
        priority: int,
        role: CueRole,
        segment: Segment,
        *windows: tuple[float, float],
        announces: int | None = None,
        block: int | None = None,
        short_text: str | None = None,
    ) -> CueCandidate:
        speak_s = speaking_time(text, self.words_per_minute)  # cached by phrase
        candidate = CueCandidate(
            text,
            priority,
            role,
            segment.index,
            windows,
            speak_s,
            announces,
            block,
            short_text,
            len(self.candidates),
        )
        self.candidates.append(candidate)
        return candidate

    def at(
        self, text: str, priority: int, role: CueRole, segment: Segment, slack: float
    ) -> CueCandidate:
        """Propose ``text`` at the segment's start, movable by up to ``slack`` seconds."""
        window = (segment.start_s, segment.start_s + slack)
        return self.propose(text, priority, role, segment, window)

    def announce(self, text: str, segment: Segment, block: int | None) -> None:
        """Propose "Next: ..." anywhere in ``segment`` where it ends before the segment does."""
        latest = max(segment.start_s, segment.end_s - speaking_time(text, self.words_per_minute))
        window = (segment.start_s, latest)
        self.propose(text, Priority.NEXT, CueRole.NEXT, segment, window, announces=block)

    # -- texts ---------------------------------------------------------------------------

    def side_word(self, side: Side | None) -> str:
        return self.phrases.say(f"side_word_{side.value}") if side else ""

    def spoken_name(self, block: Block) -> str:
        """Return the name of the exercise of ``block`` as it is spoken."""
        first = self.first_action(block)
        return first.spoken_name if first else block.name

    def named(self, block: Block) -> str:
        """Return how the exercise of ``block`` is announced ("Bird dog, left side")."""
        first = self.first_action(block)
        name = self.spoken_name(block)
        if first and first.side and first.sides_mode is Sides.LEFT_RIGHT:
            return self.phrases.say("next_side", name=name, side=self.side_word(first.side))
        return self.phrases.say("next", name=name)

    def rep_text(self, segment: Segment) -> str:
        say = self.phrases.say
        rep, last = segment.rep or 1, segment.rep == segment.reps and (segment.reps or 0) > 1
        if segment.sides_mode is Sides.ALTERNATING and segment.side:
            if segment.side is Side.RIGHT:
                return say("rep_right")
            if last:
                return say("last_rep_left")
            return say("rep_left") if rep == 1 else say("count_left", n=rep)
        if last:
            return say("last_rep")
        return say("up") if rep == 1 else say("count", n=rep)

    def breath_text(self, kind: SegmentKind) -> str:
        if kind is SegmentKind.INHALE:
            return self.phrases.say("breathe_in")
        if kind is SegmentKind.EXHALE:
            return self.phrases.say("breathe_out")
        return self.phrases.say("breath_hold")

    def action_word(self, segment: Segment) -> str:
        say = self.phrases.say
        if segment.kind is SegmentKind.HOLD:
            return say("hold_start")
        if segment.kind is SegmentKind.AWAIT_DONE:
            if segment.sides_mode is Sides.ALTERNATING and segment.side is None:
                return say("self_paced_alternating", reps=segment.reps)
            return say("self_paced", reps=segment.reps)
        if segment.kind is SegmentKind.REP_UP:
            self.suppressed.add(segment.index)
            return self.rep_text(segment)
        if segment.kind in BREATH_KINDS:
            self.suppressed.add(segment.index)
            return self.breath_text(segment.kind)
        return say("go")

    # -- structure -----------------------------------------------------------------------

    def block_segments(self, block: Block) -> tuple[Segment, ...]:
        return self.timeline.segments[block.first_segment : block.end_segment]

    def first_action(self, block: Block) -> Segment | None:
        return next((s for s in self.block_segments(block) if s.kind in ACTION_KINDS), None)

    def next_exercise_block(self, block: Block) -> Block | None:
        return self.next_exercise[block.index]

    def previous_block(self, block: Block) -> Block | None:
        return self.timeline.blocks[block.index - 1] if block.index > 0 else None

    # -- rules ---------------------------------------------------------------------------

    def plan(self) -> None:
        segments = self.timeline.segments
        self.intro()
        for block in self.timeline.blocks:
            if block.kind is BlockKind.REST:
                self.rest_block(block)
            elif block.kind is BlockKind.EXERCISE:
                self.exercise_block(block)
        finish = segments[-1]
        self.at(self.phrases.say("finish"), Priority.FINISH, CueRole.FINISH, finish, 10.0)

    def intro(self) -> None:
        blocks = self.timeline.blocks
        first = blocks[0]
        segment = self.timeline.segments[0]
        title = self.timeline.title
        exercise = self.next_exercise_block(first) if first.kind is BlockKind.REST else first
        lead_in = segment.kind is SegmentKind.PREPARE or first.kind is BlockKind.REST
        if exercise is not None and exercise.kind is BlockKind.EXERCISE and lead_in:
            text = self.phrases.say("intro", title=title, name=self.spoken_name(exercise))
            self.at(text, Priority.INTRO, CueRole.INTRO, segment, 1.0).announces = exercise.index
        elif first.kind is not BlockKind.FINISH:
            text = self.phrases.say("intro_title", title=title)
            self.at(text, Priority.INTRO, CueRole.INTRO, segment, 1.0)

    def countdown(self, segment: Segment) -> None:
        if segment.duration_s < COUNTDOWN_MIN_S:
            return
        for n, text in self.countdown_texts:
            at = segment.end_s - n
            self.propose(
                text,
                Priority.COUNTDOWN,
                CueRole.COUNTDOWN,
                segment,
                (at, at + 0.3),
            )

    def rest_block(self, block: Block) -> None:
        upcoming = self.next_exercise_block(block)
        for segment in self.block_segments(block):
            if segment.kind is SegmentKind.PREPARE:
                self.countdown(segment)
                continue
            name = segment.exercise
            is_plain_rest = name == self.phrases.say("rest_name")
            text = (
                self.phrases.say("rest")
                if is_plain_rest or segment.kind is SegmentKind.ROUND_REST
                else self.phrases.say("name_sentence", name=name)
            )
            self.at(text, Priority.REST, CueRole.REST, segment, 1.0)
            if upcoming is not None:
                if segment.kind is SegmentKind.ROUND_REST and block.round and block.rounds:
                    key = "next_last_round" if block.round == block.rounds else "next_round"
                    text = self.phrases.say(
                        key, name=self.spoken_name(upcoming), round=block.round, rounds=block.rounds
                    )
                else:
                    text = self.named(upcoming)
                self.announce(text, segment, upcoming.index)
            self.countdown(segment)

    def exercise_block(self, block: Block) -> None:
        segments = self.block_segments(block)
        first_action = self.first_action(block)
        if first_action is None:
            return
        previous = self.previous_block(block)
        lead_in_start = segments[0].start_s
        if previous is not None and previous.kind is BlockKind.REST:
            lead_in_start = previous.start_s
        prepare = segments[0] if segments[0].kind is SegmentKind.PREPARE else None
        if prepare is not None and prepare.start_s > 0:
            self.announce(self.named(block), prepare, block.index)
        self.instruction(block, first_action, lead_in_start)
        before: Segment | None = None
        for segment in segments:
            if starts_bout(segment, before):
                self.bout_start(block, segment, before, previous)
            self.segment_cues(segment)
            before = segment

    def instruction(self, block: Block, first_action: Segment, lead_in_start: float) -> None:
        """Propose the step's instruction the first time it plays: before it, else early in it."""
        if not first_action.instruction or (block.round or 1) > 1:
            return
        text = first_action.instruction
        speak = speaking_time(text, self.words_per_minute)
        windows = []
        if first_action.start_s - speak >= lead_in_start:
            windows.append((lead_in_start, first_action.start_s - speak))
        if first_action.kind in (SegmentKind.HOLD, SegmentKind.WORK, SegmentKind.AWAIT_DONE):
            end = first_action.end_s
        elif first_action.kind in BREATH_KINDS:
            end = block.end_s
        else:
            end = first_action.start_s  # reps: the counting leaves no room
        latest = end - COUNTDOWN_MIN_S - speak
        if latest >= first_action.start_s:
            windows.append((first_action.start_s, latest))
        if windows:
            self.propose(text, Priority.INSTRUCTION, CueRole.INSTRUCTION, first_action, *windows)

    def bout_start(
        self, block: Block, segment: Segment, before: Segment | None, previous: Block | None
    ) -> None:
        """Propose the cue that starts a bout: [round] [name] [set] [side] action."""
        say = self.phrases.say
        first_bout = before is None or before.kind is SegmentKind.PREPARE
        parts: list[str] = []
        new_round_unannounced = (
            first_bout
            and (block.round or 1) > 1
            and previous is not None
            and previous.kind is BlockKind.EXERCISE
            and previous.round != block.round
        )
        if new_round_unannounced:
            key = "last_round" if block.round == block.rounds else "round_of"
            parts.append(say(key, round=block.round, rounds=block.rounds))
        name_at = len(parts) if first_bout else None
        if first_bout:
            parts.append(say("name_sentence", name=segment.spoken_name))
        set_announced = before is not None and before.kind is SegmentKind.SET_REST
        if segment.sets and segment.sets > 1 and (segment.set or 1) > 1 and not set_announced:
            key = "last_set" if segment.set == segment.sets else "set_of"
            parts.append(say(key, set=segment.set, sets=segment.sets))
        rep_names_side = (
            segment.kind is SegmentKind.REP_UP and segment.sides_mode is Sides.ALTERNATING
        )
        if segment.side and not rep_names_side:
            parts.append(say(f"side_{segment.side.value}"))
        parts.append(self.action_word(segment))
        join = say("separator").join
        short = join(part for i, part in enumerate(parts) if i != name_at)
        slack = max(1.0, min(3.0, segment.duration_s / 2))
        candidate = self.propose(
            join(parts),
            Priority.START,
            CueRole.START,
            segment,
            (segment.start_s, segment.start_s + slack),
            block=block.index,
            short_text=short if first_bout else None,
        )
        self.start_cues.append((candidate, segment))

    def segment_cues(self, segment: Segment) -> None:
        kind = segment.kind
        say = self.phrases.say
        if segment.index in self.suppressed:
            pass
        elif kind is SegmentKind.REP_UP:
            self.at(self.rep_text(segment), Priority.REP, CueRole.REP, segment, 0.5)
        elif kind is SegmentKind.REP_HOLD:
            self.at(say("top_hold"), Priority.TEMPO, CueRole.TEMPO, segment, 0.5)
        elif kind is SegmentKind.REP_DOWN:
            self.at(self.down_text(segment), Priority.TEMPO, CueRole.TEMPO, segment, 0.5)
        elif kind in BREATH_KINDS:
            slack = segment.duration_s / 2
            self.at(self.breath_text(kind), Priority.BREATH, CueRole.BREATH, segment, slack)
        if kind is SegmentKind.SWITCH:
            self.at(say("switch"), Priority.SWITCH, CueRole.SWITCH, segment, 1.0)
        elif kind is SegmentKind.SET_REST:
            self.at(say("rest"), Priority.REST, CueRole.REST, segment, 1.0)
            key = "next_last_set" if segment.set == segment.sets else "next_set"
            self.announce(say(key, set=segment.set, sets=segment.sets), segment, None)
        elif kind is SegmentKind.AWAIT_DONE:
            text = say("waiting")
            self.waiting.append(
                Cue(
                    segment.end_s,
                    text,
                    Priority.WAITING,
                    CueKind.SPEECH,
                    CueRole.WAITING,
                    segment.index,
                    speaking_time(text, self.words_per_minute),
                )
            )
        if kind in (SegmentKind.HOLD, SegmentKind.WORK):
            for phase in segment.breath:
                at = segment.start_s + phase.offset_s
                self.propose(
                    self.breath_text(phase.kind),
                    Priority.BREATH,
                    CueRole.BREATH,
                    segment,
                    (at, at + phase.duration_s / 2),
                )
            if segment.duration_s >= HALFWAY_MIN_S:
                middle = segment.start_s + segment.duration_s / 2
                slack = min(5.0, segment.duration_s / 4)
                self.propose(
                    say("halfway"),
                    Priority.HALFWAY,
                    CueRole.HALFWAY,
                    segment,
                    (middle, middle + slack),
                )
        if kind in (
            SegmentKind.PREPARE,
            SegmentKind.HOLD,
            SegmentKind.WORK,
            SegmentKind.SWITCH,
            SegmentKind.SET_REST,
        ):
            self.countdown(segment)

    def down_text(self, segment: Segment) -> str:
        up = self.timeline.segments[segment.index - 1]
        while up.kind is not SegmentKind.REP_UP and up.index > 0:
            up = self.timeline.segments[up.index - 1]
        slow = segment.duration_s >= 3 and segment.duration_s > up.duration_s
        word = "back" if segment.sides_mode is Sides.ALTERNATING else "down"
        return self.phrases.say(word + "_slowly" if slow else word)

    def beeps(self) -> list[Cue]:
        make, beep, role, prepare = _make_cue, Priority.BEEP, CueRole.BEEP, SegmentKind.PREPARE
        phase, tick, countdown = CueKind.PHASE, CueKind.TICK, CueRole.COUNTDOWN
        cues = [
            make(Cue, (segment.start_s, "", beep, phase, role, segment.index, 0.0))
            for segment in self.timeline.segments
            if segment.kind is not prepare
        ]
        cues += [
            make(Cue, (candidate.windows[0][0], "", beep, tick, role, candidate.segment, 0.0))
            for candidate in self.candidates
            if candidate.role is countdown
        ]
        return cues

    def shorten_announced(self, dropped: list[CueCandidate]) -> None:
        """Leave the exercise name out of start cues of blocks whose name is spoken ahead."""
        lost = {id(candidate) for candidate in dropped}
        announced = {
            c.announces for c in self.candidates if c.announces is not None and id(c) not in lost
        }
        for candidate, _segment in self.start_cues:
            if candidate.short_text and candidate.block in announced:
                candidate.text = candidate.short_text
                candidate.speak_s = speaking_time(candidate.text, self.words_per_minute)


def plan_cues(
    timeline: Timeline,
    phrases: Phrases | None = None,
    words_per_minute: float = DEFAULT_WORDS_PER_MINUTE,
) -> tuple[Cue, ...]:
    """Return the cues of ``timeline`` in firing order (speech never overlapping)."""
    planner = _Planner(timeline, phrases or phrases_for(timeline.language), words_per_minute)
    planner.plan()
    # Announcements ("Next: X") and start cues never compete for the same moment,
    # so a first pass tells which announcements survive; the second places the
    # start cues with their final, shorter texts. Whether an announcement is placed
    # depends only on the cues placed before it, those at its priority or above, so
    # the first pass leaves the others (most of them: counts, breaths) out.
    ahead = [c for c in planner.candidates if c.priority >= Priority.NEXT]
    _placed, dropped = resolve_collisions(ahead)
    planner.shorten_announced(dropped)
    spoken, _dropped = resolve_collisions(planner.candidates)
    cues = spoken + planner.waiting + planner.beeps()
    # In ``cue_sort_key``'s order, sorted twice with C-level keys (both sorts are stable):
    # importance first, then time and segment. A third of the time of one Python key.
    cues.sort(key=_PRIORITY, reverse=True)
    cues.sort(key=_TIME_AND_SEGMENT)
    return tuple(cues)


_PRIORITY = operator.itemgetter(Cue._fields.index("priority"))
_TIME_AND_SEGMENT = operator.itemgetter(Cue._fields.index("at_s"), Cue._fields.index("segment"))
