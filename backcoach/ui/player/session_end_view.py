"""After a session: how it ended, the safety advice after a pain stop, and three quick questions.

Effort (0-10), back pain (0-10) and a note are each optional, and "Skip"
leaves all three out. The view only collects the answers; the player saves them.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from backcoach.core.playback.record import SessionRecord, SessionStatus
from backcoach.core.routine.describe import format_duration
from backcoach.core.safety import pain_stop_advice
from backcoach.i18n import N_, _, ngettext
from backcoach.ui.player.announcer import post_announcement
from backcoach.ui.player.scale_chooser import ScaleChooser

HEADINGS = {
    SessionStatus.COMPLETED: N_("Well done – routine complete"),
    SessionStatus.PARTLY_DONE: N_("Routine finished – partly done"),
    SessionStatus.STOPPED_EARLY: N_("Session stopped"),
    SessionStatus.STOPPED_FOR_PAIN: N_("Stopped because of pain"),
    SessionStatus.INTERRUPTED: N_("Session interrupted"),
    SessionStatus.IN_PROGRESS: N_("Session"),
}

PARTLY_DONE_NOTE = N_(
    "It is in your history as partly done and does not extend your streak:"
    " less than 80 % of the exercise time was done, or an exercise was skipped."
)

NOTE_MAX_CHARS = 500


class SessionEndView(QWidget):
    """Shows one ended session; ``answered(effort, pain, note)`` or ``skipped()`` closes it."""

    answered = Signal(object, object, str)
    skipped = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sessionEnd")
        self.heading = QLabel()
        self.heading.setObjectName("endHeading")
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-size: 30px; font-weight: bold;")
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)  # the routine's title is not markup
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("font-size: 18px;")
        self.advice = QLabel()
        self.advice.setObjectName("painAdvice")
        self.advice.setWordWrap(True)
        self.advice.setTextFormat(Qt.TextFormat.PlainText)
        self.advice.setStyleSheet(
            "QLabel { font-size: 18px; background: #fff3f3; color: #5c0000;"
            " border: 3px solid #c62828; border-radius: 6px; padding: 10px; }"
        )
        self.saved = QLabel()
        self.saved.setObjectName("savedNote")
        self.saved.setWordWrap(True)
        self.saved.setStyleSheet("font-size: 15px; color: palette(text);")
        self.effort = ScaleChooser(
            _("How hard was it? (effort)"), _("0 = no effort at all"), _("10 = as hard as it gets")
        )
        self.pain = ScaleChooser(
            _("How does your back feel now? (pain)"),
            _("0 = no pain"),
            _("10 = worst pain imaginable"),
        )
        self.note = QLineEdit()
        self.note.setObjectName("noteField")
        self.note.setMaxLength(NOTE_MAX_CHARS)
        self.note.setPlaceholderText(_("A note for yourself (optional)"))
        self.note.setAccessibleName(_("Note for your log"))
        self.note.setStyleSheet("font-size: 16px; padding: 6px;")
        self.save_button = QPushButton(_("Save answers"))
        self.save_button.setObjectName("saveAnswers")
        self.skip_button = QPushButton(_("Skip"))
        self.skip_button.setObjectName("skipAnswers")
        for button in (self.save_button, self.skip_button):
            button.setMinimumHeight(48)
            button.setStyleSheet("font-size: 18px; padding: 0 24px;")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self._save)
        self.note.returnPressed.connect(self._save)
        self.skip_button.clicked.connect(self.skipped.emit)

        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setSpacing(8)
        layout.addWidget(self.heading)
        layout.addWidget(self.summary)
        layout.addWidget(self.advice)
        layout.addWidget(self.saved)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        layout.addWidget(line)
        questions = QLabel(_("Three quick questions for your log – answer any, or skip."))
        questions.setStyleSheet("font-size: 16px;")
        questions.setWordWrap(True)
        layout.addWidget(questions)
        layout.addWidget(self.effort)
        layout.addWidget(self.pain)
        layout.addWidget(self.note)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # it scrolls to the focused question
        scroll.setWidget(content)
        buttons = QHBoxLayout()  # outside the scrolling part: always in view
        buttons.addStretch(1)
        buttons.addWidget(self.skip_button)
        buttons.addWidget(self.save_button)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(40, 16, 40, 16)
        outer.addWidget(scroll, 1)
        outer.addLayout(buttons)

    def show_record(self, record: SessionRecord, saved: bool, language: str = "en") -> None:
        """Show how ``record`` ended; ``saved`` says whether the log has it."""
        self.heading.setText(_(HEADINGS[record.status]))
        skipped = sum(1 for step in record.steps if step.skipped)
        summary = _("{routine}: {done} done of {planned} planned.").format(
            routine=record.routine_title,
            done=format_duration(record.done_s),
            planned=format_duration(record.planned_s),
        )
        if skipped:
            skipped_text = ngettext("{n} step skipped.", "{n} steps skipped.", skipped)
            summary += " " + skipped_text.format(n=skipped)
        if record.status is SessionStatus.PARTLY_DONE:
            summary += " " + _(PARTLY_DONE_NOTE)
        self.summary.setText(summary)
        pain_stop = record.status is SessionStatus.STOPPED_FOR_PAIN
        self.advice.setText(pain_stop_advice(language) if pain_stop else "")
        self.advice.setVisible(pain_stop)
        self.saved.setText(_("Saved in your history.") if saved else "")
        self.saved.setVisible(saved)
        self.effort.set_value(None)
        self.pain.set_value(None)
        self.note.clear()

    def take_focus(self) -> None:
        """Put the keyboard on Save (now shown) and tell screen readers how the session ended."""
        self.save_button.setFocus(Qt.FocusReason.OtherFocusReason)
        parts = [self.heading.text(), self.summary.text()]
        if self.advice.isVisibleTo(self):
            parts.append(self.advice.text())
        self.announced = ". ".join(part.rstrip(".") for part in parts if part) + "."
        post_announcement(self, self.announced, assertive=self.advice.isVisibleTo(self))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        """Esc skips the questions (as the Skip button does)."""
        if event.key() == Qt.Key.Key_Escape and not event.modifiers():
            self.skipped.emit()
            return
        super().keyPressEvent(event)

    def _save(self) -> None:
        self.answered.emit(self.effort.value, self.pain.value, self.note.text().strip())
