"""The safety check: shown before the first session, and always reachable from Help."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from backcoach.core.safety import BEFORE_YOU_START, NOT_MEDICAL_ADVICE, RED_FLAGS, STOP_ON_PAIN


class SafetyDialog(QDialog):
    """Asks the user to confirm the three conditions the articles set before training.

    "Continue" is enabled only when every box is ticked. A user who cannot tick one is
    told, on the dialog itself, to see a professional first.
    """

    def __init__(self, language: str = "en", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Before you start")
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        intro = QLabel(
            f"<h2>Before you start</h2><p>{NOT_MEDICAL_ADVICE.get(language)}</p>"
            "<p>Please confirm:</p>"
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.checks: list[QCheckBox] = []
        for condition in BEFORE_YOU_START:
            box = QCheckBox(condition.get(language))
            box.setStyleSheet("QCheckBox { padding: 4px; }")
            box.toggled.connect(self._update)
            self.checks.append(box)
            layout.addWidget(box)
        advice = QLabel(
            f"<p><b>During every session:</b> {STOP_ON_PAIN.get(language)}</p>"
            f"<p>{RED_FLAGS.get(language)}</p>"
        )
        advice.setWordWrap(True)
        advice.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(advice)
        self.hint = QLabel(
            "If you cannot tick every box, please see a physiotherapist or doctor before"
            " using these routines."
        )
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        self.buttons = QDialogButtonBox()
        self.continue_button = self.buttons.addButton(
            "I understand, continue", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton("Not now", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._update()

    def all_confirmed(self) -> bool:
        """Return True when every condition is ticked."""
        return all(box.isChecked() for box in self.checks)

    def _update(self) -> None:
        self.continue_button.setEnabled(self.all_confirmed())
