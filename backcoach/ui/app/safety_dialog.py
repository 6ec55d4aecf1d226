"""The safety check: shown before the first session, and always reachable from Help."""

from __future__ import annotations

from html import escape

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
from backcoach.i18n import _


class SafetyDialog(QDialog):
    """Asks the user to confirm the three conditions the articles set before training.

    "Continue" is enabled only when every box is ticked. A user who cannot tick one is
    told, on the dialog itself, to see a professional first.
    """

    def __init__(self, language: str = "en", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Before you start"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        title, confirm = escape(_("Before you start")), escape(_("Please confirm:"))
        not_advice = escape(NOT_MEDICAL_ADVICE.get(language))
        intro = QLabel(f"<h2>{title}</h2><p>{not_advice}</p><p>{confirm}</p>")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.checks: list[QCheckBox] = []
        for condition in BEFORE_YOU_START:
            box = QCheckBox(condition.get(language))
            box.setStyleSheet("QCheckBox { padding: 4px; }")
            box.toggled.connect(self._update)
            self.checks.append(box)
            layout.addWidget(box)
        during = escape(_("During every session:"))
        stop_on_pain = escape(STOP_ON_PAIN.get(language))
        advice = QLabel(
            f"<p><b>{during}</b> {stop_on_pain}</p><p>{escape(RED_FLAGS.get(language))}</p>"
        )
        advice.setWordWrap(True)
        advice.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(advice)
        self.hint = QLabel(
            _(
                "If you cannot tick every box, please see a physiotherapist or doctor before"
                " using these routines."
            )
        )
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        self.buttons = QDialogButtonBox()
        self.continue_button = self.buttons.addButton(
            _("I understand, continue"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton(_("Not now"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._update()

    def all_confirmed(self) -> bool:
        """Return True when every condition is ticked."""
        return all(box.isChecked() for box in self.checks)

    def _update(self) -> None:
        self.continue_button.setEnabled(self.all_confirmed())
