"""The history window: what the user has done, how their back felt, and what to try next.

It shows streaks, a calendar of active days, weekly minutes, pain and effort,
progress suggestions, every session with its detail, and export.

Everything shown comes from one ``compute_history`` call (plus the suggestions
due), made on a worker thread together with opening the log, so the window
appears at once and fills in when the numbers are ready. Widgets are only
touched on the GUI thread, when the result arrives.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from backcoach.core.history.stats import HistoryView, compute_history
from backcoach.core.history.store import HistoryStore, LogUnavailable
from backcoach.core.progression.queue import (
    PendingSuggestion,
    dismiss,
    due_suggestions,
    load_dismissed,
)
from backcoach.core.progression.suggestions import Option, accept
from backcoach.core.routine.catalog import Catalog, load_catalog
from backcoach.core.routine.loader import RoutineError, load_routine
from backcoach.core.routine.model import Routine
from backcoach.i18n import _, current_language, ngettext
from backcoach.ui.app.background import run_in_background
from backcoach.ui.app.responsive_row import ResponsiveRow
from backcoach.ui.app.screen_fit import fit_to_screen
from backcoach.ui.app.titled_box import TitledBox
from backcoach.ui.history.dates import format_number
from backcoach.ui.history.export import HistoryExporter
from backcoach.ui.history.heatmap import ActivityHeatmap, format_minutes
from backcoach.ui.history.nudge_chart import NudgeAnswersChart
from backcoach.ui.history.sessions_page import SessionsPage
from backcoach.ui.history.stat_tile import StatTile
from backcoach.ui.history.suggestion_panel import SuggestionPanel
from backcoach.ui.history.trend_chart import TREND_WEEKS, FeedbackTrendChart
from backcoach.ui.history.week_chart import WeeklyMinutesChart

_BANNER_STYLE = "background: #fff4e5; color: #5a3a00; border: 1px solid #e0a040; padding: 8px;"


@dataclass(frozen=True)
class LoadedHistory:
    """What the worker hands back: the open log, the statistics and the suggestions due."""

    store: HistoryStore
    view: HistoryView
    suggestions: list[PendingSuggestion]


def load_history(
    store: HistoryStore | None,
    open_store: Callable[[], HistoryStore],
    today: date,
    routines: Sequence[Routine] | None,
) -> LoadedHistory:
    """Open the log if needed and compute everything the window shows (runs on a worker).

    ``routines`` are the routines that may get a suggestion (default: the catalog).
    """
    store = store or open_store()
    try:
        view = compute_history(store, today)
        logged = {routine_id for routine_id, _ in view.routines}
        candidates = load_catalog().routines if routines is None else routines
        due = due_suggestions(
            store, [r for r in candidates if r.routine_id in logged], today, load_dismissed()
        )
    except BaseException:
        store.close()
        raise
    return LoadedHistory(store, view, due)


class HistoryWindow(QMainWindow):
    """The user's history; ``reload`` reads the log again."""

    loaded = Signal()
    """The statistics are shown (or the empty state, or the error)."""
    routine_added = Signal(str, str)
    """``(routine id, file path)`` of a routine written by accepting a suggestion."""
    library_requested = Signal()

    def __init__(
        self,
        catalog: Catalog | None = None,
        language: str | None = None,
        open_store: Callable[[], HistoryStore] | None = None,
        today: Callable[[], date] = date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("BackCoach – History"))
        self.language = language or current_language()
        self.catalog = catalog
        self._open_store = open_store or HistoryStore
        self._today = today
        self.store: HistoryStore | None = None
        self.view: HistoryView | None = None
        self._loading = False
        self._reload_again = False
        self._closed = False
        self._start_loading()  # the worker reads the log while the widgets are built

        self.exporter = HistoryExporter(self)
        self.exporter.exported.connect(self._exported)
        self.exporter.failed.connect(self._export_failed)
        self._build_actions()

        self.notice_banner = QLabel()
        self.notice_banner.setObjectName("historyNotice")
        self.notice_banner.setWordWrap(True)
        self.notice_banner.setTextFormat(Qt.TextFormat.PlainText)
        self.notice_banner.setStyleSheet(_BANNER_STYLE)
        self.notice_banner.hide()

        self.pages = QStackedWidget()
        self.loading_page = QLabel(_("Reading your history…"))
        self.loading_page.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.error_page, self.error_label = self._error_page()
        self._empty: QWidget | None = None
        self.content_page = self._content_page()
        for page in (self.loading_page, self.content_page, self.error_page):
            self.pages.addWidget(page)

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(self.notice_banner)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        self._show_loading()
        fit_to_screen(self, QSize(1120, 780))

    # -- building --------------------------------------------------------------------------

    def _build_actions(self) -> None:
        self.export_csv_action = QAction(_("Export &CSV…"), self)
        self.export_csv_action.triggered.connect(lambda: self._ask_export("csv"))
        self.export_json_action = QAction(_("Export &JSON…"), self)
        self.export_json_action.triggered.connect(lambda: self._ask_export("json"))
        self.refresh_action = QAction(_("&Refresh"), self)
        self.refresh_action.setShortcut(QKeySequence.StandardKey.Refresh)
        self.refresh_action.triggered.connect(self.reload)
        close_action = QAction(_("&Close"), self)
        # Esc closes the window too, as it closes every dialog.
        close_action.setShortcuts(
            [*QKeySequence.keyBindings(QKeySequence.StandardKey.Close), QKeySequence("Esc")]
        )
        close_action.triggered.connect(self.close)
        menu = self.menuBar().addMenu(_("&File"))
        for action in (self.export_csv_action, self.export_json_action):
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.refresh_action)
        menu.addAction(close_action)

    def _error_page(self) -> tuple[QWidget, QLabel]:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        heading = QLabel(
            "<h2>" + html.escape(_("Your history cannot be shown right now")) + "</h2>"
        )
        heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        message = QLabel()
        message.setObjectName("historyError")
        message.setWordWrap(True)
        message.setTextFormat(Qt.TextFormat.PlainText)
        message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        message.setMaximumWidth(640)
        hint = QLabel(
            _(
                "Your sessions still run as usual. Once the problem above is solved,"
                " press Try again."
            )
        )
        hint.setWordWrap(True)
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint.setStyleSheet("color: palette(placeholder-text);")
        retry = QPushButton(_("Try again"))
        retry.clicked.connect(self.reload)
        for widget in (heading, message, hint):
            layout.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(retry, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        return page, message

    @property
    def empty_page(self) -> QWidget:
        """Return the page shown before the first session (built when first needed)."""
        if self._empty is None:
            self._empty = self._empty_page()
            self.pages.addWidget(self._empty)
        return self._empty

    def _empty_page(self) -> QWidget:
        page = QWidget()
        page.setObjectName("historyEmpty")
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        heading = QLabel(
            "<h1>" + html.escape(_("Your history starts with your first session")) + "</h1>"
        )
        heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text = QLabel(
            _(
                "Each routine you play is saved here: your streak of active days, minutes per"
                " week, how your back feels over time, and what you did in every session."
                " Even a two-minute desk break counts."
            )
        )
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text.setFixedWidth(620)
        text.setStyleSheet("font-size: 14px;")
        self.empty_calendar = ActivityHeatmap()
        self.empty_calendar.setMaximumWidth(self.empty_calendar.sizeHint().width())
        caption = QLabel(_("This calendar fills in, one day at a time."))
        caption.setStyleSheet("color: palette(placeholder-text);")
        start = QPushButton(_("Choose a routine"))
        start.setObjectName("goToLibrary")
        start.setMinimumHeight(40)
        start.setStyleSheet("font-size: 15px; font-weight: bold; padding: 0 18px;")
        start.clicked.connect(self._go_to_library)
        layout.addWidget(heading, 0, Qt.AlignmentFlag.AlignHCenter)
        centred = QHBoxLayout()
        centred.addStretch(1)
        centred.addWidget(text)
        centred.addStretch(1)
        layout.addLayout(centred)
        layout.addSpacing(18)
        layout.addWidget(self.empty_calendar, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(caption, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(18)
        layout.addWidget(start, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        return page

    def _content_page(self) -> QWidget:
        self.streak_tile = StatTile(_("Streak"), "streakTile")
        self.week_tile = StatTile(_("This week"), "weekTile")
        self.sessions_tile = StatTile(_("Sessions"), "sessionsTile")
        self.breaks_tile = StatTile(_("Desk breaks"), "breaksTile")
        tiles = QHBoxLayout()
        for tile in (self.streak_tile, self.week_tile, self.sessions_tile, self.breaks_tile):
            tiles.addWidget(tile, 1)
        exports = QWidget()  # beside the tabs, so the tiles keep the width of a small window
        export_row = QHBoxLayout(exports)
        export_row.setContentsMargins(0, 0, 0, 2)
        for action in (self.export_csv_action, self.export_json_action):
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            export_row.addWidget(button)

        self.suggestions = SuggestionPanel(self.language)
        self.suggestions.accept_requested.connect(self.accept_suggestion)
        self.suggestions.dismiss_requested.connect(self.dismiss_suggestion)
        self.heatmap = ActivityHeatmap()
        # Titled boxes, not group boxes: their titles wrap in a long language.
        self.activity_box = TitledBox(_("Active minutes per day"))
        self.activity_box.add(self.heatmap)
        self.week_chart = WeeklyMinutesChart()
        weekly = TitledBox(_("Minutes per week, last 12 weeks"))
        weekly.add(self.week_chart)
        self.trend_chart = FeedbackTrendChart()
        trend = TitledBox(
            _("Back pain and effort after sessions, last {n} weeks").format(n=TREND_WEEKS)
        )
        trend.add(self.trend_chart)
        charts = ResponsiveRow()  # side by side, or one under the other in a narrow window
        charts.add(weekly, 1)
        charts.add(trend, 1)
        self.nudge_chart = NudgeAnswersChart()
        nudges = TitledBox(_("Break nudges: taken, snoozed and skipped"))
        nudges.add(self.nudge_chart)

        overview = QWidget()
        overview_layout = QVBoxLayout(overview)
        overview_layout.addWidget(self.suggestions)
        overview_layout.addWidget(self.activity_box)
        overview_layout.addWidget(charts, 1)
        overview_layout.addWidget(nudges)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(overview)
        scroll.setAccessibleName(_("Overview"))

        self._sessions: SessionsPage | None = None
        self._sessions_data: tuple | None = None
        self._sessions_holder = QWidget()
        QVBoxLayout(self._sessions_holder).setContentsMargins(0, 0, 0, 0)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(_("History pages"))
        self.tabs.addTab(scroll, _("Overview"))
        self.tabs.addTab(self._sessions_holder, _("Sessions"))
        self.tabs.currentChanged.connect(self._tab_changed)
        self.tabs.setCornerWidget(exports)

        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(tiles)
        layout.addWidget(self.tabs, 1)
        return page

    # -- loading ---------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the log again (on a worker thread) and show what it holds."""
        self._closed = False
        if self._loading:
            self._reload_again = True
            return
        if self.view is None:
            self._show_loading()
        self._start_loading()

    @property
    def loading(self) -> bool:
        """Return True while the log is being read."""
        return self._loading

    def _show_loading(self) -> None:
        """Show a light page until the numbers arrive.

        (Drawing the full page with placeholders first costs more time than it
        saves: the statistics page is drawn once, with its numbers.)
        """
        self.pages.setCurrentWidget(self.loading_page)
        self._set_export_enabled(False)

    def _start_loading(self) -> None:
        self._loading = True
        store, open_store, today = self.store, self._open_store, self._today()
        routines = self.catalog.routines if self.catalog is not None else None
        run_in_background(
            lambda: load_history(store, open_store, today, routines),
            self._loaded,
            self._load_failed,
        )

    @Slot(object)
    def _loaded(self, result: LoadedHistory) -> None:
        self._loading = False
        self.store = result.store
        if self._closed:
            self._close_store()
            return
        self.view = result.view
        self._show(result.view, result.suggestions)
        self._finish_loading()

    @Slot(object)
    def _load_failed(self, error: Exception) -> None:
        self._loading = False
        if isinstance(error, LogUnavailable):
            text = str(error)
        else:
            text = _("Something went wrong while reading your history: {problem}").format(
                problem=error
            )
        self.error_label.setText(text)
        self.pages.setCurrentWidget(self.error_page)
        self.view = None
        self._set_export_enabled(False)
        self._finish_loading()

    def _finish_loading(self) -> None:
        self.loaded.emit()
        if self._reload_again and not self._closed:
            self._reload_again = False
            self.reload()

    def _show(self, view: HistoryView, suggestions: Sequence[PendingSuggestion]) -> None:
        assert self.store is not None
        notice = self.store.notice
        self.notice_banner.setText(notice or "")
        self.notice_banner.setVisible(bool(notice))
        desk = view.desk_breaks
        has_anything = view.session_count > 0 or bool(desk.per_day) or bool(desk.events)
        self._set_export_enabled(view.session_count > 0 or bool(desk.events))
        if not has_anything:
            empty = self.empty_page
            self.empty_calendar.set_data({}, view.today)
            self.pages.setCurrentWidget(empty)
            return
        self._show_tiles(view)
        self.heatmap.set_data(view.minutes_by_day, view.today, desk.per_day)
        self.nudge_chart.set_answers(desk.answers_by_day, desk.answers_by_week, view.today)
        self._show_heatmap_caption(view)
        self.week_chart.set_weeks(view.weekly_minutes, view.today)
        self.trend_chart.set_feedback(view.feedback, view.today)
        self.suggestions.set_suggestions(suggestions)
        self._sessions_data = (
            self.store,
            view.routines,
            view.today,
            view.recent_sessions,
            view.session_count,
        )
        if self._sessions is not None:
            self._sessions.set_store(*self._sessions_data)
        self.pages.setCurrentWidget(self.content_page)

    @property
    def sessions_page(self) -> SessionsPage:
        """Return the session list (built when the Sessions tab is first opened)."""
        if self._sessions is None:
            self._sessions = SessionsPage()
            layout = self._sessions_holder.layout()
            assert layout is not None
            layout.addWidget(self._sessions)
            if self._sessions_data is not None:
                self._sessions.set_store(*self._sessions_data)
        return self._sessions

    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self._sessions_holder:
            self.sessions_page  # noqa: B018 (builds and fills the list on first view)

    def _show_tiles(self, view: HistoryView) -> None:
        streak, longest = view.current_streak, view.longest_streak
        self.streak_tile.set_value(
            ngettext("{n} day", "{n} days", streak).format(n=format_number(streak)),
            ngettext("Longest: {n} day", "Longest: {n} days", longest).format(
                n=format_number(longest)
            ),
        )
        this_week = view.weekly_minutes[-1].minutes if view.weekly_minutes else 0.0
        last_week = view.weekly_minutes[-2].minutes if len(view.weekly_minutes) > 1 else 0.0
        self.week_tile.set_value(
            format_minutes(this_week),
            _("Last week: {minutes}").format(minutes=format_minutes(last_week)),
        )
        self.sessions_tile.set_value(
            format_number(view.session_count),
            _("{completed} completed · {minutes} in all").format(
                completed=format_number(view.completed_sessions),
                minutes=format_minutes(view.total_minutes),
            ),
        )
        desk = view.desk_breaks
        detail = _("{n} this week").format(n=desk.this_week)
        if desk.current_streak > 1:
            detail = _("{n} this week · {days} days in a row").format(
                n=desk.this_week, days=desk.current_streak
            )
        self.breaks_tile.set_value(_("{n} today").format(n=desk.today), detail)

    def _show_heatmap_caption(self, view: HistoryView) -> None:
        """Sum up the last 12 months (the map shows up to a year, as many weeks as fit)."""
        since = view.today - timedelta(days=364)
        active = [minutes for day, minutes in view.minutes_by_day.items() if day >= since]
        self.activity_box.setTitle(
            ngettext(
                "Active minutes per day: {n} active day in the last 12 months, {minutes} in all",
                "Active minutes per day: {n} active days in the last 12 months, {minutes} in all",
                len(active),
            ).format(n=format_number(len(active)), minutes=format_minutes(sum(active)))
        )

    def _set_export_enabled(self, enabled: bool) -> None:
        busy = self.exporter.busy
        self.export_csv_action.setEnabled(enabled and not busy)
        self.export_json_action.setEnabled(enabled and not busy)

    # -- suggestions -----------------------------------------------------------------------

    def accept_suggestion(self, pending: PendingSuggestion, option: Option) -> Path | None:
        """Write the routine ``option`` makes, tell the user its name and place; return its path."""
        taken = [r.routine_id for r in self.catalog.routines] if self.catalog else None
        try:
            path = accept(pending.document, pending.suggestion, option, taken_ids=taken)
            routine = load_routine(path)
        except (RoutineError, OSError) as exc:
            QMessageBox.warning(
                self,
                _("The new routine was not made"),
                _(
                    "BackCoach could not make the new routine: {problem}\n\nNothing was changed."
                ).format(problem=exc),
            )
            return None
        self.suggestions.remove(pending)
        old_title = pending.routine.title.get(self.language)
        new_title = routine.title.get(self.language)
        QMessageBox.information(
            self,
            _("New routine added"),
            _(
                "“{new}” is now in your library, next to “{old}”, which stays as it"
                " was.\n\nIt is saved as:\n{path}"
            ).format(new=new_title, old=old_title, path=path),
        )
        self.statusBar().showMessage(
            _("Added “{new}” to your routines ({path}).").format(new=new_title, path=path), 15000
        )
        self.routine_added.emit(routine.routine_id, str(path))
        return path

    def dismiss_suggestion(self, pending: PendingSuggestion) -> None:
        """Put the suggestion off until the routine's next session."""
        self.suggestions.remove(pending)
        try:
            dismiss(pending)
        except OSError as exc:
            self.statusBar().showMessage(
                _(
                    "Could not remember this choice ({problem}); the suggestion may come back."
                ).format(problem=exc),
                10000,
            )

    # -- export ----------------------------------------------------------------------------

    def _ask_export(self, kind: str) -> None:
        if self.store is not None:
            self.exporter.ask_and_export(self.store, kind, self._today())
            self._set_export_enabled(True)

    def export_to(self, kind: str, path: Path) -> None:
        """Export the log as ``kind`` (``csv`` or ``json``) to ``path``, without asking."""
        if self.store is not None:
            self.exporter.export_to(self.store, kind, path)
            self._set_export_enabled(True)

    @Slot(str, str)
    def _exported(self, kind: str, path: str) -> None:
        self._set_export_enabled(self.view is not None)
        self.statusBar().showMessage(
            _("Exported your log as {format} to {path}").format(format=kind.upper(), path=path),
            20000,
        )
        if self._closed:
            self._close_store()

    @Slot(str)
    def _export_failed(self, message: str) -> None:
        self._set_export_enabled(self.view is not None)
        if self._closed:
            self._close_store()
            return
        QMessageBox.warning(self, _("Export failed"), message)

    # -- closing ---------------------------------------------------------------------------

    def _go_to_library(self) -> None:
        self.library_requested.emit()
        self.close()

    def _close_store(self) -> None:
        if self.store is not None and not self._loading and not self.exporter.busy:
            self.store.close()
            self.store = None

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt name)
        """Close the log once nothing is reading it; the next ``reload`` opens it again."""
        self._closed = True
        self._reload_again = False
        self._close_store()
        super().closeEvent(event)
