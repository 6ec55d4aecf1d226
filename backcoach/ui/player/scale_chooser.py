"""A 0-10 scale as a row of large buttons, with "not answered" as a real state.

For the keyboard the row is one Tab stop (the chosen number, or 0): Left and
Right move along it, Space chooses (or clears) the number in focus.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget


class ScaleChooser(QWidget):
    """Eleven toggle buttons 0..10 under a question; ``value`` is None until one is chosen."""

    changed = Signal(object)

    def __init__(self, question: str, low: str, high: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.question = QLabel(question)
        self.question.setStyleSheet("font-size: 18px; font-weight: bold;")
        self.question.setWordWrap(True)
        layout.addWidget(self.question)
        row = QHBoxLayout()
        self.group = QButtonGroup(self)
        self.group.setExclusive(False)  # lets a second click clear the answer
        self.buttons: list[QPushButton] = []
        for number in range(11):
            button = QPushButton(str(number))
            button.setCheckable(True)
            button.setMinimumSize(40, 40)
            button.setAccessibleName(f"{question} {number}")
            button.setStyleSheet(
                "QPushButton { font-size: 18px; }"
                "QPushButton:checked { background: #1f5fa8; color: white; font-weight: bold; }"
            )
            self.group.addButton(button, number)
            self.buttons.append(button)
            row.addWidget(button)
        self.group.idClicked.connect(self._clicked)
        layout.addLayout(row)
        ends = QHBoxLayout()
        for text, align in ((low, Qt.AlignmentFlag.AlignLeft), (high, Qt.AlignmentFlag.AlignRight)):
            end = QLabel(text)
            end.setWordWrap(True)  # the two ends share the width in a long language
            end.setAlignment(align)
            ends.addWidget(end, 1)
        layout.addLayout(ends)
        self._value: int | None = None
        self._set_tab_stop(0)

    @property
    def value(self) -> int | None:
        """Return the chosen number, or None when the question was not answered."""
        return self._value

    def set_value(self, value: int | None) -> None:
        """Choose ``value`` (None clears the answer)."""
        self._value = value
        for number, button in enumerate(self.buttons):
            button.setChecked(number == value)
        self._set_tab_stop(value or 0)
        self.changed.emit(value)

    def _set_tab_stop(self, number: int) -> None:
        """Make ``number`` the row's one Tab stop (the others still take a click)."""
        for index, button in enumerate(self.buttons):
            focus = Qt.FocusPolicy.StrongFocus if index == number else Qt.FocusPolicy.ClickFocus
            button.setFocusPolicy(focus)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        """Left and Right move the focus along the row."""
        step = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1}.get(Qt.Key(event.key()))
        current = next((i for i, b in enumerate(self.buttons) if b.hasFocus()), None)
        if step is None or current is None:
            super().keyPressEvent(event)
            return
        number = min(10, max(0, current + step))
        self._set_tab_stop(number)
        self.buttons[number].setFocus(Qt.FocusReason.OtherFocusReason)

    def _clicked(self, number: int) -> None:
        self.set_value(None if self._value == number else number)
