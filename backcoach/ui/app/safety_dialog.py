"""The safety check: shown before the first session, and always reachable from Help."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from backcoach.core.safety import BEFORE_YOU_START, NOT_MEDICAL_ADVICE, RED_FLAGS, STOP_ON_PAIN
from backcoach.i18n import _


class _BoxLabel(QLabel):
    """A check box's sentence, wrapped; clicking it ticks the box as the box's own text would."""

    def __init__(self, text: str, box: QCheckBox) -> None:
        super().__init__(text)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setBuddy(box)
        self._box = box

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        """Toggle the box."""
        if event.button() == Qt.MouseButton.LeftButton:
            self._box.toggle()
        super().mouseReleaseEvent(event)


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
            # The sentence sits in a wrapping label beside the box: a check box's own text
            # cannot wrap, and a long language would push it past the screen's edge.
            text = condition.get(language)
            box = QCheckBox()
            box.setAccessibleName(text)
            box.setStyleSheet("QCheckBox { padding: 4px; }")
            box.toggled.connect(self._update)
            self.checks.append(box)
            row = QHBoxLayout()
            row.addWidget(box, 0, Qt.AlignmentFlag.AlignTop)
            row.addWidget(_BoxLabel(text, box), 1)
            layout.addLayout(row)
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
