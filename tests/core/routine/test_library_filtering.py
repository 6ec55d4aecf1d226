"""Library search and filters: name in any language, kind, time bands and equipment."""

from __future__ import annotations

from dataclasses import replace

import pytest

from backcoach.core.routine.cover import cover_picture
from backcoach.core.routine.filtering import (
    NO_EQUIPMENT,
    LibraryFilter,
    TimeBand,
    equipment_items,
    matches,
    time_band,
)
from backcoach.core.routine.model import RoutineKind
from backcoach.core.routine.text import LocalText
from tests.builders import circuit, hold, rest, routine, timed


def _titled(title: dict[str, str], **changes: object):
    return replace(routine(timed(60)), title=LocalText(title), **changes)


@pytest.mark.parametrize(
    ("seconds", "band"),
    [
        (299, TimeBand.SHORT),
        (300, TimeBand.MEDIUM),
        (900, TimeBand.MEDIUM),
        (901, TimeBand.LONG),
    ],
)
def test_time_bands_meet_at_five_and_fifteen_minutes(seconds: float, band: TimeBand) -> None:
    assert time_band(seconds) is band


def test_search_finds_a_title_in_any_of_its_languages_ignoring_case_and_width() -> None:
    bridge = _titled({"en": "Glute bridge", "da": "Bækkenløft", "zh-TW": "臀橋運動"})
    assert matches(bridge, LibraryFilter(text="BRIDGE"))
    assert matches(bridge, LibraryFilter(text="bækken"))
    assert matches(bridge, LibraryFilter(text="臀橋"))
    assert matches(bridge, LibraryFilter(text="Ｂｒｉｄｇｅ"))  # full-width letters
    assert not matches(bridge, LibraryFilter(text="plank"))


def test_kind_time_and_equipment_filters_combine() -> None:
    desk = _titled({"en": "Desk"}, kind=RoutineKind.DESK_BREAK, equipment=())
    mat = _titled({"en": "Floor"}, kind=RoutineKind.STRETCH, equipment=("Mat",))
    assert matches(desk, LibraryFilter(kind=RoutineKind.DESK_BREAK))
    assert not matches(mat, LibraryFilter(kind=RoutineKind.DESK_BREAK))
    assert matches(desk, LibraryFilter(equipment=NO_EQUIPMENT))
    assert not matches(mat, LibraryFilter(equipment=NO_EQUIPMENT))
    assert matches(mat, LibraryFilter(equipment="mat"))
    assert matches(mat, LibraryFilter(band=TimeBand.LONG), seconds=1200)
    assert not matches(mat, LibraryFilter(band=TimeBand.LONG, kind=RoutineKind.STRETCH))
    assert matches(desk, LibraryFilter(band=TimeBand.SHORT))  # 60 s, computed when not given


def test_equipment_items_are_listed_once_each() -> None:
    routines = [
        _titled({"en": "A"}, equipment=("mat", "Chair")),
        _titled({"en": "B"}, equipment=("Mat",)),
    ]
    assert equipment_items(routines) == ["Chair", "mat"]


def test_the_cover_is_the_first_exercise_with_a_picture_inside_circuits_too(tmp_path) -> None:
    first = tmp_path / "first.svg"
    plain = routine(rest(10), circuit(hold(20), replace(timed(30), illustration=first)))
    assert cover_picture(plain) == first
    assert cover_picture(routine(rest(10), timed(30))) is None
