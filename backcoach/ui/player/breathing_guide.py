"""The breathing guide: a circle that grows while breathing in and shrinks while breathing out.

It holds its size during a breath hold, and shows the phase in words inside
(or below, when the circle is small), so the guide works without colour and
without sound.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from backcoach.core.playback.display import BreathState

MIN_SCALE = 0.35
"""The circle's diameter with empty lungs, as a share of the largest circle."""


class BreathingGuide(QWidget):
    """Paints a ``BreathState``: its size (0 empty .. 1 full) and its word."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("breathingGuide")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(120, 120)
        self._state: BreathState | None = None
        self._color = QColor("#ffffff")

    @property
    def state(self) -> BreathState | None:
        return self._state

    def diameter_scale(self) -> float:
        """Return the circle's diameter now, as a share of the largest circle (0.35..1)."""
        size = self._state.size if self._state else 0.0
        return MIN_SCALE + (1.0 - MIN_SCALE) * size

    def set_state(self, state: BreathState | None) -> None:
        """Show ``state`` (None: no breathing to guide)."""
        if state == self._state:
            return
        self._state = state
        self.setAccessibleName(state.label if state else "")
        self.update()

    def set_color(self, color: str) -> None:
        self._color = QColor(color)
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        label_height = max(24.0, self.height() * 0.2)
        area = min(self.width(), self.height() - label_height) * 0.96
        if self._state is None or area < 16:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        centre = QPointF(self.width() / 2, (self.height() - label_height) / 2)
        outline = QColor(self._color)
        outline.setAlphaF(0.5)
        painter.setPen(QPen(outline, max(2.0, area * 0.01)))
        painter.setBrush(QBrush(Qt.BrushStyle.NoBrush))
        painter.drawEllipse(_circle(centre, area / 2))  # the size of full lungs
        fill = QColor(self._color)
        fill.setAlphaF(0.35)
        painter.setBrush(QBrush(fill))
        painter.setPen(QPen(self._color, max(2.0, area * 0.02)))
        radius = area * self.diameter_scale() / 2
        painter.drawEllipse(_circle(centre, radius))
        font = QFont(self.font())
        font.setBold(True)
        font.setPixelSize(max(14, round(label_height * 0.7)))
        width = QFontMetricsF(font).horizontalAdvance(self._state.label)
        if width > self.width() * 0.95:
            font.setPixelSize(max(10, int(font.pixelSize() * self.width() * 0.95 / width)))
        painter.setFont(font)
        painter.setPen(QPen(self._color))
        painter.drawText(
            QRectF(0, self.height() - label_height, self.width(), label_height),
            Qt.AlignmentFlag.AlignCenter,
            self._state.label,
        )
        painter.end()


def _circle(centre: QPointF, radius: float) -> QRectF:
    return QRectF(centre.x() - radius, centre.y() - radius, 2 * radius, 2 * radius)
