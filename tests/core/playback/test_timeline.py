"""Compiling routines into timelines: order, counters and totals worked out by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from backcoach.core.playback.timeline import BlockKind, SegmentKind, Side, Timeline, compile_routine
from backcoach.core.routine.catalog import load_catalog
from backcoach.core.routine.duration import planned_duration_s
from backcoach.core.routine.loader import load_routine
from backcoach.core.routine.model import BreathPattern, Sides, Step, Tempo, starting_at
from tests import builders as b
from tests.conftest import REPO_ROOT

K = SegmentKind
L, R = Side.LEFT, Side.RIGHT
DATA = REPO_ROOT / "tests" / "data" / "routines" / "good"


def shape(timeline: Timeline) -> list[tuple]:
    """Return (kind, start, duration, side, set) per segment, the finish included."""
    return [(s.kind, s.start_s, s.duration_s, s.side, s.set) for s in timeline.segments]


def kinds(timeline: Timeline) -> list[SegmentKind]:
    return [s.kind for s in timeline.segments]


def test_segments_are_contiguous_and_end_in_a_zero_length_finish() -> None:
    timeline = compile_routine(b.routine(b.timed(duration_s=30, prepare_s=5)))
    assert shape(timeline) == [
        (K.PREPARE, 0, 5, None, None),
        (K.WORK, 5, 30, None, None),
        (K.FINISH, 35, 0, None, None),
    ]
    assert timeline.total_s == 35
    for before, after in zip(timeline.segments, timeline.segments[1:], strict=False):
        assert after.start_s == before.end_s


def test_timed_left_right_has_a_switch_pause() -> None:
    timeline = compile_routine(b.routine(b.timed(duration_s=30, sides=Sides.LEFT_RIGHT)))
    assert shape(timeline)[:-1] == [
        (K.WORK, 0, 30, L, None),
        (K.SWITCH, 30, 5, R, 1),
        (K.WORK, 35, 30, R, None),
    ]
    assert timeline.total_s == 65


def test_timed_alternating_is_left_switch_right() -> None:
    timeline = compile_routine(
        b.routine(b.timed(duration_s=10, sides=Sides.ALTERNATING, switch_s=2))
    )
    assert [(s.kind, s.side) for s in timeline.segments[:-1]] == [
        (K.WORK, L),
        (K.SWITCH, R),
        (K.WORK, R),
    ]
    assert timeline.total_s == 22


@pytest.mark.parametrize(
    ("step", "expected", "total_s"),
    [
        pytest.param(
            b.hold(hold_s=20, sets=3, rest_s=10),
            [
                (K.HOLD, 0, 20, None, 1),
                (K.SET_REST, 20, 10, None, 2),
                (K.HOLD, 30, 20, None, 2),
                (K.SET_REST, 50, 10, None, 3),
                (K.HOLD, 60, 20, None, 3),
            ],
            80,
            id="sets-with-rests-between-them-only",
        ),
        pytest.param(
            b.hold(hold_s=20, sets=2, rest_s=10, sides=Sides.LEFT_RIGHT, switch_s=5),
            [
                (K.HOLD, 0, 20, L, 1),
                (K.SET_REST, 20, 10, L, 2),
                (K.HOLD, 30, 20, L, 2),
                (K.SWITCH, 50, 5, R, 1),
                (K.HOLD, 55, 20, R, 1),
                (K.SET_REST, 75, 10, R, 2),
                (K.HOLD, 85, 20, R, 2),
            ],
            105,
            id="left-right-does-every-set-on-the-left-first",
        ),
        pytest.param(
            b.hold(hold_s=20, sets=2, rest_s=10, sides=Sides.ALTERNATING, switch_s=5),
            [
                (K.HOLD, 0, 20, L, 1),
                (K.SWITCH, 20, 5, R, 1),
                (K.HOLD, 25, 20, R, 1),
                (K.SET_REST, 45, 10, L, 2),
                (K.HOLD, 55, 20, L, 2),
                (K.SWITCH, 75, 5, R, 2),
                (K.HOLD, 80, 20, R, 2),
            ],
            100,
            id="alternating-switches-inside-each-set",
        ),
    ],
)
def test_hold_sets_and_sides_are_laid_out_in_order(
    step: Step, expected: list[tuple], total_s: float
) -> None:
    timeline = compile_routine(b.routine(step))
    assert shape(timeline)[:-1] == expected
    assert timeline.total_s == total_s


def test_breathing_inside_a_hold_is_paced_to_the_hold_and_cut_at_its_end() -> None:
    step = b.hold(hold_s=30, breathing=BreathPattern(inhale_s=4, exhale_s=4))
    hold = compile_routine(b.routine(step)).segments[0]
    assert hold.kind is K.HOLD and hold.duration_s == 30
    assert [(p.offset_s, p.duration_s, p.kind) for p in hold.breath] == [
        (0, 4, K.INHALE),
        (4, 4, K.EXHALE),
        (8, 4, K.INHALE),
        (12, 4, K.EXHALE),
        (16, 4, K.INHALE),
        (20, 4, K.EXHALE),
        (24, 4, K.INHALE),
        (28, 2, K.EXHALE),
    ]
    assert hold.breath_phase_at(29.5).kind is K.EXHALE
    assert hold.breath_phase_at(9).kind is K.INHALE
    assert hold.breath_phase_at(30) is None


def test_breath_holds_in_a_hold_pattern_appear_and_zero_phases_do_not() -> None:
    pattern = BreathPattern(inhale_s=3, hold_in_s=2, exhale_s=5)
    hold = compile_routine(b.routine(b.hold(hold_s=10, breathing=pattern))).segments[0]
    assert [p.kind for p in hold.breath] == [K.INHALE, K.HOLD_IN, K.EXHALE]


def test_reps_with_tempo_unroll_into_phases_with_counters() -> None:
    step = b.reps(count=3, sets=2, rest_s=15, tempo=Tempo(up_s=1, hold_s=2, down_s=2))
    timeline = compile_routine(b.routine(step))
    segments = timeline.segments[:-1]
    assert timeline.total_s == 3 * 5 + 15 + 3 * 5
    assert [s.kind for s in segments[:3]] == [K.REP_UP, K.REP_HOLD, K.REP_DOWN]
    assert [(s.set, s.rep, s.reps) for s in segments[:3]] == [(1, 1, 3)] * 3
    assert segments[9].kind is K.SET_REST and segments[9].start_s == 15
    assert (segments[10].set, segments[10].rep) == (2, 1)
    # A rep counts as done when its last phase (lowering) ends.
    assert [s.completes_reps for s in segments[:3]] == [0, 0, 1]
    assert sum(s.completes_reps for s in segments) == 6


def test_alternating_reps_go_left_right_per_rep_without_switch_pauses() -> None:
    step = b.reps(count=2, sides=Sides.ALTERNATING, tempo=Tempo(up_s=1, down_s=2))
    timeline = compile_routine(b.routine(step))
    segments = timeline.segments[:-1]
    assert timeline.total_s == 2 * 2 * 3
    assert K.SWITCH not in kinds(timeline) and K.REP_HOLD not in kinds(timeline)
    assert [(s.kind, s.side, s.rep) for s in segments] == [
        (K.REP_UP, L, 1),
        (K.REP_DOWN, L, 1),
        (K.REP_UP, R, 1),
        (K.REP_DOWN, R, 1),
        (K.REP_UP, L, 2),
        (K.REP_DOWN, L, 2),
        (K.REP_UP, R, 2),
        (K.REP_DOWN, R, 2),
    ]
    assert timeline.steps[0].planned_reps == 4


def test_left_right_reps_do_all_reps_on_one_side_then_switch() -> None:
    step = b.reps(count=3, sides=Sides.LEFT_RIGHT, tempo=Tempo(up_s=2, down_s=2), switch_s=5)
    timeline = compile_routine(b.routine(step))
    assert timeline.total_s == 12 + 5 + 12
    sides = [s.side for s in timeline.segments if s.kind is K.REP_UP]
    assert sides == [L, L, L, R, R, R]
    assert timeline.steps[0].planned_reps == 6


def test_self_paced_sets_are_estimated_waits_for_done() -> None:
    step = b.reps(count=10, sets=2, rest_s=20, self_paced=True, rep_s=3)
    timeline = compile_routine(b.routine(step))
    assert shape(timeline)[:-1] == [
        (K.AWAIT_DONE, 0, 30, None, 1),
        (K.SET_REST, 30, 20, None, 2),
        (K.AWAIT_DONE, 50, 30, None, 2),
    ]
    assert timeline.total_s == 80 and timeline.estimated
    assert timeline.steps[0].estimated
    assert timeline.segments[0].completes_reps == 10


def test_self_paced_alternating_set_covers_both_sides() -> None:
    step = b.reps(count=10, sides=Sides.ALTERNATING, self_paced=True, rep_s=3)
    timeline = compile_routine(b.routine(step))
    wait = timeline.segments[0]
    assert (wait.kind, wait.duration_s, wait.completes_reps, wait.side) == (
        K.AWAIT_DONE,
        60,
        20,
        None,
    )


def test_breathing_cycles_skip_zero_phases() -> None:
    pattern = BreathPattern(inhale_s=4, hold_in_s=2, exhale_s=6)
    timeline = compile_routine(b.routine(b.breathing(cycles=3, pattern=pattern)))
    assert timeline.total_s == 36
    assert kinds(timeline)[:4] == [K.INHALE, K.HOLD_IN, K.EXHALE, K.INHALE]
    assert [s.cycle for s in timeline.segments[:-1]] == [1, 1, 1, 2, 2, 2, 3, 3, 3]
    assert timeline.segments[0].cycles == 3


def test_rest_step_is_its_own_block_named_rest_in_the_language() -> None:
    routine = b.routine(b.timed(duration_s=10), b.rest(20), b.timed(duration_s=10))
    timeline = compile_routine(routine, "da")
    rest = timeline.segments[1]
    assert (rest.kind, rest.start_s, rest.duration_s) == (K.REST, 10, 20)
    assert rest.exercise == "Pause" and rest.label == "Pause"
    assert [block.kind for block in timeline.blocks] == [
        BlockKind.EXERCISE,
        BlockKind.REST,
        BlockKind.EXERCISE,
        BlockKind.FINISH,
    ]


def test_circuit_rounds_with_rest_between_and_one_merged_first_preparation() -> None:
    a = b.reps("Bridge", count=3, tempo=Tempo(up_s=1, hold_s=2, down_s=2), prepare_s=5)
    c = b.hold("Plank", hold_s=20, prepare_s=5)
    timeline = compile_routine(b.routine(b.circuit(a, c, rounds=2, rest_s=60, prepare_s=10)))
    # Round 1: prepare 10+5, bridge 15, prepare 5, plank 20 = 55; rest 60;
    # round 2: prepare 5, bridge 15, prepare 5, plank 20 = 45.
    assert timeline.total_s == 160
    prepares = [(s.start_s, s.duration_s) for s in timeline.segments if s.kind is K.PREPARE]
    assert prepares == [(0, 15), (30, 5), (115, 5), (135, 5)]
    rest = next(s for s in timeline.segments if s.kind is K.ROUND_REST)
    assert (rest.start_s, rest.duration_s, rest.round, rest.rounds) == (55, 60, 2, 2)
    names = [(block.kind, block.name, block.round) for block in timeline.blocks]
    assert names == [
        (BlockKind.EXERCISE, "Bridge", 1),
        (BlockKind.EXERCISE, "Plank", 1),
        (BlockKind.REST, "Rest", 2),
        (BlockKind.EXERCISE, "Bridge", 2),
        (BlockKind.EXERCISE, "Plank", 2),
        (BlockKind.FINISH, "Test", None),
    ]
    plan = timeline.steps[0]
    assert (plan.planned_s, plan.planned_reps, plan.pointer) == (160, 6, "/steps/0")
    assert {s.pointer for s in timeline.segments[:-1]} == {
        "/steps/0",
        "/steps/0/steps/0",
        "/steps/0/steps/1",
    }


def test_starting_inside_a_circuit_plays_the_rest_of_the_round_then_the_later_rounds() -> None:
    a = b.reps("Bridge", count=3, tempo=Tempo(up_s=1, hold_s=2, down_s=2), prepare_s=5)
    c = b.hold("Plank", hold_s=20, prepare_s=5)
    after = b.timed("March", duration_s=30, prepare_s=5)
    whole = b.routine(b.circuit(a, c, rounds=2, rest_s=60, prepare_s=10), after)
    cut = starting_at(whole, "/steps/0/steps/1")
    timeline = compile_routine(cut)
    names = [(block.kind, block.name, block.round, block.rounds) for block in timeline.blocks]
    assert names == [
        (BlockKind.EXERCISE, "Plank", 1, 2),
        (BlockKind.REST, "Rest", 2, 2),
        (BlockKind.EXERCISE, "Bridge", 2, 2),
        (BlockKind.EXERCISE, "Plank", 2, 2),
        (BlockKind.EXERCISE, "March", None, None),
        (BlockKind.FINISH, "Test", None, None),
    ]
    # Plank with the circuit's own preparation 10+5+20 = 35; rest 60; round 2: 45; march 35.
    assert timeline.total_s == 175 == planned_duration_s(cut)
    assert compile_routine(whole).total_s - timeline.total_s == 5 + 15  # round 1's bridge
    assert timeline.steps[0].planned_reps == 3  # round 2's bridge only
    assert starting_at(whole, "/steps/1").steps == whole.steps[1:]
    assert starting_at(whole, "") is whole
    assert starting_at(whole, "/steps/0/steps/9") == whole


def test_the_documented_example_routine_runs_760_seconds() -> None:
    # docs/routine-format.md's example, every default resolved by hand:
    # 5 + 5x10 breathing = 55; 5 + 15x4 cat-cow = 65; 5 + 30+5+30 knee = 70;
    # circuit 3 x (5 + 12x5 + 5 + 6x2x5) + 2 x 60 = 510; rest 60.
    example = b.routine(
        b.breathing(cycles=5, pattern=BreathPattern(inhale_s=4, exhale_s=6), prepare_s=5),
        b.reps("Cat-cow", count=15, tempo=Tempo(up_s=2, down_s=2), prepare_s=5),
        b.hold(
            hold_s=30,
            sides=Sides.LEFT_RIGHT,
            breathing=BreathPattern(inhale_s=4, exhale_s=4),
            prepare_s=5,
        ),
        b.circuit(
            b.reps("Glute bridge", count=12, tempo=Tempo(1, 2, 2), prepare_s=5),
            b.reps("Bird dog", count=6, sides=Sides.ALTERNATING, tempo=Tempo(1, 2, 2), prepare_s=5),
            rounds=3,
            rest_s=60,
        ),
        b.rest(60, "Child's pose rest", prepare_s=0),
    )
    timeline = compile_routine(example)
    assert timeline.total_s == 760
    assert [plan.planned_s for plan in timeline.steps] == [55, 65, 70, 510, 60]
    assert [plan.planned_reps for plan in timeline.steps] == [None, 15, None, 3 * (12 + 12), None]


def test_up_next_names_the_following_exercise() -> None:
    routine = b.routine(b.timed("March", 10), b.rest(20), b.hold("Plank", 20))
    timeline = compile_routine(routine)
    assert [s.up_next for s in timeline.segments] == ["Plank", "Plank", "", ""]


def test_texts_follow_the_language_and_the_spoken_cue_override() -> None:
    step = b.hold("Bird dog", hold_s=5, cue="Reach long", instruction="Flat back.")
    timeline = compile_routine(b.routine(step), "zh-TW")
    hold = timeline.segments[0]
    assert (hold.exercise, hold.spoken_name, hold.instruction) == (
        "Bird dog",
        "Reach long",
        "Flat back.",
    )
    assert hold.label == "保持"
    assert timeline.language == "zh-TW"


@pytest.mark.parametrize(
    ("position_s", "kind"),
    [(0, K.PREPARE), (4.999, K.PREPARE), (5, K.WORK), (35, K.FINISH), (99, K.FINISH)],
)
def test_segment_at_finds_the_segment_playing_at_a_position(
    position_s: float, kind: SegmentKind
) -> None:
    timeline = compile_routine(b.routine(b.timed(duration_s=30, prepare_s=5)))
    assert timeline.segment_at(position_s).kind is kind


def test_zero_length_pauses_leave_no_segments() -> None:
    step = b.hold(hold_s=10, sets=2, rest_s=0, sides=Sides.LEFT_RIGHT, switch_s=0)
    timeline = compile_routine(b.routine(step))
    assert kinds(timeline) == [K.HOLD] * 4 + [K.FINISH]
    assert timeline.total_s == 40


def test_a_loaded_file_compiles_with_its_pointers_and_hand_counted_total() -> None:
    routine = load_routine(DATA / "every-step-type.json")
    timeline = compile_routine(routine)
    assert timeline.total_s == 727  # counted by hand in test_loader
    assert [plan.pointer for plan in timeline.steps] == [step.pointer for step in routine.steps]


def test_routines_are_bundled() -> None:
    assert load_catalog().routines


@pytest.mark.parametrize("language", b.LANGUAGES)
@pytest.mark.parametrize("path", b.bundled_routine_params())
def test_every_bundled_routine_compiles_to_its_listed_duration(path: Path, language: str) -> None:
    routine = load_routine(path, bundled=True)
    timeline = compile_routine(routine, language)
    assert timeline.total_s == pytest.approx(planned_duration_s(routine))
    assert sum(plan.planned_s for plan in timeline.steps) == pytest.approx(timeline.total_s)


def test_compiled_segments_are_the_same_as_built_by_their_init() -> None:
    """The compiler makes segments without ``__init__`` (for speed): nothing may differ."""
    import dataclasses

    from backcoach.core.playback.timeline import Segment

    assert not hasattr(Segment, "__post_init__")
    assert all(f.default_factory is dataclasses.MISSING for f in dataclasses.fields(Segment))
    root = Path(__file__).resolve().parents[3] / "routines"
    for path in sorted(root.glob("*.json")):
        for segment in compile_routine(load_routine(path), "da").segments:
            values = {f.name: getattr(segment, f.name) for f in dataclasses.fields(Segment)}
            built = Segment(**values)
            assert segment == built and hash(segment) == hash(built), path.name
            assert repr(segment) == repr(built)
            with pytest.raises(dataclasses.FrozenInstanceError):
                segment.start_s = 0.0  # type: ignore[misc]
