"""A small tile with one number and what it means, for the top of the history window.

Drawn with the palette (a rounded panel, fonts set directly) rather than a
style sheet, which makes a window slower to build and lay out.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFont, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from backcoach.ui.app.theme import SOFT_TEXT_ALPHA


def _muted(label: QLabel, point_scale: float) -> None:
    palette = label.palette()
    colour = palette.color(QPalette.ColorRole.WindowText)
    colour.setAlpha(SOFT_TEXT_ALPHA)
    palette.setColor(QPalette.ColorRole.WindowText, colour)
    label.setPalette(palette)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * point_scale)
    label.setFont(font)


class StatTile(QWidget):
    """Shows ``title`` over a large value and a one-line detail under it."""

    def __init__(self, title: str, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.title_label = QLabel(title)
        _muted(self.title_label, 0.95)
        self.value_label = QLabel("–")
        font = self.value_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setWeight(QFont.Weight.Bold)
        self.value_label.setFont(font)
        self.detail_label = QLabel("")
        _muted(self.detail_label, 0.88)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.setSpacing(1)
        for label in (self.title_label, self.value_label, self.detail_label):
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setWordWrap(label is not self.value_label)  # long languages: two lines
            layout.addWidget(label)

    def set_value(self, value: str, detail: str = "") -> None:
        """Show ``value`` large and ``detail`` under it."""
        self.value_label.setText(value)
        self.detail_label.setText(detail)
        self.setAccessibleName(f"{self.title_label.text()}: {value}. {detail}".strip())

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 (Qt name)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid), 1))
        painter.setBrush(palette.color(QPalette.ColorRole.Base))
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6)
        painter.end()
