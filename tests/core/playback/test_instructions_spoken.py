"""Every exercise is explained aloud: its instruction is said before or as it starts."""

from __future__ import annotations

import pytest

from backcoach.core.playback.cues import CueRole, plan_cues
from backcoach.core.playback.timeline import ACTION_KINDS, SegmentKind, compile_routine
from backcoach.core.routine.catalog import load_catalog
from backcoach.core.routine.duration import planned_duration_s
from backcoach.core.routine.model import CircuitStep, RestStep
from tests import builders as b

AS_IT_STARTS_S = 2.0
"""Said within this many seconds of the work's start still counts as "as it starts"."""


def leaves(steps):
    for step in steps:
        if isinstance(step, CircuitStep):
            yield from leaves(step.steps)
        else:
            yield step


BUNDLED = [r for r in load_catalog().routines if r.bundled]


@pytest.mark.parametrize("language", ["en", "da", "zh-TW"])
@pytest.mark.parametrize("routine", BUNDLED, ids=lambda r: r.routine_id)
def test_every_bundled_step_with_an_instruction_has_it_spoken_before_or_as_it_starts(
    routine, language
) -> None:
    timeline = compile_routine(routine, language)
    cues = plan_cues(timeline)
    segments = timeline.segments
    unexplained = []
    for step in leaves(routine.steps):
        if isinstance(step, RestStep) or step.instruction is None:
            continue
        first = next(s for s in segments if s.pointer == step.pointer and s.kind in ACTION_KINDS)
        said = [
            cue
            for cue in cues
            if cue.role is CueRole.INSTRUCTION and segments[cue.segment].pointer == step.pointer
        ]
        if not said or said[0].at_s > first.start_s + AS_IT_STARTS_S:
            unexplained.append(step.pointer)
        else:
            assert said[0].text == step.instruction.get(language)
    assert unexplained == []


def test_reps_get_a_preparation_long_enough_to_explain_them_and_the_total_says_so() -> None:
    text = "Lie on your back, knees bent, feet flat: breathe out and lift your hips, then lower."
    routine = b.routine(b.reps("Glute bridge", 10, prepare_s=3, instruction=text))
    timeline = compile_routine(routine)
    prepare = timeline.segments[0]
    assert prepare.kind is SegmentKind.PREPARE
    assert prepare.duration_s > 3 and prepare.lengthened_s == prepare.duration_s - 3
    assert timeline.total_s == planned_duration_s(routine)
    (said,) = [cue for cue in plan_cues(timeline) if cue.role is CueRole.INSTRUCTION]
    assert said.text == text and said.at_s < timeline.segments[1].start_s


def test_only_the_first_round_is_lengthened() -> None:
    text = "Brace with a flat back and reach long, not high."
    circuit = b.circuit(b.reps("Bird dog", 6, prepare_s=2, instruction=text), rounds=3)
    timeline = compile_routine(b.routine(circuit))
    prepares = [s for s in timeline.segments if s.kind is SegmentKind.PREPARE]
    assert [s.lengthened_s > 0 for s in prepares] == [True, False, False]


def test_a_long_hold_needs_no_longer_preparation() -> None:
    routine = b.routine(b.hold("Knee to chest", 30, prepare_s=3, instruction="Pull one knee in."))
    assert compile_routine(routine).segments[0].duration_s == 3
