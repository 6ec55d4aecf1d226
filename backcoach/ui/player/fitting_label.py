"""One line of text that fits its width: a smaller font, then "…" (the whole text in a tooltip).

The player's labels are set in large type to be read from the mat; a long
language (Danish compounds, a long routine title) must not push the window past
the screen. The label asks the layout for the room its whole text needs at the
full size, accepts less, and then shrinks its font down to ``min_scale`` of the
full size before it cuts the text. ``text()`` returns the whole text.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QResizeEvent
from PySide6.QtWidgets import QLabel, QWidget

from backcoach.ui.player.shrinking import first_fitting, shrinking_sizes


class FittingLabel(QLabel):
    """A one-line label whose text always fits: shrunk to ``min_scale``, then elided."""

    def __init__(self, min_scale: float = 0.6, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self._base = QFont(QLabel.font(self))
        self.min_scale = min_scale
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setMinimumWidth(1)

    def font(self) -> QFont:
        """Return the full-size font (the one shown may be smaller, to fit)."""
        return QFont(self._base)

    def text(self) -> str:  # the whole text, not the part shown
        """Return the whole text (what is shown may be cut with "…")."""
        return self._full

    def shown_text(self) -> str:
        """Return the text as shown (cut with "…" where even the smallest font is too wide)."""
        return super().text()

    def is_cut(self) -> bool:
        """Return True when the label shows less than its whole text."""
        return self.shown_text() != self._full

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        """Show ``text``, fitted to the width."""
        if text != self._full or not self.shown_text():
            self._full = text
            self._fit()

    def clear(self) -> None:
        """Show nothing."""
        self._full = ""
        super().clear()
        self.setToolTip("")

    def setFont(self, font: QFont | str | Sequence[str]) -> None:  # noqa: N802 - Qt's name
        """Make ``font`` the full size; the text is fitted again."""
        self._base = QFont(font)
        self._fit()
        self.updateGeometry()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        """Ask for the whole text at the full size."""
        metrics = QFontMetricsF(self._base)
        margins = self.contentsMargins()
        width = metrics.horizontalAdvance(self._full) + margins.left() + margins.right() + 2
        return QSize(int(width + 0.999), int(metrics.height() + 0.999))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        """Accept any width (the text shrinks); keep the full line height."""
        return QSize(1, self.sizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        """Fit the text to the new width."""
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        font = QFont(self._base)
        margins = self.contentsMargins()
        room = max(10, self.width() - margins.left() - margins.right() - 2)
        full = font.pixelSize() if font.pixelSize() > 0 else font.pointSizeF()
        sizes = shrinking_sizes(full, full * self.min_scale, 0.92)
        _resize(font, first_fitting(sizes, lambda size: _width(font, size, self._full) <= room))
        if font != QLabel.font(self):  # an equal font would still re-lay out the window
            QLabel.setFont(self, font)
        shown = QFontMetricsF(font).elidedText(self._full, Qt.TextElideMode.ElideRight, room)
        QLabel.setText(self, shown)
        tip = self._full if shown != self._full else ""
        if tip != self.toolTip():
            self.setToolTip(tip)


def _resize(font: QFont, size: float) -> None:
    if font.pixelSize() > 0:
        font.setPixelSize(max(1, round(size)))
    else:
        font.setPointSizeF(max(1.0, size))


def _width(font: QFont, size: float, text: str) -> float:
    trial = QFont(font)
    _resize(trial, size)
    return QFontMetricsF(trial).horizontalAdvance(text)
