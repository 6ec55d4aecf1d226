"""The big countdown: very large digits inside a ring that fills as the segment passes.

Everything scales with the widget: the digits take about half the ring's
diameter, so on a laptop screen they stay readable from a mat three metres away.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget


class CountdownRing(QWidget):
    """A progress ring with a big text (seconds left, a rep number) and a small caption."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("countdownRing")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(160, 160)
        self._text = ""
        self._caption = ""
        self._fraction = 0.0
        self._color = QColor("#ffffff")

    @property
    def text(self) -> str:
        """Return the big text shown now."""
        return self._text

    @property
    def caption(self) -> str:
        return self._caption

    @property
    def fraction(self) -> float:
        return self._fraction

    def set_state(self, text: str, caption: str, fraction: float) -> None:
        """Show ``text`` large, ``caption`` small below it, and the ring ``fraction`` full."""
        fraction = min(1.0, max(0.0, fraction))
        if (text, caption) == (self._text, self._caption) and abs(fraction - self._fraction) < 1e-3:
            return
        self._text, self._caption, self._fraction = text, caption, fraction
        self.setAccessibleName(f"{text} {caption}".strip())
        self.update()

    def set_color(self, color: str) -> None:
        """Draw ring and digits in ``color`` (the phase's text colour)."""
        self._color = QColor(color)
        self.update()

    def ring_rect(self) -> QRectF:
        """Return the square the ring is drawn in (centred, with room for the stroke)."""
        side = min(self.width(), self.height())
        stroke = side * 0.06
        size = side - stroke
        return QRectF((self.width() - size) / 2, (self.height() - size) / 2, size, size)

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = self.ring_rect()
        stroke = rect.width() * 0.06
        track = QColor(self._color)
        track.setAlphaF(0.25)
        painter.setPen(QPen(track, stroke, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap))
        painter.drawEllipse(rect)
        if self._fraction > 0:
            pen = QPen(self._color, stroke, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
            painter.setPen(pen)
            # Qt angles are 1/16 degree, counter-clockwise from 3 o'clock: start at 12, go clockwise
            painter.drawArc(rect, 90 * 16, -round(self._fraction * 360 * 16))
        inner = rect.width() - 2 * stroke
        painter.setPen(QPen(self._color))
        font = QFont(self.font())
        font.setBold(True)
        font.setPixelSize(max(8, round(inner * 0.56)))
        metrics = QFontMetricsF(font)
        width = metrics.horizontalAdvance(self._text)
        if width > inner * 0.8:
            font.setPixelSize(max(8, int(font.pixelSize() * inner * 0.8 / width)))
            metrics = QFontMetricsF(font)
        painter.setFont(font)
        text_height = metrics.capHeight()
        caption_font = QFont(self.font())
        caption_font.setPixelSize(max(8, round(inner * 0.085)))
        caption_metrics = QFontMetricsF(caption_font)
        centre = rect.center()
        baseline = centre.y() + text_height / 2
        if self._caption:
            baseline -= caption_metrics.height() * 0.5
        painter.drawText(
            QRectF(rect.left(), baseline - metrics.ascent(), rect.width(), metrics.height()),
            Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
            self._text,
        )
        if self._caption:
            painter.setFont(caption_font)
            top = baseline + caption_metrics.height() * 0.35
            painter.drawText(
                QRectF(rect.left(), top, rect.width(), caption_metrics.height() * 1.2),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                self._caption,
            )
        painter.end()
