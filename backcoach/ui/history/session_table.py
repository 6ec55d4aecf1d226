"""The table model of the session list: one row per logged session, newest first."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from backcoach.core.history.stats import SessionSummary
from backcoach.core.playback.record import SessionStatus
from backcoach.core.routine.describe import format_duration
from backcoach.i18n import N_, _
from backcoach.ui.app.theme import text_colour
from backcoach.ui.history.dates import format_date

STATUS_WORDS = {
    SessionStatus.COMPLETED: N_("Completed"),
    SessionStatus.PARTLY_DONE: N_("Partly done"),
    SessionStatus.STOPPED_EARLY: N_("Stopped early"),
    SessionStatus.STOPPED_FOR_PAIN: N_("Stopped for pain"),
    SessionStatus.INTERRUPTED: N_("Interrupted"),
    SessionStatus.IN_PROGRESS: N_("In progress"),
}
"""Each status in words (marked; ``_(STATUS_WORDS[status])`` where shown)."""
COLUMNS = (
    N_("When"),
    N_("Routine"),
    N_("Status"),
    N_("Done"),
    N_("Effort"),
    N_("Pain"),
    N_("Note"),
)
"""The columns, by their English names (the headers show them translated)."""
_Index = QModelIndex | QPersistentModelIndex


def done_text(summary: SessionSummary) -> str:
    """Return e.g. ``12:30 of 14:54`` (just ``14:54`` when all of it was done)."""
    done = format_duration(summary.done_s)
    planned = format_duration(summary.planned_s)
    return done if done == planned else _("{done} of {planned}").format(done=done, planned=planned)


def _score(value: int | None) -> str:
    return "–" if value is None else str(value)


class SessionTableModel(QAbstractTableModel):
    """Session summaries as table rows; ``summary_at`` gives the session of a row."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[SessionSummary] = []

    def set_sessions(self, sessions: Sequence[SessionSummary]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._rows = list(sessions)
        self.endResetModel()

    def append_sessions(self, sessions: Sequence[SessionSummary]) -> None:
        """Add older sessions after the last row."""
        if not sessions:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(sessions) - 1)
        self._rows.extend(sessions)
        self.endInsertRows()

    def summary_at(self, row: int) -> SessionSummary | None:
        """Return the session shown on ``row``."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(  # noqa: N802 (Qt name)
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(COLUMNS[section])
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        summary = self.summary_at(index.row())
        if summary is None or not 0 <= index.column() < len(COLUMNS):
            return None
        column = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(summary, column)
        if role == Qt.ItemDataRole.ToolTipRole and column in ("Routine", "Note"):
            return self._text(summary, column) or None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in ("Done", "Effort", "Pain"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and column == "Status"
            and summary.status is SessionStatus.STOPPED_FOR_PAIN
        ):
            return QBrush(QColor(text_colour("danger")))
        if role == Qt.ItemDataRole.UserRole:
            return summary.session_id
        return None

    @staticmethod
    def _text(summary: SessionSummary, column: str) -> str:
        if column == "When":
            weekday = format_date(summary.day, "ddd")
            return f"{weekday} {summary.day.isoformat()} {summary.start:%H:%M}"
        if column == "Routine":
            return summary.routine_title
        if column == "Status":
            return _(STATUS_WORDS[summary.status])
        if column == "Done":
            return done_text(summary)
        if column == "Effort":
            return _score(summary.effort)
        if column == "Pain":
            return _score(summary.pain)
        return summary.note.replace("\n", " ")
