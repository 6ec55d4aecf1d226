"""File → Open draft…: the drafts kept with "Keep as draft" and the editor's autosaves.

Lists each draft with its title, id and when it was kept, newest first; Open returns what
to edit, Delete removes one after asking. A draft that cannot be read is listed with the
reason, opening it says which file and why, and it stays where it is until deleted.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDateTime, QLocale, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from backcoach.core.routine.document import text_value
from backcoach.core.routine.sharing import (
    Draft,
    EditSource,
    SharingError,
    delete_draft,
    draft_source,
    drafts,
)
from backcoach.i18n import _, current_language
from backcoach.ui.ui_locale import ui_locale


def draft_label(draft: Draft) -> str:
    """Return a draft's two lines in the list: its title, then its id and when it was kept."""
    stamp = QDateTime.fromSecsSinceEpoch(int(draft.kept))
    when = ui_locale().toString(stamp, QLocale.FormatType.ShortFormat)
    if draft.document is None:
        # Translators: a draft file that cannot be read; {reason} names the file and the place.
        second = _("Cannot be read: {reason}").format(reason=draft.problem)
        return f"{draft.path.name}\n{second}"
    title = draft.document.get("title")
    shown = text_value(title, current_language()) or text_value(title) or _("Untitled routine")
    routine_id = str(draft.document.get("id", "")) or "–"
    if draft.autosave:
        # Translators: under a draft's title: its id and when the editor saved it by itself.
        second = _("{id} · autosaved {when}").format(id=routine_id, when=when)
    else:
        # Translators: under a draft's title: its id and when "Keep as draft" saved it.
        second = _("{id} · kept {when}").format(id=routine_id, when=when)
    return f"{shown}\n{second}"


class DraftsDialog(QDialog):
    """Chooses a draft to open (``source`` after ``exec``) or deletes drafts."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Open a draft"))
        self.source: EditSource | None = None
        self.opened: Path | None = None
        self.list = QListWidget()
        self.list.setObjectName("draftList")
        self.list.setAccessibleName(_("Drafts"))
        self.list.setAccessibleDescription(
            _("Routines kept as drafts and autosaved changes, newest first")
        )
        self.list.setWordWrap(True)
        self.list.setSpacing(3)  # the two lines of one draft together, apart from the next
        self.list.setAlternatingRowColors(True)
        self.list.itemActivated.connect(lambda _item: self.open_selected())
        self.list.currentRowChanged.connect(lambda _row: self._update_buttons())
        self.empty = QLabel(_("There are no drafts."))
        self.empty.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.open_button = QPushButton(_("&Open"))
        self.open_button.setDefault(True)
        self.delete_button = QPushButton(_("De&lete…"))
        self.delete_button.setAccessibleName(_("Delete the selected draft"))
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.delete_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.open_button.clicked.connect(self.open_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        QShortcut(QKeySequence.StandardKey.Delete, self.list, self.delete_selected)
        label = QLabel(_("&Drafts (newest first):"))
        label.setBuddy(self.list)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty)
        layout.addWidget(buttons)
        self.resize(560, 420)
        self.refresh()

    def refresh(self) -> None:
        """List the drafts again (after one was deleted)."""
        row = max(self.list.currentRow(), 0)
        self.list.clear()
        for draft in drafts():
            item = QListWidgetItem(draft_label(draft))
            item.setData(Qt.ItemDataRole.UserRole, draft)
            item.setToolTip(str(draft.path))
            if draft.document is None:
                item.setForeground(Qt.GlobalColor.darkRed)
            self.list.addItem(item)
        self.list.setCurrentRow(min(row, self.list.count() - 1))
        self.empty.setVisible(self.list.count() == 0)
        self.list.setFocus()
        self._update_buttons()

    def current(self) -> Draft | None:
        """Return the selected draft."""
        if self.list.currentRow() < 0:
            return None
        return self.list.currentItem().data(Qt.ItemDataRole.UserRole)

    def _update_buttons(self) -> None:
        chosen = self.current() is not None
        self.open_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)

    def open_selected(self) -> bool:
        """Read the selected draft and close the dialog; say why if it cannot be read."""
        draft = self.current()
        if draft is None:
            return False
        try:
            self.source = draft_source(draft.path)
        except SharingError as exc:
            QMessageBox.warning(
                self,
                _("Cannot open the draft"),
                _("{problem}\n\nThe file is left as it is; you can mend it or delete it.").format(
                    problem=exc
                ),
            )
            self.refresh()
            return False
        self.opened = draft.path
        self.accept()
        return True

    def delete_selected(self) -> bool:
        """Delete the selected draft after asking; return True if it was deleted."""
        draft = self.current()
        if draft is None:
            return False
        answer = QMessageBox.question(
            self,
            _("Delete the draft?"),
            _("Delete the draft {file}? This cannot be undone.").format(file=draft.path.name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        try:
            delete_draft(draft.path)
        except SharingError as exc:
            QMessageBox.warning(self, _("Not deleted"), str(exc))
            return False
        self.refresh()
        return True


def choose_draft(parent: QWidget | None = None) -> EditSource | None:
    """Show the drafts and return the one chosen to edit (None if none was)."""
    dialog = DraftsDialog(parent)
    try:
        dialog.exec()
        return dialog.source
    finally:
        dialog.deleteLater()
