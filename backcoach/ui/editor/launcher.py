"""The editor as reached from the main window.

File → New routine, Open draft, Import and Export, the library's "Edit" and "Duplicate to edit"
buttons and routine files dropped on the library.

Kept out of ``main_window.py`` so the main window only calls ``install``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

from backcoach.core.routine.document import TEMPLATES, copy_for_editing, template
from backcoach.core.routine.model import Routine
from backcoach.core.routine.sharing import (
    EditSource,
    SharingError,
    export_routine,
    import_routine,
)
from backcoach.i18n import _
from backcoach.ui.editor.window import EditorWindow

if TYPE_CHECKING:
    from backcoach.ui.app.main_window import MainWindow


class EditorLauncher(QObject):
    """Opens editors for the main window and refreshes its library when one saves."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.editors: list[EditorWindow] = []
        library = window.library
        library.edit_requested.connect(self.edit)
        library.duplicate_requested.connect(self.duplicate)
        library.files_dropped.connect(self.import_files)

    def install(self, file_menu: QMenu, before: QAction | None = None) -> None:
        """Add New routine, Open draft, Import and Export to ``file_menu`` (in today's language)."""
        new_menu = QMenu(_("&New routine"), file_menu)
        for number, (name, title) in enumerate(TEMPLATES.items()):
            action = new_menu.addAction(_(title))
            if number == 0:
                action.setShortcut(QKeySequence.StandardKey.New)
            action.triggered.connect(lambda _c=False, n=name: self.new_routine(n))
        import_action = QAction(_("&Import routine…"), file_menu)
        import_action.setShortcut(QKeySequence("Ctrl+I"))
        import_action.triggered.connect(lambda: self.import_files())
        export_action = QAction(_("&Export routine…"), file_menu)
        export_action.setShortcut(QKeySequence("Ctrl+E"))
        export_action.triggered.connect(lambda: self.export_current())
        draft_action = QAction(_("Open dr&aft…"), file_menu)
        draft_action.setShortcut(QKeySequence("Ctrl+Shift+O"))
        draft_action.triggered.connect(lambda: self.open_draft())
        self.open_draft_action = draft_action
        file_menu.insertMenu(before, new_menu) if before else file_menu.addMenu(new_menu)
        for action in (draft_action, import_action, export_action):
            file_menu.insertAction(before, action) if before else file_menu.addAction(action)

    def taken_ids(self) -> set[str]:
        return {r.routine_id for r in self.window.library.catalog.routines}

    def open(self, source: EditSource) -> EditorWindow:
        """Show an editor on ``source``; a save reloads the library and selects the routine."""
        editor = EditorWindow(source, play=self._play, speak=self.window.speak, opener=self.open)
        editor.saved.connect(lambda _path, e=editor: self._saved(e))
        editor.destroyed.connect(lambda _o=None, e=editor: self._forget(e))
        self.editors.append(editor)
        editor.show()
        editor.offer_restore()
        return editor

    def open_draft(self) -> EditorWindow | None:
        """Choose a kept draft or an autosave (File → Open draft…) and edit it."""
        from backcoach.ui.editor.drafts import choose_draft

        source = choose_draft(self.window)
        if source is None:
            return None
        editor = self.open(source)
        editor.mark_unsaved()
        return editor

    def _forget(self, editor: EditorWindow) -> None:
        if editor in self.editors:
            self.editors.remove(editor)

    def _play(self, routine: Routine) -> None:
        self.window.bring_to_front()
        self.window.start_routine(routine)

    def _saved(self, editor: EditorWindow) -> None:
        self.window.reload_routines()
        self.window.library.select(str(editor.document.get("/id")))

    def new_routine(self, name: str = "blank") -> EditorWindow:
        """Open an editor on a new routine from the template ``name``."""
        return self.open(EditSource(template(name, self.taken_ids())))

    def edit(self, routine: Routine) -> EditorWindow | None:
        """Edit one of the user's routines (a bundled one is duplicated instead)."""
        if routine.bundled or routine.source_path is None:
            return self.duplicate(routine)
        document = json.loads(routine.source_path.read_bytes())
        return self.open(EditSource(document, routine.source_path))

    def duplicate(self, routine: Routine) -> EditorWindow | None:
        """Edit a copy of ``routine`` with a new id and "(my version)" in its title."""
        if routine.source_path is None:
            return None
        document = json.loads(routine.source_path.read_bytes())
        return self.open(EditSource(copy_for_editing(document, self.taken_ids())))

    def import_files(self, files: list[str] | None = None) -> list[str]:
        """Import routine files (asking which when ``files`` is None); return the messages."""
        if files is None:
            files, _filter = QFileDialog.getOpenFileNames(
                self.window, _("Import routines"), "", _("Routines (*.json *.zip)")
            )
        if not files:
            return []
        messages: list[str] = []
        imported: list[str] = []
        for name in files:
            try:
                done = import_routine(Path(name))
            except SharingError as exc:
                messages.append(str(exc))
            else:
                imported.append(done.routine_id)
                messages.append(_("Imported '{routine}'.").format(routine=done.routine_id))
        if imported:
            self.window.reload_routines()
            self.window.library.select(imported[-1])
        if len(imported) != len(files):
            QMessageBox.warning(self.window, _("Import"), "\n".join(messages))
        else:
            self.window.show_message(" ".join(messages))
        return messages

    def export_current(self, out: str | None = None) -> Path | None:
        """Export the library's selected routine to a file the user chooses."""
        routine = self.window.library.current_routine()
        if routine is None:
            return None
        if out is None:
            out, _filter = QFileDialog.getSaveFileName(
                self.window,
                _("Export routine"),
                f"{routine.routine_id}.json",
                ";;".join((_("Routine (*.json)"), _("Routine with pictures (*.zip)"))),
            )
        if not out:
            return None
        try:
            return export_routine(routine, Path(out))
        except SharingError as exc:  # a file that cannot be written says so too
            QMessageBox.warning(self.window, _("Export"), str(exc))
            return None
