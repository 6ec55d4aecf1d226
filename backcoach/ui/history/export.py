"""Export the log from the history window: CSV or JSON, chosen with a file dialog.

The file is built and written on a worker thread (a JSON export of ten years
of use takes seconds) and written atomically (``core/atomic.py``): an export
that fails leaves no half-written file, and the user is told why in a
sentence that names the file.
"""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QFileDialog, QWidget

from backcoach.core.atomic import write_bytes_atomic, write_problem
from backcoach.core.history.export import CSV_ENCODING, history_json, sessions_csv
from backcoach.core.history.store import HistoryStore, LogUnavailable
from backcoach.i18n import N_, _
from backcoach.ui.app.background import run_in_background

FORMATS = {
    # Translators: a file dialog's title, then its file type filter; keep "(*.csv)" as it is.
    "csv": (N_("Export the log as CSV"), N_("CSV files, for a spreadsheet (*.csv)")),
    "json": (N_("Export the log as JSON"), N_("JSON files (*.json)")),
}
"""Per format, the file dialog's title and filter (marked; translated when shown)."""


class ExportFailure(Exception):
    """An export that did not happen; ``str(error)`` is a sentence for the user."""


def export_bytes(store: HistoryStore, kind: str) -> bytes:
    """Return the whole log as a CSV (``csv``) or JSON (``json``) file's bytes."""
    if kind == "csv":
        return sessions_csv(store).encode(CSV_ENCODING)
    return history_json(store, time.time()).encode("utf-8")


def write_export(store: HistoryStore, kind: str, path: Path) -> Path:
    """Write the export to ``path`` atomically; ``ExportFailure`` with a sentence if it fails."""
    try:
        data = export_bytes(store, kind)
    except LogUnavailable as exc:
        raise ExportFailure(_("Nothing was exported: {problem}").format(problem=exc)) from exc
    try:
        write_bytes_atomic(path, data)
    except OSError as exc:
        raise ExportFailure(
            _(
                "BackCoach could not write {path}: {problem}. Nothing was saved"
                " there; choose another folder and try again."
            ).format(path=path, problem=write_problem(exc, path))
        ) from exc
    return path


def default_export_path(kind: str, today: date) -> Path:
    """Return where the file dialog starts: ``backcoach-history-<date>.<kind>`` in Documents."""
    folder = Path.home() / "Documents"
    if not folder.is_dir():
        folder = Path.home()
    return folder / f"backcoach-history-{today.isoformat()}.{kind}"


class HistoryExporter(QObject):
    """Asks where to save and writes the export in the background."""

    exported = Signal(str, str)
    """``(kind, path)`` once the file is on disk."""
    failed = Signal(str)
    """A sentence for the user."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._window = parent
        self.busy = False

    def ask_and_export(self, store: HistoryStore, kind: str, today: date) -> None:
        """Ask for a file name with a dialog, then export there."""
        title, file_filter = FORMATS[kind]
        chosen, _filter = QFileDialog.getSaveFileName(
            self._window, _(title), str(default_export_path(kind, today)), _(file_filter)
        )
        if chosen:
            path = Path(chosen)
            if not path.suffix:
                path = path.with_suffix(f".{kind}")
            self.export_to(store, kind, path)

    def export_to(self, store: HistoryStore, kind: str, path: Path) -> None:
        """Write the export to ``path`` on a worker thread; ``exported`` or ``failed`` follows."""
        self.busy = True
        run_in_background(
            lambda: (kind, str(write_export(store, kind, path))), self._done, self._failed
        )

    @Slot(object)
    def _done(self, result: tuple[str, str]) -> None:
        self.busy = False
        self.exported.emit(*result)

    @Slot(object)
    def _failed(self, error: Exception) -> None:
        self.busy = False
        if isinstance(error, ExportFailure):
            message = str(error)
        else:
            message = _("Export failed: {problem}").format(problem=error)
        self.failed.emit(message)
