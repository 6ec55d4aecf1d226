"""A small tile with one number and what it means, for the top of the history window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget


class StatTile(QFrame):
    """Shows ``title`` over a large value and a one-line detail under it."""

    def __init__(self, title: str, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setStyleSheet(
            f"#{object_name} {{ background: palette(base); border: 1px solid palette(mid);"
            " border-radius: 6px; }"
        )
        self.title_label = QLabel(title)
        self.title_label.setStyleSheet("color: palette(dark); font-size: 12px;")
        self.value_label = QLabel("–")
        self.value_label.setStyleSheet("font-size: 20px; font-weight: bold;")
        self.detail_label = QLabel("")
        self.detail_label.setStyleSheet("color: palette(dark); font-size: 11px;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.setSpacing(1)
        for label in (self.title_label, self.value_label, self.detail_label):
            label.setTextFormat(Qt.TextFormat.PlainText)
            layout.addWidget(label)

    def set_value(self, value: str, detail: str = "") -> None:
        """Show ``value`` large and ``detail`` under it."""
        self.value_label.setText(value)
        self.detail_label.setText(detail)
        self.setAccessibleName(f"{self.title_label.text()}: {value}. {detail}".strip())
