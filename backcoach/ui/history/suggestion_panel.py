"""Progress and ease-off suggestions as cards with Accept / Not now.

The panel only shows and asks: ``accept_requested`` and ``dismiss_requested``
tell the history window what the user chose, and the window does it
(writing the new routine, remembering "Not now") and then removes the card.
An ease-off card always carries the safety advice.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from backcoach.core.progression.queue import PendingSuggestion
from backcoach.core.progression.suggestions import Option, SuggestionKind
from backcoach.i18n import N_, _, current_language, ngettext

SHOWN_CHANGES = 6
NEW_COPY_NOTE = N_("Accepting adds a new routine; the one you have stays as it is.")
_STYLES = {
    SuggestionKind.PROGRESS: "background: #eef8f0; color: #1a1a1a; border: 1px solid #62c370;",
    SuggestionKind.EASE_OFF: "background: #fff4e5; color: #1a1a1a; border: 1px solid #e0a040;",
}
_HEADINGS = {
    SuggestionKind.PROGRESS: N_("Ready for a little more?"),
    SuggestionKind.EASE_OFF: N_("Time to ease off"),
}


def changes_text(option: Option, language: str) -> str:
    """Return the changes an option makes (the first few, then how many more), on one line."""
    parts = [change.describe(language) for change in option.changes[:SHOWN_CHANGES]]
    hidden = len(option.changes) - SHOWN_CHANGES
    if hidden > 0:
        parts.append(
            ngettext("and {n} more change", "and {n} more changes", hidden).format(n=hidden)
        )
    return " · ".join(parts)


class SuggestionCard(QFrame):
    """One suggestion: what and why, the options, the advice, and the two buttons."""

    def __init__(
        self, pending: PendingSuggestion, language: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.pending = pending
        suggestion = pending.suggestion
        self.setObjectName("suggestionCard")
        self.setStyleSheet(
            f"#suggestionCard {{ {_STYLES[suggestion.kind]} border-radius: 6px; }}"
            " #suggestionCard QLabel, #suggestionCard QRadioButton"
            " { background: transparent; border: none; color: #1a1a1a; }"
        )
        texts = QVBoxLayout()
        texts.setSpacing(3)
        title = pending.routine.title.get(language)
        heading_text = html.escape(_(_HEADINGS[suggestion.kind]))
        heading = QLabel(
            f"<b>{heading_text}</b> &nbsp;·&nbsp; {html.escape(title)}"
            f"<br>{html.escape(suggestion.reason.get(language))}"
        )
        heading.setWordWrap(True)
        texts.addWidget(heading)
        self.choices = QButtonGroup(self)
        self.option_buttons: list[QRadioButton] = []
        for index, option in enumerate(suggestion.options):
            label = option.label.get(language)
            if len(suggestion.options) > 1:
                button = QRadioButton(label)
                button.setChecked(index == 0)
                self.choices.addButton(button, index)
                self.option_buttons.append(button)
                texts.addWidget(button)
            else:
                texts.addWidget(QLabel(f"<i>{html.escape(label)}</i>"))
            changes = QLabel(changes_text(option, language))
            changes.setWordWrap(True)
            changes.setStyleSheet("color: #444; margin-left: 22px;")
            texts.addWidget(changes)
        if suggestion.advice:
            advice = QLabel(
                "<ul style='margin-left: -20px'>"
                + "".join(
                    f"<li>{html.escape(text.get(language))}</li>" for text in suggestion.advice
                )
                + "</ul>"
            )
            advice.setObjectName("safetyAdvice")
            advice.setWordWrap(True)
            advice.setTextFormat(Qt.TextFormat.RichText)
            texts.addWidget(advice)

        self.accept_button = QPushButton(_("Accept"))
        self.accept_button.setObjectName("acceptSuggestion")
        self.accept_button.setToolTip(_(NEW_COPY_NOTE))
        self.later_button = QPushButton(_("Not now") if suggestion.options else _("Got it"))
        self.later_button.setObjectName("dismissSuggestion")
        self.later_button.setToolTip(_("Hide this until your next session of this routine."))
        buttons = QVBoxLayout()
        buttons.addWidget(self.accept_button)
        buttons.addWidget(self.later_button)
        note = QLabel(_(NEW_COPY_NOTE))
        note.setWordWrap(True)
        note.setFixedWidth(190)
        note.setStyleSheet("color: #555; font-size: 11px;")
        buttons.addWidget(note)
        buttons.addStretch(1)
        if not suggestion.options:
            note.hide()
            self.accept_button.hide()
        layout = QHBoxLayout(self)
        layout.addLayout(texts, 1)
        layout.addSpacing(12)
        layout.addLayout(buttons)

    def chosen_option(self) -> Option | None:
        """Return the option the user picked (the only one when there is one)."""
        options = self.pending.suggestion.options
        if not options:
            return None
        index = self.choices.checkedId()
        return options[index] if 0 <= index < len(options) else options[0]


class SuggestionPanel(QWidget):
    """The cards of every suggestion due; hidden when there is none."""

    accept_requested = Signal(object, object)
    """``(PendingSuggestion, Option)``"""
    dismiss_requested = Signal(object)
    """``PendingSuggestion``"""

    def __init__(self, language: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.language = language or current_language()
        self.cards: list[SuggestionCard] = []
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.hide()

    def set_suggestions(self, suggestions: Sequence[PendingSuggestion]) -> None:
        """Show one card per suggestion, replacing the cards shown before."""
        for card in self.cards:
            card.deleteLater()
        self.cards = []
        for pending in suggestions:
            card = SuggestionCard(pending, self.language, self)
            card.accept_button.clicked.connect(
                lambda _=False, c=card: self.accept_requested.emit(c.pending, c.chosen_option())
            )
            card.later_button.clicked.connect(
                lambda _=False, c=card: self.dismiss_requested.emit(c.pending)
            )
            self._layout.addWidget(card)
            self.cards.append(card)
        self.setVisible(bool(self.cards))

    def remove(self, pending: PendingSuggestion) -> None:
        """Take away the card of ``pending`` (after it was accepted or put off)."""
        for card in list(self.cards):
            if card.pending.key == pending.key:
                self.cards.remove(card)
                card.hide()
                card.deleteLater()
        self.setVisible(bool(self.cards))
