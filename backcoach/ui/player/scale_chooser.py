"""A 0-10 scale as a row of large buttons, with "not answered" as a real state."""

from __future__ import annotations

from PySide6.QtCore import Signal
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
        ends.addWidget(QLabel(low))
        ends.addStretch(1)
        ends.addWidget(QLabel(high))
        layout.addLayout(ends)
        self._value: int | None = None

    @property
    def value(self) -> int | None:
        """Return the chosen number, or None when the question was not answered."""
        return self._value

    def set_value(self, value: int | None) -> None:
        """Choose ``value`` (None clears the answer)."""
        self._value = value
        for number, button in enumerate(self.buttons):
            button.setChecked(number == value)
        self.changed.emit(value)

    def _clicked(self, number: int) -> None:
        self.set_value(None if self._value == number else number)
