"""What the QPainter-drawn charts share: a painter set up for them and colours from the palette."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QWidget

from backcoach.ui.app.theme import SOFT_TEXT_ALPHA


@dataclass(frozen=True)
class ChartInk:
    """The widget's text colour, a softer one for labels, and a faint one for grid lines."""

    text: QColor
    muted: QColor
    grid: QColor


def begin_chart(widget: QWidget) -> tuple[QPainter, ChartInk]:
    """Return an antialiased painter on ``widget`` with a small font, and the chart's colours."""
    painter = QPainter(widget)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    font = painter.font()
    font.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
    painter.setFont(font)
    text = widget.palette().color(widget.foregroundRole())
    muted, grid = QColor(text), QColor(text)
    muted.setAlpha(SOFT_TEXT_ALPHA)
    grid.setAlpha(40)
    return painter, ChartInk(text, muted, grid)
