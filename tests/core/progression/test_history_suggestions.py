"""Progress and ease-off suggestions, and the new user routine that accepting one writes."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from backcoach.config import paths
from backcoach.core import safety
from backcoach.core.history.store import HistoryStore
from backcoach.core.playback.record import SessionRecord, SessionStatus
from backcoach.core.progression.suggestions import (
    SuggestionKind,
    accept,
    apply_option,
    new_routine_id,
    suggest,
    suggestion_for,
)
from backcoach.core.routine.catalog import load_catalog
from backcoach.core.routine.loader import RoutineError
from tests.history_records import make_record

DAY = 86400.0
T0 = 1_780_000_000.0


def bundled(name: str) -> tuple[Path, dict[str, Any]]:
    path = paths.bundled_routines_dir() / f"{name}.json"
    return path, json.loads(path.read_text("utf-8"))


def sessions_of(
    routine_id: str, *pains: int | None, status=SessionStatus.COMPLETED, start: float = T0
) -> list[SessionRecord]:
    return [
        make_record(start + n * DAY, routine_id=routine_id, pain=pain, status=status)
        for n, pain in enumerate(pains)
    ]


def test_three_calm_completed_sessions_offer_more_reps_or_one_more_round() -> None:
    _, document = bundled("strength-beginner")
    found = suggest(document, sessions_of("strength-beginner", 2, 0, 1))
    assert found is not None and found.kind is SuggestionKind.PROGRESS
    options = {option.key: option for option in found.options}
    assert set(options) == {"more-reps", "more-rounds"}
    assert [(c.field, c.old, c.new) for c in options["more-reps"].changes] == [
        ("reps", 12, 14),
        ("reps", 12, 14),
        ("reps", 12, 14),
    ]
    assert options["more-reps"].changes[0].describe() == "Glute bridge: 12 → 14 reps"
    assert [(c.pointer, c.old, c.new) for c in options["more-rounds"].changes] == [
        ("/steps/0", 3, 4)
    ]
    assert found.advice == ()


@pytest.mark.parametrize(
    "pains",
    [
        (2, 3, 1),  # one session with pain above 2
        (1, None, 0),  # one skipped answer: no evidence the back was calm
        (1, 1),  # only two sessions
    ],
)
def test_no_progress_without_three_calm_answers(pains) -> None:
    _, document = bundled("strength-beginner")
    assert suggest(document, sessions_of("strength-beginner", *pains)) is None


def test_a_session_stopped_early_resets_the_count_but_a_crash_does_not() -> None:
    _, document = bundled("strength-beginner")
    calm = sessions_of("strength-beginner", 1, 1, 1)
    stopped = make_record(T0 + 10 * DAY, routine_id="strength-beginner", pain=1)
    stopped.status = SessionStatus.STOPPED_EARLY
    assert suggest(document, [*calm, stopped]) is None
    crashed = make_record(T0 + 10 * DAY, routine_id="strength-beginner")
    crashed.status = SessionStatus.INTERRUPTED
    assert suggest(document, [*calm, crashed]) is not None


def test_only_sessions_of_this_file_version_count_when_its_hash_is_given() -> None:
    _, document = bundled("strength-beginner")
    sessions = sessions_of("strength-beginner", 1, 1, 1)
    assert suggest(document, sessions, content_hash="hash-1") is not None
    assert suggest(document, sessions, content_hash="edited-since") is None


def test_limits_reps_30_holds_40_s_rounds_4() -> None:
    document = {
        "id": "mine",
        "kind": "strength",
        "steps": [
            {"type": "reps", "name": "Bridge", "reps": 29},
            {"type": "reps", "name": "Cat-cow", "reps": 30},
            {"type": "hold", "name": "Plank", "hold_s": 38},
            {"type": "hold", "name": "Child's pose", "hold_s": 90},
            {"type": "circuit", "name": "Core", "rounds": 4, "steps": [
                {"type": "reps", "name": "Bird dog", "reps": 10},
            ]},
        ],
    }  # fmt: skip
    found = suggest(document, sessions_of("mine", 0, 0, 0))
    assert found is not None
    assert [option.key for option in found.options] == ["more-reps"]
    changes = [(c.pointer, c.old, c.new) for c in found.options[0].changes]
    assert changes == [("/steps/0", 29, 30), ("/steps/4/steps/0", 10, 12), ("/steps/2", 38, 40)]


def test_routines_that_are_not_strength_are_not_progressed() -> None:
    _, document = bundled("stretch-flow")
    assert suggest(document, sessions_of("stretch-flow", 0, 0, 0)) is None


def test_a_pain_stop_suggests_easing_off_with_the_safety_advice() -> None:
    _, document = bundled("core-progression")
    history = sessions_of("core-progression", 1, 1, 1)
    history.append(
        make_record(
            T0 + 5 * DAY, routine_id="core-progression", status=SessionStatus.STOPPED_FOR_PAIN
        )
    )
    found = suggest(document, history)
    assert found is not None and found.kind is SuggestionKind.EASE_OFF
    assert "stopped because of pain" in found.reason.get()
    assert safety.RED_FLAGS in found.advice and safety.STOP_ON_PAIN in found.advice
    (option,) = found.options
    changes = {(c.pointer, c.field): (c.old, c.new) for c in option.changes}
    assert changes[("/steps/0", "reps")] == (15, 13)
    assert changes[("/steps/3", "hold_s")] == (30, 25)
    assert ("/steps/5", "hold_s") not in changes  # the 90 s child's pose is a rest, left alone


def test_pain_rising_by_three_points_eases_off_the_routine_it_came_after_and_no_other() -> None:
    _, strength = bundled("strength-beginner")
    _, stretch = bundled("stretch-flow")
    history = sessions_of("strength-beginner", 1, 1, 1)
    history.append(make_record(T0 + 4 * DAY, routine_id="stretch-flow", kind="stretch", pain=4))
    found = suggest(stretch, history)
    assert found is not None and found.kind is SuggestionKind.EASE_OFF
    assert "from 1 to 4" in found.reason.get()
    # The pain came after the stretch flow: the strength circuit gets no ease-off (and no
    # progress either, as the latest pain is above 2).
    assert suggest(strength, history) is None
    history[-1].pain = 3  # two points: no alarm, and no progress either (pain 3 > 2)
    assert suggest(stretch, history) is None
    assert suggest(strength, history) is None


def test_one_pain_stop_suggests_easing_off_only_the_routine_that_was_stopped() -> None:
    history = sessions_of("stretch-flow", 1, 1)
    history += sessions_of("strength-beginner", 1, 1, 1, start=T0 + 3 * DAY)
    history.append(
        make_record(
            T0 + 7 * DAY,
            routine_id="core-progression",
            pain=6,
            status=SessionStatus.STOPPED_FOR_PAIN,
        )
    )
    offered = {
        name: suggest(bundled(name)[1], history)
        for name in ("core-progression", "strength-beginner", "stretch-flow", "warm-up")
    }
    assert offered["core-progression"] is not None
    assert offered["core-progression"].kind is SuggestionKind.EASE_OFF
    assert [name for name, found in offered.items() if found is not None] == ["core-progression"]


@pytest.mark.parametrize(
    ("base", "kind", "taken", "expected"),
    [
        ("core", SuggestionKind.PROGRESS, [], ("core-progressed-2", 2)),
        ("core-progressed-2", SuggestionKind.PROGRESS, [], ("core-progressed-3", 3)),
        ("core", SuggestionKind.PROGRESS, ["core-progressed-2"], ("core-progressed-3", 3)),
        ("core-progressed-3", SuggestionKind.EASE_OFF, [], ("core-eased-4", 4)),
    ],
)
def test_new_ids_count_levels_and_skip_taken_ones(
    base: str, kind: SuggestionKind, taken: list[str], expected: tuple[str, int]
) -> None:
    assert new_routine_id(base, kind, taken) == expected


def test_a_new_id_stays_within_64_characters() -> None:
    made, _ = new_routine_id("a" * 64, SuggestionKind.PROGRESS, [])
    assert len(made) == 64 and made.endswith("-progressed-2")


def test_applying_an_option_keeps_unknown_fields_and_leaves_the_original_alone() -> None:
    _, document = bundled("strength-beginner")
    document["x-made-by"] = {"tool": "someone's editor"}
    before = json.dumps(document, sort_keys=True)
    found = suggest(document, sessions_of("strength-beginner", 0, 0, 0))
    assert found is not None
    changed = apply_option(
        document, found, found.options[0], "strength-beginner-progressed-2", 2, date(2026, 11, 30)
    )
    assert json.dumps(document, sort_keys=True) == before
    assert changed["x-made-by"] == {"tool": "someone's editor"}
    assert changed["steps"][0]["steps"][0]["reps"] == 14
    assert changed["title"]["en"] == "Beginner back strength circuit – harder"
    assert changed["title"]["da"].endswith(" – sværere")
    assert changed["title"]["zh-TW"].endswith(" – 進階版")
    assert changed["description"]["en"].startswith(
        "Made harder on 2026-11-30: You completed this routine 3 times in a row"
    )
    assert document["description"]["en"] in changed["description"]["en"]
    assert changed["description"]["da"].startswith("Gjort sværere den 2026-11-30: ")


def test_accepting_writes_a_new_user_routine_that_loads_and_changes_nothing_else() -> None:
    bundled_path, document = bundled("strength-beginner")
    bundled_bytes = bundled_path.read_bytes()
    found = suggest(document, sessions_of("strength-beginner", 0, 1, 2))
    assert found is not None
    more_rounds = next(o for o in found.options if o.key == "more-rounds")
    written = accept(document, found, more_rounds)
    assert written == paths.user_routines_dir() / "strength-beginner-progressed-2.json"
    catalog = load_catalog()
    assert catalog.problems == ()
    copy = catalog.find("strength-beginner-progressed-2")
    assert copy is not None and not copy.bundled
    assert copy.steps[0].rounds == 4
    assert str(copy.title).endswith(" – harder")
    assert bundled_path.read_bytes() == bundled_bytes
    # Accepting again never replaces the first copy; progressing the copy counts on.
    again = accept(document, found, more_rounds)
    assert again.name == "strength-beginner-progressed-3.json"
    copy_document = json.loads(written.read_text("utf-8"))
    later = suggest(copy_document, sessions_of("strength-beginner-progressed-2", 0, 0, 0))
    assert later is not None
    third = accept(copy_document, later, later.options[0])
    assert third.name == "strength-beginner-progressed-4.json"
    title = json.loads(third.read_text("utf-8"))["title"]["en"]
    assert title.endswith(" – 3 steps harder") and title.count(" – ") == 1


def test_a_copy_the_loader_would_refuse_is_not_written() -> None:
    long_hold = {"type": "hold", "name": "Long hold", "hold_s": 600}
    document = {
        "format": 1,
        "id": "marathon",
        "title": "Marathon",
        "kind": "strength",
        "steps": [{"type": "circuit", "name": "Big", "rounds": 3, "steps": [long_hold] * 5}],
    }
    found = suggest(document, sessions_of("marathon", 0, 0, 0))
    assert found is not None
    with pytest.raises(RoutineError, match="hours"):
        accept(document, found, found.options[0], taken_ids=[])
    assert not list(paths.user_routines_dir().glob("*.json"))


def test_suggestion_for_a_loaded_routine_reads_the_log() -> None:
    routine = load_catalog().find("strength-beginner")
    assert routine is not None
    with HistoryStore() as store:
        store.add_many(
            make_record(
                T0 + n * DAY,
                routine_id=routine.routine_id,
                pain=1,
                content_hash=routine.content_hash,
            )
            for n in range(3)
        )
        store.add(make_record(T0 + 4 * DAY, routine_id="other", content_hash="x"))
        found = suggestion_for(store, routine)
        assert found is not None and found.kind is SuggestionKind.PROGRESS
        store.add(make_record(T0 + 5 * DAY, routine_id="other", pain=5))
        assert suggestion_for(store, routine) is None  # the pain came after another routine
        store.add(
            make_record(
                T0 + 6 * DAY,
                routine_id=routine.routine_id,
                pain=5,
                content_hash=routine.content_hash,
            )
        )
        eased = suggestion_for(store, routine)
        assert eased is not None and eased.kind is SuggestionKind.EASE_OFF
