"""The sizes a text shrinks through, and the first that fits, found as trying each would."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF
from PySide6.QtWidgets import QLabel

from backcoach.ui.player.fitting_label import FittingLabel
from backcoach.ui.player.page import _fit_lines
from backcoach.ui.player.shrinking import first_fitting, shrinking_sizes
from tests.conftest import REPO_ROOT


def test_the_sizes_step_down_to_the_least_and_stop_there() -> None:
    assert shrinking_sizes(100, 60, 0.9) == pytest.approx([100, 90, 81, 72.9, 65.61, 60])
    assert shrinking_sizes(50, 60, 0.9) == [50]  # already at or under the least


@pytest.mark.parametrize("fitting_from", range(9))
def test_the_first_size_that_fits_is_found_in_few_tries(fitting_from: int) -> None:
    sizes = shrinking_sizes(100, 40, 0.9)  # 100, 90, ... 43.0, 40: ten sizes
    tried: list[float] = []

    def fits(size: float) -> bool:
        tried.append(size)
        return sizes.index(size) >= fitting_from

    assert first_fitting(sizes, fits) == sizes[fitting_from]
    assert len(tried) <= 5  # the full size, then halving nine: not ten tries


def test_nothing_fits_gives_the_least_size() -> None:
    sizes = shrinking_sizes(100, 40, 0.9)
    assert first_fitting(sizes, lambda size: False) == 40


def _texts() -> list[str]:
    """Every bundled instruction and name, in three languages: real lengths and scripts."""
    texts = []
    for path in sorted((REPO_ROOT / "routines").glob("*.json")):
        stack = list(json.loads(path.read_text(encoding="utf-8"))["steps"])
        while stack:
            step = stack.pop()
            stack.extend(step.get("steps", []))
            for key in ("name", "instruction"):
                value = step.get(key)
                texts.extend(value.values() if isinstance(value, dict) else [value] * bool(value))
    return texts


def _linear_single(text: str, full: int, least: float, room: float) -> int:
    """The size trying each step in turn gives (FittingLabel before halving)."""
    size = float(full)
    while size > least:
        trial = QFont()
        trial.setPixelSize(round(size))
        if QFontMetricsF(trial).horizontalAdvance(text) <= room:
            break
        size = max(least, size * 0.92)
    return round(size)


def _linear_lines(text: str, base: int, smallest: int, width: int, lines: int) -> int:
    """The size trying each step in turn gives (``_fit_lines`` before halving)."""
    size = float(base)
    font = QFont()
    while True:
        font.setPixelSize(round(size))
        metrics = QFontMetricsF(font)
        flags = int(Qt.TextFlag.TextWordWrap)
        needed = metrics.boundingRect(QRectF(0, 0, width, 10_000), flags, text)
        if needed.height() <= metrics.lineSpacing() * (lines + 0.5) or size <= smallest:
            return round(size)
        size = max(smallest, size * 0.93)


def test_a_fitting_label_picks_the_size_trying_each_would(qtbot) -> None:
    label = FittingLabel(0.6)
    qtbot.addWidget(label)
    font = QFont()
    font.setPixelSize(54)
    label.setFont(font)
    label.show()
    chosen = set()
    for width in (300, 700, 1200):
        label.resize(width, 80)
        room = width - 2
        for text in _texts():
            label.setText(text)
            size = QLabel.font(label).pixelSize()
            assert size == _linear_single(text, 54, 54 * 0.6, room), (width, text)
            chosen.add(size)
    assert {54, 32} < chosen and len(chosen) >= 5  # full, least and steps between


def test_a_fitted_instruction_picks_the_size_trying_each_would(qtbot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    label.setWordWrap(True)
    chosen = set()
    for width in (400, 900):
        label.resize(width, 200)
        for text in _texts():
            _fit_lines(label, text, 2, 40, 24)
            size = label.font().pixelSize()
            assert size == _linear_lines(text, 40, 24, width, 2), (width, text)
            chosen.add(size)
    assert {40, 24} < chosen and len(chosen) >= 5
