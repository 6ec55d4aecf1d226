"""The cue plan: what is said when, and how collisions are settled."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from backcoach.core.playback.cues import (
    Cue,
    CueCandidate,
    CueKind,
    CueRole,
    Priority,
    plan_cues,
    resolve_collisions,
    speaking_time,
)
from backcoach.core.playback.phrases import TABLES, phrases_for, resolve_language
from backcoach.core.playback.timeline import SegmentKind, compile_routine
from backcoach.core.routine.loader import load_routine
from backcoach.core.routine.model import BreathPattern, Sides, Tempo
from tests import builders as b


def spoken(cues: tuple[Cue, ...]) -> list[Cue]:
    return [c for c in cues if c.kind is CueKind.SPEECH and c.role is not CueRole.WAITING]


def said(cues: tuple[Cue, ...], countdown: bool = True) -> list[tuple[float, str]]:
    return [
        (round(c.at_s, 2), c.text)
        for c in spoken(cues)
        if countdown or c.role is not CueRole.COUNTDOWN
    ]


def plan(*steps, language: str = "en", title: str = "Test") -> tuple[Cue, ...]:
    return plan_cues(compile_routine(b.routine(*steps, title=title), language))


def assert_no_overlaps(cues: tuple[Cue, ...]) -> None:
    speech = sorted(spoken(cues), key=lambda c: c.at_s)
    for before, after in zip(speech, speech[1:], strict=False):
        assert before.end_s <= after.at_s + 1e-9, (before, after)


# -- speaking time and collisions ------------------------------------------------------


def test_speaking_time_grows_with_words_and_counts_chinese_characters() -> None:
    assert speaking_time("Go.") < speaking_time("Next: knee to chest, left side.")
    assert speaking_time("吸氣。") > speaking_time("")
    # At 165 words a minute, six words take a little over two seconds.
    assert speaking_time("one two three four five six") == pytest.approx(0.25 + 6 * 60 / 165)
    assert speaking_time("Go.", words_per_minute=100) > speaking_time("Go.")


def candidate(text: str, priority: int, earliest: float, latest: float, speak: float = 1.0):
    return CueCandidate(text, priority, CueRole.START, 0, ((earliest, latest),), speak)


def test_a_lower_priority_cue_moves_after_a_higher_one_within_its_window() -> None:
    placed, dropped = resolve_collisions(
        [candidate("low", 10, 0.0, 2.0), candidate("high", 90, 0.0, 0.0, speak=1.5)]
    )
    assert {(c.text, c.at_s) for c in placed} == {("high", 0.0), ("low", 1.5)}
    assert dropped == []


def test_a_lower_priority_cue_without_room_is_dropped_not_cut() -> None:
    placed, dropped = resolve_collisions(
        [candidate("low", 10, 0.0, 1.0), candidate("high", 90, 0.0, 0.0, speak=1.5)]
    )
    assert [c.text for c in placed] == ["high"]
    assert [c.text for c in dropped] == ["low"]


def test_a_cue_slips_into_a_gap_between_two_others_only_if_it_fits() -> None:
    first = candidate("a", 90, 0.0, 0.0, speak=1.0)
    second = candidate("b", 90, 2.0, 2.0, speak=1.0)
    fits = candidate("fits", 10, 0.5, 5.0, speak=1.0)
    too_long = candidate("long", 5, 0.5, 2.5, speak=1.5)
    placed, dropped = resolve_collisions([first, second, fits, too_long])
    times = {c.text: c.at_s for c in placed}
    assert times["fits"] == 1.0
    assert [c.text for c in dropped] == ["long"]  # 3.0 would be free but is past its window


def test_a_second_window_is_used_when_the_first_is_full() -> None:
    blocker = candidate("blocker", 90, 0.0, 0.0, speak=5.0)
    two = CueCandidate("two", 10, CueRole.INSTRUCTION, 0, ((0.0, 1.0), (10.0, 12.0)), 1.0)
    placed, _ = resolve_collisions([blocker, two])
    assert {c.text: c.at_s for c in placed}["two"] == 10.0


# -- the rules --------------------------------------------------------------------------


def test_intro_names_the_first_exercise_when_there_is_a_preparation() -> None:
    cues = plan(b.hold("Knee to chest", 20, prepare_s=5), title="Evening")
    assert said(cues)[0] == (0.0, "Evening. First: Knee to chest.")
    # Already announced: the start cue does not repeat the name.
    assert (5.0, "Hold.") in said(cues)


def test_without_a_preparation_the_start_cue_names_the_exercise() -> None:
    cues = plan(b.hold("Plank", 20), title="Core")
    assert said(cues)[0] == (0.0, "Core.")
    start = next(c for c in spoken(cues) if c.role is CueRole.START)
    assert start.text == "Plank. Hold."
    assert start.at_s > 0  # moved until the intro has been said


def test_next_is_announced_in_preparations_and_rests() -> None:
    cues = plan(
        b.timed("March", 10),
        b.rest(20),
        b.hold("Plank", 20, prepare_s=5),
    )
    texts = said(cues)
    assert (10.0, "Rest.") in texts
    assert any(text == "Next: Plank." and 10 < at < 30 for at, text in texts)
    assert (30.0, "Next: Plank.") in texts  # again when getting into position


def test_next_names_the_side_of_a_left_right_step() -> None:
    cues = plan(b.timed("March", 10), b.hold("Pigeon", 20, sides=Sides.LEFT_RIGHT, prepare_s=6))
    assert (10.0, "Next: Pigeon, left side.") in said(cues)
    assert (16.0, "Left side. Hold.") in said(cues)


def test_halfway_on_holds_of_twenty_seconds_or_more_only() -> None:
    long_cues = plan(b.hold(hold_s=20))
    short_cues = plan(b.hold(hold_s=19))
    assert (10.0, "Halfway.") in said(long_cues)
    assert not [c for c in spoken(short_cues) if c.role is CueRole.HALFWAY]


def test_three_two_one_before_a_hold_ends_with_ticks() -> None:
    cues = plan(b.hold(hold_s=30, prepare_s=0), b.hold("Next one", hold_s=30, prepare_s=0))
    countdown = [(c.at_s, c.text) for c in cues if c.role is CueRole.COUNTDOWN]
    assert countdown[:3] == [(27.0, "3"), (28.0, "2"), (29.0, "1")]
    ticks = [c.at_s for c in cues if c.kind is CueKind.TICK]
    assert ticks[:3] == [27.0, 28.0, 29.0]


def test_no_countdown_for_segments_shorter_than_four_seconds() -> None:
    cues = plan(b.hold(hold_s=3))
    assert not [c for c in cues if c.role is CueRole.COUNTDOWN]


def test_switch_sides_is_said_at_the_switch() -> None:
    cues = plan(b.hold(hold_s=20, sides=Sides.LEFT_RIGHT, switch_s=5))
    assert (20.0, "Switch sides.") in said(cues)
    assert (25.0, "Right side. Hold.") in said(cues)


def test_set_rests_announce_the_next_and_the_last_set() -> None:
    cues = plan(b.hold(hold_s=20, sets=3, rest_s=15))
    texts = [text for _, text in said(cues)]
    assert "Next: set 2 of 3." in texts and "Next: last set." in texts
    assert (20.0, "Rest.") in said(cues)


def test_without_set_rests_the_start_cue_says_the_set() -> None:
    cues = plan(b.hold(hold_s=20, sets=3, rest_s=0))
    assert (20.0, "Set 2 of 3. Hold.") in said(cues)
    assert (40.0, "Last set. Hold.") in said(cues)


def test_round_rest_announces_the_last_round_with_its_first_exercise() -> None:
    circuit = b.circuit(b.hold("Bridge", 20, prepare_s=5), rounds=2, rest_s=30)
    texts = [text for _, text in said(plan(circuit))]
    assert "Next: last round, Bridge." in texts


def test_without_round_rests_the_start_cue_says_the_round() -> None:
    circuit = b.circuit(b.hold("Bridge", 20), b.hold("Plank", 20), rounds=3, rest_s=0)
    texts = [text for _, text in said(plan(circuit))]
    assert "Round 2 of 3. Bridge. Hold." in texts and "Last round. Bridge. Hold." in texts
    assert not any(text.startswith("Round 1") for text in texts)


def test_reps_are_counted_with_tempo_words() -> None:
    step = b.reps("Bridge", count=3, tempo=Tempo(up_s=1, hold_s=2, down_s=3), prepare_s=5)
    texts = [text for _, text in said(plan(step), countdown=False)][1:]
    assert texts[:4] == ["Up.", "Hold.", "Slowly down.", "2."]
    assert "Last one." in texts


def test_lowering_as_fast_as_lifting_is_just_down() -> None:
    step = b.reps("Cat-cow", count=2, tempo=Tempo(up_s=2, down_s=2), prepare_s=5)
    assert "Down." in [text for _, text in said(plan(step))]


def test_alternating_reps_name_the_side_and_count_on_the_left() -> None:
    step = b.reps("Bird dog", count=3, sides=Sides.ALTERNATING, tempo=Tempo(1, 2, 2), prepare_s=5)
    cues = said(plan(step), countdown=False)
    texts = [text for _, text in cues if text not in ("Hold.", "Back.")]
    assert texts[1:-1] == [
        "Left.",
        "Right.",
        "2, left.",
        "Right.",
        "Last one, left.",
        "Right.",
    ]


def test_breathing_steps_and_breathing_holds_say_breathe_in_and_out() -> None:
    step = b.breathing(cycles=2, pattern=BreathPattern(inhale_s=4, exhale_s=6), prepare_s=5)
    assert said(plan(step), countdown=False)[1:-1] == [
        (5.0, "Breathe in."),
        (9.0, "Breathe out."),
        (15.0, "Breathe in."),
        (19.0, "Breathe out."),
    ]
    hold = b.hold(hold_s=16, breathing=BreathPattern(inhale_s=4, exhale_s=4), prepare_s=5)
    breath = [c for c in spoken(plan(hold)) if c.role is CueRole.BREATH]
    assert [c.text for c in breath][:3] == ["Breathe in.", "Breathe out.", "Breathe in."]
    assert breath[0].at_s > 5.0  # moved after "Hold.", still inside the inhale
    assert breath[0].at_s < 7.0


def test_the_instruction_is_said_in_a_long_preparation() -> None:
    step = b.hold("Plank", 20, prepare_s=12, instruction="Forearms down, body long.")
    cues = plan(step)
    instruction = next(c for c in spoken(cues) if c.role is CueRole.INSTRUCTION)
    assert instruction.at_s > 0 and instruction.end_s <= 12


def test_the_instruction_goes_into_the_hold_when_the_preparation_is_short() -> None:
    step = b.hold(
        "Plank", 30, prepare_s=3, instruction="Forearms down, body in one long line, breathe."
    )
    instruction = next(c for c in spoken(plan(step)) if c.role is CueRole.INSTRUCTION)
    assert instruction.at_s > 3 and instruction.end_s <= 33 - 3


def test_the_instruction_is_not_repeated_in_later_rounds() -> None:
    circuit = b.circuit(b.hold("Plank", 30, prepare_s=5, instruction="Long body."), rounds=3)
    cues = plan(circuit)
    assert len([c for c in cues if c.role is CueRole.INSTRUCTION]) == 1


def test_self_paced_sets_say_the_count_and_wait_for_done() -> None:
    cues = plan(b.reps("Superman", count=10, self_paced=True, rep_s=3, prepare_s=5))
    assert (5.0, "10 reps at your own pace, then press done.") in said(cues)
    waiting = [c for c in cues if c.role is CueRole.WAITING]
    assert [(c.at_s, c.text) for c in waiting] == [
        (35.0, "Press done when you have finished the set.")
    ]


def test_the_finish_is_said_at_the_end_with_top_priority() -> None:
    cues = plan(b.hold(hold_s=20))
    last = spoken(cues)[-1]
    assert (last.at_s, last.role, last.priority) == (20.0, CueRole.FINISH, Priority.FINISH)


def test_phase_beeps_mark_every_segment_but_preparations() -> None:
    timeline = compile_routine(b.routine(b.hold(hold_s=10, sets=2, rest_s=5, prepare_s=5)))
    beeps = [c.segment for c in plan_cues(timeline) if c.kind is CueKind.PHASE]
    expected = [s.index for s in timeline.segments if s.kind is not SegmentKind.PREPARE]
    assert beeps == expected


def test_cues_come_in_firing_order() -> None:
    cues = plan(b.hold(hold_s=20, sides=Sides.LEFT_RIGHT, prepare_s=5), b.rest(10))
    keys = [(c.at_s, c.segment) for c in cues]
    assert keys == sorted(keys)


@pytest.mark.parametrize("language", b.LANGUAGES)
@pytest.mark.parametrize("path", b.bundled_routine_params())
def test_no_spoken_cues_overlap_in_any_bundled_routine(path: Path, language: str) -> None:
    cues = plan_cues(compile_routine(load_routine(path, bundled=True), language))
    assert_no_overlaps(cues)
    assert spoken(cues)


def test_a_crowded_routine_still_never_overlaps() -> None:
    cues = plan(
        b.reps("Fast", count=5, tempo=Tempo(up_s=0.5, down_s=0.5), prepare_s=1),
        b.hold("Long name for a stretch", 4, sides=Sides.ALTERNATING, switch_s=1, sets=2),
        b.breathing(cycles=3, pattern=BreathPattern(inhale_s=1, exhale_s=1)),
    )
    assert_no_overlaps(cues)


# -- phrases ----------------------------------------------------------------------------


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("language", ["da", "zh-TW"])
def test_every_translation_has_every_key_with_the_same_placeholders(language: str) -> None:
    english, other = TABLES["en"], TABLES[language]
    assert set(other) == set(english)
    for key, template in other.items():
        assert _fields(template) == _fields(english[key]), key


def test_languages_resolve_by_base_language_and_fall_back_to_english() -> None:
    assert resolve_language("zh") == "zh-TW"
    assert resolve_language("da-DK") == "da"
    assert resolve_language("fr") == "en"
    assert phrases_for("fr").say("switch") == "Switch sides."
    assert phrases_for("da").say("switch") == "Skift side."


def test_plans_in_danish_and_chinese_use_their_own_words() -> None:
    step = b.hold("Plank", 20, sides=Sides.LEFT_RIGHT)
    danish = [text for _, text in said(plan(step, language="da"))]
    chinese = [text for _, text in said(plan(step, language="zh-TW", title="練習"))]
    assert "Skift side." in danish
    assert "換邊。" in chinese and "右邊。保持住。" in chinese
    assert not any(re.search(r"[A-Za-z]{2,}", t) for t in chinese if "Plank" not in t)


def _plan_placing_everything_twice(timeline) -> tuple[Cue, ...]:
    """The plan as first written: both collision passes over every candidate."""
    from backcoach.core.playback import cues as cue_module

    planner = cue_module._Planner(timeline, phrases_for(timeline.language), 165.0)
    planner.plan()
    _placed, dropped = resolve_collisions(planner.candidates)
    planner.shorten_announced(dropped)
    spoken_cues, _dropped = resolve_collisions(planner.candidates)
    cues = spoken_cues + planner.waiting + planner.beeps()
    return tuple(sorted(cues, key=cue_module.cue_sort_key))


@pytest.mark.parametrize("language", ["en", "da", "zh-TW"])
def test_first_pass_over_the_announcements_only_gives_the_same_plan(language: str) -> None:
    """The faster first pass (announcements and what outranks them) changes no cue."""
    root = Path(__file__).resolve().parents[3] / "routines"
    for path in sorted(root.glob("*.json")):
        timeline = compile_routine(load_routine(path), language)
        assert plan_cues(timeline) == _plan_placing_everything_twice(timeline), path.name


def test_first_pass_shortcut_holds_where_announcements_are_crowded_out() -> None:
    """Short rests and preparations where some "Next: ..." cannot fit: still the same plan."""
    long_name = "Slow alternating bird dog with a long pause at the top"
    crowded = b.routine(
        b.timed(duration_s=10),
        *[b.rest(duration_s=seconds) for seconds in (1.5,)],
        b.hold(name=long_name, prepare_s=2),
        b.rest(duration_s=2.5),
        b.reps(name=long_name, prepare_s=1),
        b.circuit(b.timed(name=long_name, duration_s=6), b.hold(hold_s=8), rounds=3, rest_s=2),
        b.hold(name=long_name, prepare_s=3),
    )
    timeline = compile_routine(crowded, "en")
    planner_cues = plan_cues(timeline)
    assert planner_cues == _plan_placing_everything_twice(timeline)
    # The case is a real one: some announcement was dropped for lack of room.
    from backcoach.core.playback import cues as cue_module

    planner = cue_module._Planner(timeline, phrases_for("en"), 165.0)
    planner.plan()
    _placed, dropped = resolve_collisions(planner.candidates)
    assert any(c.role is CueRole.NEXT for c in dropped)
