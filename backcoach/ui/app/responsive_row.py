"""A row of widgets that becomes a column when the window is too narrow for it.

A long language (or large text) can make a row of buttons or charts wider than
a small window; rather than pushing the window past the screen's edge, the
row stacks its parts one under the other until it has room again.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QLayout, QWidget

Direction = QBoxLayout.Direction


class ResponsiveRow(QWidget):
    """Lays out its parts left to right where they fit, else top to bottom."""

    def __init__(self, parent: QWidget | None = None, spacing: int = -1) -> None:
        super().__init__(parent)
        self.box = QBoxLayout(Direction.LeftToRight, self)
        self.box.setContentsMargins(0, 0, 0, 0)
        self.box.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)  # it stacks instead
        if spacing >= 0:
            self.box.setSpacing(spacing)
        self._parts: list[QWidget | QLayout] = []

    def add(self, part: QWidget | QLayout, stretch: int = 0) -> None:
        """Add a widget or a layout (e.g. a group of buttons) as the next part."""
        if isinstance(part, QLayout):
            self.box.addLayout(part, stretch)
        else:
            self.box.addWidget(part, stretch)
        self._parts.append(part)

    @property
    def stacked(self) -> bool:
        """Return True while the parts stand one under the other."""
        return self.box.direction() is Direction.TopToBottom

    def row_width(self) -> int:
        """Return the width the parts need side by side."""
        widths = [_minimum(part).width() for part in self._parts if _shown(part)]
        spacing = max(0, self.box.spacing()) * max(0, len(widths) - 1)
        return sum(widths) + spacing

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        """As narrow as the widest part: the row stacks rather than grow the window."""
        shown = [_minimum(part) for part in self._parts if _shown(part)]
        if not shown:
            return QSize(0, 0)
        if self.stacked:
            return super().minimumSizeHint()
        return QSize(max(s.width() for s in shown), max(s.height() for s in shown))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        """Stack the parts when the row does not fit the new width, and back."""
        wanted = Direction.LeftToRight if self.row_width() <= event.size().width() else None
        self._set_direction(wanted or Direction.TopToBottom)
        super().resizeEvent(event)

    def _set_direction(self, direction: QBoxLayout.Direction) -> None:
        if self.box.direction() is not direction:
            self.box.setDirection(direction)
            self.updateGeometry()


def _minimum(part: QWidget | QLayout) -> QSize:
    if isinstance(part, QLayout):
        return part.minimumSize()
    return part.minimumSizeHint().expandedTo(part.minimumSize())


def _shown(part: QWidget | QLayout) -> bool:
    if isinstance(part, QWidget):
        return not part.isHidden()
    return not part.isEmpty()
