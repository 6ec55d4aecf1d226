"""The session list of the history window: filters, the table, and one session's detail.

Filtering asks the log for one page (``PAGE_SIZE`` sessions, a few
milliseconds even with ten years of use) on the GUI thread; "Show more" adds
the next page.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from backcoach.core.history.stats import list_sessions, session_detail
from backcoach.core.history.store import HistoryStore, LogUnavailable
from backcoach.i18n import N_, _, ngettext, pgettext
from backcoach.ui.app.theme import text_colour
from backcoach.ui.history.dates import format_number
from backcoach.ui.history.session_detail import (
    no_selection_html,
    quiet_html,
    session_detail_html,
)
from backcoach.ui.history.session_table import COLUMNS, SessionTableModel

PAGE_SIZE = 200
CUSTOM = "custom"
PERIODS: tuple[tuple[str, int | str | None], ...] = (
    (N_("Any time"), None),
    (N_("Last 7 days"), 7),
    (N_("Last 30 days"), 30),
    (N_("Last 3 months"), 91),
    (N_("Last 12 months"), 365),
    (N_("Between dates…"), CUSTOM),
)
"""The "When" filter's choices (labels marked; translated when listed)."""


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class SessionsPage(QWidget):
    """Filters, the table of sessions and the detail of the selected one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store: HistoryStore | None = None
        self._today = date.today()
        self._total = 0

        self.routine_filter = QComboBox()
        self.routine_filter.setObjectName("routineFilter")
        self.routine_filter.setAccessibleName(_("Routine"))
        self.routine_filter.setMinimumContentsLength(18)
        self.period_filter = QComboBox()
        self.period_filter.setObjectName("periodFilter")
        self.period_filter.setAccessibleName(_("When"))
        for label, days in PERIODS:
            self.period_filter.addItem(_(label), days)
        self.since_edit = QDateEdit()
        self.until_edit = QDateEdit()
        for edit in (self.since_edit, self.until_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.since_edit.setAccessibleName(_("From date"))
        self.until_edit.setAccessibleName(_("To date"))
        # Translators: between the "When" filter and its two dates: "from <date> to <date>".
        self.since_label = QLabel(pgettext("dates", "from"))
        self.until_label = QLabel(pgettext("dates", "to"))
        self.count_label = QLabel()
        self.count_label.setObjectName("sessionCount")

        filters = QHBoxLayout()
        filters.addWidget(QLabel(_("Routine:")))
        filters.addWidget(self.routine_filter)
        filters.addSpacing(12)
        filters.addWidget(QLabel(_("When:")))
        filters.addWidget(self.period_filter)
        filters.addWidget(self.since_label)
        filters.addWidget(self.since_edit)
        filters.addWidget(self.until_label)
        filters.addWidget(self.until_edit)
        filters.addStretch(1)
        filters.addWidget(self.count_label)

        self.model = SessionTableModel(self)
        self.table = QTableView()
        self.table.setObjectName("sessionTable")
        self.table.setAccessibleName(_("Sessions"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setMinimumSectionSize(36)
        for column, width in enumerate((146, 196, 104, 92, 46, 40)):
            # Never narrower than the header's own text (longer in Danish than in English).
            header.resizeSection(column, max(width, header.sectionSizeHint(column)))
        header.setSectionResizeMode(COLUMNS.index("Routine"), QHeaderView.ResizeMode.Interactive)
        self.table.selectionModel().currentRowChanged.connect(self._show_current)

        self.more_button = QPushButton(_("Show {n} more").format(n=PAGE_SIZE))
        self.more_button.setObjectName("moreSessions")
        self.more_button.clicked.connect(self.show_more)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setStyleSheet(f"color: {text_colour('danger')};")
        self.message.hide()

        list_side = QWidget()
        list_layout = QVBoxLayout(list_side)
        list_layout.setContentsMargins(0, 0, 0, 0)
        list_layout.addWidget(self.table, 1)
        more_row = QHBoxLayout()
        more_row.addWidget(self.message, 1)
        more_row.addWidget(self.more_button)
        list_layout.addLayout(more_row)

        self.detail = QTextBrowser()
        self.detail.setObjectName("sessionDetail")
        self.detail.setAccessibleName(_("Session details"))
        self.detail.setHtml(no_selection_html())

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(list_side)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 1)
        splitter.setSizes([780, 340])
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)

        self._set_custom_visible(False)
        self.routine_filter.currentIndexChanged.connect(self.apply_filters)
        self.period_filter.currentIndexChanged.connect(self._period_changed)
        self.since_edit.dateChanged.connect(self.apply_filters)
        self.until_edit.dateChanged.connect(self.apply_filters)

    # -- filling ---------------------------------------------------------------------------

    def set_store(
        self,
        store: HistoryStore,
        routines: Sequence[tuple[str, str]],
        today: date,
        first_page: Sequence | None = None,
        total: int | None = None,
    ) -> None:
        """Use ``store``; ``routines`` are ``(id, title)`` filter choices.

        ``first_page`` and ``total``, when given, are the unfiltered newest
        sessions and their count, already read with the rest of the history.
        """
        self._store = store
        self._today = today
        for edit in (self.since_edit, self.until_edit):
            edit.blockSignals(True)
            edit.setMaximumDate(_qdate(today))
        self.since_edit.setDate(_qdate(today - timedelta(days=30)))
        self.until_edit.setDate(_qdate(today))
        for edit in (self.since_edit, self.until_edit):
            edit.blockSignals(False)
        chosen = self.routine_filter.currentData()
        self.routine_filter.blockSignals(True)
        self.routine_filter.clear()
        self.routine_filter.addItem(_("All routines"), None)
        for routine_id, title in routines:
            self.routine_filter.addItem(title, routine_id)
        index = self.routine_filter.findData(chosen)
        self.routine_filter.setCurrentIndex(max(0, index))
        self.routine_filter.blockSignals(False)
        if first_page is not None and total is not None and self.filters() == (None, None, None):
            self._show_page(list(first_page), total)
        else:
            self.apply_filters()

    def filters(self) -> tuple[str | None, date | None, date | None]:
        """Return ``(routine id, since, until)`` as chosen (None: no limit)."""
        routine_id = self.routine_filter.currentData()
        period = self.period_filter.currentData()
        if period == CUSTOM:
            since, until = _pydate(self.since_edit.date()), _pydate(self.until_edit.date())
            return routine_id, min(since, until), max(since, until)
        if isinstance(period, int):
            return routine_id, self._today - timedelta(days=period - 1), None
        return routine_id, None, None

    def apply_filters(self) -> None:
        """Show the newest page of sessions that match the filters."""
        if self._store is None:
            return
        routine_id, since, until = self.filters()
        try:
            sessions = list_sessions(
                self._store, routine_id=routine_id, since=since, until=until, limit=PAGE_SIZE
            )
            total = self._store.count_sessions(routine_id=routine_id, since=since, until=until)
        except LogUnavailable as exc:
            self._show_problem(str(exc))
            return
        self._show_page(sessions, total)

    def _show_page(self, sessions: list, total: int) -> None:
        self.message.hide()
        self._total = total
        self.model.set_sessions(sessions)
        self._update_count()
        if sessions:
            self.table.selectRow(0)
        else:
            self.detail.setHtml(
                quiet_html(_("No sessions match these filters."))
                if total == 0
                else no_selection_html()
            )

    def show_more(self) -> None:
        """Add the next page of older sessions to the list."""
        if self._store is None:
            return
        routine_id, since, until = self.filters()
        try:
            older = list_sessions(
                self._store,
                routine_id=routine_id,
                since=since,
                until=until,
                limit=PAGE_SIZE,
                offset=self.model.rowCount(),
            )
        except LogUnavailable as exc:
            self._show_problem(str(exc))
            return
        self.model.append_sessions(older)
        self._update_count()

    def _update_count(self) -> None:
        shown = self.model.rowCount()
        total = format_number(self._total)
        if shown < self._total:
            text = ngettext(
                "Showing {shown} of {total} session",
                "Showing {shown} of {total} sessions",
                self._total,
            ).format(shown=format_number(shown), total=total)
        else:
            text = ngettext("{total} session", "{total} sessions", self._total).format(total=total)
        self.count_label.setText(text)
        self.more_button.setVisible(shown < self._total)

    def _show_problem(self, message: str) -> None:
        self.message.setText(message)
        self.message.show()

    # -- reacting --------------------------------------------------------------------------

    def _set_custom_visible(self, visible: bool) -> None:
        for widget in (self.since_label, self.since_edit, self.until_label, self.until_edit):
            widget.setVisible(visible)

    def _period_changed(self) -> None:
        self._set_custom_visible(self.period_filter.currentData() == CUSTOM)
        self.apply_filters()

    def _show_current(self) -> None:
        summary = self.model.summary_at(self.table.currentIndex().row())
        if summary is None or self._store is None:
            self.detail.setHtml(no_selection_html())
            return
        try:
            detail = session_detail(self._store, summary.session_id)
        except (KeyError, LogUnavailable) as exc:
            missing = isinstance(exc, KeyError)
            self.detail.setHtml(
                "<p>" + html.escape(_("This session is no longer in the log.")) + "</p>"
                if missing
                else f"<p>{html.escape(str(exc))}</p>"
            )
            return
        self.detail.setHtml(session_detail_html(detail))
