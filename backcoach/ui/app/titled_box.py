"""A framed box with a title that wraps: ``QGroupBox`` draws its title on one line.

A group box is at least as wide as its title, so a long title (a long language,
or one with numbers in it) pushes the whole window wider; here the title is a
word-wrapping label above the content.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget


class TitledBox(QFrame):
    """A panel with a bold title that wraps, and content under it (``add``)."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.heading = QLabel(title)
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.box = QVBoxLayout(self)
        self.box.addWidget(self.heading)

    def add(self, widget: QWidget) -> None:
        """Put ``widget`` under the title."""
        self.box.addWidget(widget)

    def title(self) -> str:
        """Return the title."""
        return self.heading.text()

    def setTitle(self, title: str) -> None:  # noqa: N802 - QGroupBox's name
        """Show ``title``."""
        self.heading.setText(title)
