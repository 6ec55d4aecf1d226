"""Every exercise of every bundled routine has its own picture, and the pictures load.

Two steps may share a picture only when they are the same exercise. A picture is named
after the step id of its exercise; the few steps that repeat an exercise under another id
are listed in ``SAME_EXERCISE`` (documented in routines/README.md).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

from backcoach.config.paths import assets_dir
from backcoach.core.routine.catalog import load_catalog
from backcoach.core.routine.model import BreathingStep, CircuitStep, RepsStep, RestStep, Step
from backcoach.ui.player.illustration_view import load_picture

SAME_EXERCISE = {
    "one-knee-to-chest": "knee-to-chest",
    "bridge-hold": "glute-bridge",
    "child-pose-rest": "child-pose",
}
"""Step ids that name an exercise already drawn under another id."""

START_COLOR = QColor("#9fb6cc")
"""The light blue of a movement's start position."""


def _exercises(steps) -> Iterator[Step]:
    for step in steps:
        if isinstance(step, CircuitStep):
            yield from _exercises(step.steps)
        elif not isinstance(step, (BreathingStep, RestStep)):
            yield step


def bundled_exercises() -> list[tuple[str, Step]]:
    catalog = load_catalog()
    assert not catalog.problems
    return [
        (f"{routine.routine_id}{step.pointer}", step)
        for routine in catalog.routines
        for step in _exercises(routine.steps)
    ]


EXERCISES = bundled_exercises()


def rendered(path: Path) -> QImage:
    image = QImage(400, 240, QImage.Format.Format_ARGB32)
    image.fill(QColor("#f7f7f2"))
    painter = QPainter(image)
    QSvgRenderer(str(path)).render(painter, QRectF(0, 0, 400, 240))
    painter.end()
    return image


def pixels_near(image: QImage, color: QColor) -> int:
    return sum(
        1
        for x in range(0, image.width(), 2)
        for y in range(0, image.height(), 2)
        if max(
            abs(image.pixelColor(x, y).red() - color.red()),
            abs(image.pixelColor(x, y).green() - color.green()),
            abs(image.pixelColor(x, y).blue() - color.blue()),
        )
        < 12
    )


def test_the_bundled_routines_have_34_exercise_steps() -> None:
    assert len(EXERCISES) == 34  # the count the pictures were drawn for (issue 14)


@pytest.mark.parametrize(("where", "step"), EXERCISES, ids=[w for w, _ in EXERCISES])
def test_every_exercise_step_has_a_picture_that_loads(where: str, step: Step) -> None:
    assert step.illustration is not None, f"{where}: no illustration"
    assert step.illustration.is_file(), f"{where}: {step.illustration} is missing"
    assert isinstance(load_picture(step.illustration), QSvgRenderer), f"{where}: unreadable"


@pytest.mark.parametrize(("where", "step"), EXERCISES, ids=[w for w, _ in EXERCISES])
def test_a_picture_is_shared_only_by_the_same_exercise(where: str, step: Step) -> None:
    assert step.step_id is not None and step.illustration is not None
    exercise = SAME_EXERCISE.get(step.step_id, step.step_id)
    assert step.illustration.name == f"{exercise}.svg", where


def test_every_picture_in_assets_is_used_by_a_bundled_step() -> None:
    used = {step.illustration.name for _, step in EXERCISES if step.illustration}
    files = {path.name for path in (assets_dir() / "illustrations").glob("*.svg")}
    assert files == used


@pytest.mark.parametrize(
    "name", sorted({s.illustration.name for _, s in EXERCISES if isinstance(s, RepsStep)})
)
def test_a_movement_picture_shows_its_start_position_faint(name: str) -> None:
    """Reps are movements: the start is drawn light, the end in the full blue."""
    image = rendered(assets_dir() / "illustrations" / name)
    assert pixels_near(image, START_COLOR) > 40, f"{name}: no faint start position"
    assert pixels_near(image, QColor("#2f5d8a")) > 200, f"{name}: no solid end position"
