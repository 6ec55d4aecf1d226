"""The routine library: searchable, filterable cards of every routine, and one routine's steps.

The list is a ``QListView`` over ``RoutineListModel`` drawn by
``RoutineDelegate`` (one widget for any number of routines; pictures are
rendered once and reused). Above it: search by name (Ctrl+F), and filters
by kind, time and equipment, all reachable with Tab. Arrow keys move through
the routines, Enter starts the selected one. Each card shows how often the
routine was done and when last, read from the history on a worker thread
(``refresh_use``; the main window calls it again when a session ends).
The detail pane shows the facts, the safety notes and every step with its
picture, and below them the timeline strip the editor uses
(``ui/app/timeline_strip.py``), compiled on a worker thread.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import (
    QEvent,
    QMetaMethod,
    QMimeData,
    QObject,
    QSize,
    Qt,
    QUrl,
    Signal,
    SignalInstance,
)
from PySide6.QtGui import (
    QDragEnterEvent,
    QDropEvent,
    QKeyEvent,
    QKeySequence,
    QShortcut,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from backcoach.config import paths
from backcoach.core.history.store import HistoryStore
from backcoach.core.history.usage import RoutineUse, routine_use
from backcoach.core.playback.cues import Cue, plan_cues
from backcoach.core.playback.timeline import Timeline, compile_routine
from backcoach.core.routine.catalog import Catalog, problem_lines
from backcoach.core.routine.describe import describe_step, format_duration
from backcoach.core.routine.duration import planned_duration_s, step_duration_s
from backcoach.core.routine.filtering import (
    NO_EQUIPMENT,
    LibraryFilter,
    TimeBand,
    equipment_items,
)
from backcoach.core.routine.model import CircuitStep, Routine, RoutineKind, Step
from backcoach.core.safety import STOP_ON_PAIN
from backcoach.i18n import LANGUAGES, N_, _, join_list, ngettext, with_extra
from backcoach.ui.app.background import run_in_background
from backcoach.ui.app.responsive_row import ResponsiveRow
from backcoach.ui.app.theme import text_colour
from backcoach.ui.app.timeline_strip import PreviewStrip, legend_html
from backcoach.ui.library.delegate import RoutineDelegate
from backcoach.ui.library.labels import equipment_label, kind_label, level_label
from backcoach.ui.library.model import Card, Role, RoutineListModel
from backcoach.ui.library.thumbnails import thumbnail

_log = logging.getLogger(__name__)
BANNER_FILES = 5
"""The banner names at most this many files that did not load, with their first problem."""
STEP_PICTURE = QSize(120, 90)
"""The size of a step's picture in the detail pane."""
TIME_CHOICES: tuple[tuple[TimeBand, str], ...] = (
    (TimeBand.ANY, N_("Any length")),
    (TimeBand.SHORT, N_("Under 5 min")),
    (TimeBand.MEDIUM, N_("5–15 min")),
    (TimeBand.LONG, N_("Over 15 min")),
)
OpenStore = Callable[[], HistoryStore | None]


def open_existing_log() -> HistoryStore | None:
    """Open the user's history, or return None while there is none (the library never makes it)."""
    path = paths.history_db_path()
    return HistoryStore(path) if path.exists() else None


def read_use(open_store: OpenStore) -> dict[str, RoutineUse]:
    """Open the history, read every routine's use and close it (runs on a worker thread)."""
    store = open_store()
    if store is None:
        return {}
    try:
        return routine_use(store)
    finally:
        store.close()


class StepBrowser(QTextBrowser):
    """The detail page; ``picture:N`` images are the pictures of the steps shown."""

    def __init__(self) -> None:
        super().__init__()
        self.pictures: list[Path] = []

    def loadResource(self, kind: int, name: QUrl | str) -> object:  # noqa: N802 - Qt's name
        """Return a step's cached thumbnail for ``picture:N``; anything else as Qt would."""
        url = QUrl(name) if isinstance(name, str) else name
        if kind == QTextDocument.ResourceType.ImageResource and url.scheme() == "picture":
            number = int(url.path()) if url.path().isdigit() else -1
            if 0 <= number < len(self.pictures):
                return thumbnail(self.pictures[number], STEP_PICTURE, self.devicePixelRatioF())
            return None
        return super().loadResource(kind, url)


class LibraryView(QWidget):
    """Lists the routines; ``start_requested`` carries the routine the user chose to play."""

    start_requested = Signal(object)
    edit_requested = Signal(object)
    """The user asked to edit a routine of their own."""
    duplicate_requested = Signal(object)
    """The user asked for an editable copy of a (bundled) routine."""
    files_dropped = Signal(list)
    """Routine files (.json or .zip) were dropped on the library, to import."""
    timeline_planned = Signal()
    """The selected routine's timeline strip is shown."""
    use_loaded = Signal()
    """The "done N times" / "last done" lines were read from the history (or could not be)."""

    def __init__(
        self,
        catalog: Catalog,
        language: str = "en",
        parent: QWidget | None = None,
        open_store: OpenStore | None = None,
    ) -> None:
        super().__init__(parent)
        self.language = language
        self.catalog = catalog
        self._open_store: OpenStore = open_store or open_existing_log
        self._reading_use = False
        self._read_again = False

        self.search = QLineEdit()
        self.search.setObjectName("librarySearch")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._apply_filter)
        self.search.installEventFilter(self)
        self.kind_filter = QComboBox()
        self.kind_filter.setObjectName("kindFilter")
        self.time_filter = QComboBox()
        self.time_filter.setObjectName("timeFilter")
        self.equipment_filter = QComboBox()
        self.equipment_filter.setObjectName("equipmentFilter")
        for combo in (self.kind_filter, self.time_filter, self.equipment_filter):
            combo.currentIndexChanged.connect(self._apply_filter)
            # In a narrow window (or a long language) the filters shrink before the search.
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(10)
        self.search.setMinimumWidth(200)
        self.count_label = QLabel()
        self.count_label.setObjectName("libraryCount")
        self.clear_button = QPushButton()
        self.clear_button.setObjectName("clearFilters")
        self.clear_button.clicked.connect(self.clear_filters)
        filters = QHBoxLayout()
        filters.addWidget(self.kind_filter, 1)
        filters.addWidget(self.time_filter, 1)
        filters.addWidget(self.equipment_filter, 1)
        filters.addWidget(self.clear_button)
        filters.addWidget(self.count_label)
        bar = ResponsiveRow()  # the filters go under the search where the window is narrow
        bar.add(self.search, 2)
        bar.add(filters, 3)

        self.model = RoutineListModel(self)
        self.routine_list = QListView()
        self.routine_list.setObjectName("routineList")
        self.routine_list.setModel(self.model)
        self.routine_list.setItemDelegate(RoutineDelegate(self.routine_list))
        self.routine_list.setMinimumWidth(300)
        self.routine_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.routine_list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.routine_list.setMouseTracking(True)
        self.routine_list.activated.connect(lambda _index: self._start())
        self.routine_list.selectionModel().currentChanged.connect(self._show_routine)
        self.empty_label = QLabel()
        self.empty_label.setObjectName("libraryEmpty")
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.hide()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.routine_list, 1)
        left_layout.addWidget(self.empty_label)

        self.detail = StepBrowser()
        self.detail.setObjectName("routineDetail")
        self.detail.setOpenExternalLinks(False)
        self.timeline_strip = PreviewStrip()
        self.timeline_legend = QLabel()
        self.timeline_legend.setObjectName("timelineLegend")
        self.timeline_legend.setTextFormat(Qt.TextFormat.RichText)
        self.timeline_legend.setWordWrap(True)
        self.start_button = QPushButton()
        self.start_button.setObjectName("startButton")
        self.start_button.setMinimumHeight(48)
        self.start_button.setStyleSheet("font-size: 18px; font-weight: bold;")
        self.start_button.clicked.connect(self._start)
        # Edit and Duplicate show once something edits routines (the editor connects them).
        self.edit_button = QPushButton()
        self.edit_button.setObjectName("editButton")
        self.edit_button.clicked.connect(lambda: self._emit_current(self.edit_requested))
        self.duplicate_button = QPushButton()
        self.duplicate_button.setObjectName("duplicateButton")
        self.duplicate_button.clicked.connect(lambda: self._emit_current(self.duplicate_requested))
        self.setAcceptDrops(True)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.detail, 1)
        right_layout.addWidget(self.timeline_strip)
        right_layout.addWidget(self.timeline_legend)
        self.buttons = QHBoxLayout()
        self.buttons.addWidget(self.edit_button)
        self.buttons.addWidget(self.duplicate_button)
        self.buttons.addStretch(1)
        self.buttons.addWidget(self.start_button)
        right_layout.addLayout(self.buttons)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 5)
        splitter.setSizes([440, 560])
        layout = QVBoxLayout(self)
        self.problems_label = QLabel()
        self.problems_label.setObjectName("libraryProblems")
        self.problems_label.setTextFormat(Qt.TextFormat.PlainText)  # file names are not markup
        self.problems_label.setWordWrap(True)
        self.problems_label.setStyleSheet(
            "background: #fff4e5; color: #5a3a00; border: 1px solid #e0a040; padding: 6px;"
        )
        layout.addWidget(self.problems_label)
        layout.addWidget(bar)
        layout.addWidget(splitter, 1)
        for first, second in (
            (self.search, self.kind_filter),
            (self.kind_filter, self.time_filter),
            (self.time_filter, self.equipment_filter),
            (self.equipment_filter, self.clear_button),
            (self.clear_button, self.routine_list),
            (self.routine_list, self.detail),
            (self.detail, self.edit_button),
            (self.edit_button, self.duplicate_button),
            (self.duplicate_button, self.start_button),
        ):
            QWidget.setTabOrder(first, second)
        find = QShortcut(QKeySequence.StandardKey.Find, self)
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.activated.connect(self.focus_search)
        self.set_catalog(catalog)
        self.refresh_use()

    # -- content ---------------------------------------------------------------------------

    def set_catalog(self, catalog: Catalog) -> None:
        """Show ``catalog``'s routines, and a banner for files that did not load."""
        self.catalog = catalog
        selected = self.current_routine()
        self._retranslate()
        self.model.set_routines(catalog.routines, self.language)
        if catalog.problems:
            lines = problem_lines(catalog.problems, BANNER_FILES)
            self.problems_label.setText(
                _("Some of your routine files could not be loaded:")
                + "\n"
                + "\n".join(line if line.startswith("…") else f"• {line}" for line in lines)
            )
        self.problems_label.setVisible(bool(catalog.problems))
        self._after_filter(selected.routine_id if selected else None)

    def _retranslate(self) -> None:
        """Set every label and choice in the current language, keeping the choices made."""
        self.search.setPlaceholderText(_("Search by name (Ctrl+F)"))
        self.search.setAccessibleName(_("Search routines by name"))
        self.kind_filter.setAccessibleName(_("Filter by kind"))
        self.time_filter.setAccessibleName(_("Filter by time"))
        self.equipment_filter.setAccessibleName(_("Filter by equipment"))
        self.clear_button.setText(_("Clear filters"))
        self.clear_button.setAccessibleName(_("Clear the search and filters"))
        self.routine_list.setAccessibleName(_("Routines"))
        self.detail.setAccessibleName(_("Routine details"))
        self.start_button.setText(_("Start"))
        self.start_button.setAccessibleName(_("Start the selected routine"))
        self.edit_button.setText(_("Edit"))
        self.edit_button.setAccessibleName(_("Edit the selected routine"))
        self.duplicate_button.setText(_("Duplicate to edit"))
        self.duplicate_button.setAccessibleName(_("Make an editable copy of the selected routine"))
        self.problems_label.setAccessibleName(_("Routine files that could not be loaded"))
        self.empty_label.setText(_("No routine matches the search and filters."))
        self.timeline_legend.setText(legend_html())
        self.timeline_legend.setAccessibleName(_("Timeline legend"))
        # Combo boxes hold plain strings (Qt turns str enums into str anyway).
        kinds = [(None, _("All kinds"))] + [(kind.value, kind_label(kind)) for kind in RoutineKind]
        times = [(band.value, _(label)) for band, label in TIME_CHOICES]
        items = equipment_items(self.catalog.routines)
        equipment = [(None, _("Any equipment")), (NO_EQUIPMENT, _("No equipment"))] + [
            (item, equipment_label(item)) for item in items
        ]
        for combo, choices in (
            (self.kind_filter, kinds),
            (self.time_filter, times),
            (self.equipment_filter, equipment),
        ):
            chosen = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            for value, label in choices:
                combo.addItem(label, value)
            found = combo.findData(chosen)
            combo.setCurrentIndex(max(0, found))
            combo.blockSignals(False)

    def current_filter(self) -> LibraryFilter:
        """Return what the search field and the filters ask for."""
        kind = self.kind_filter.currentData()
        return LibraryFilter(
            text=self.search.text(),
            kind=RoutineKind(kind) if kind else None,
            band=TimeBand(self.time_filter.currentData() or TimeBand.ANY.value),
            equipment=self.equipment_filter.currentData(),
        )

    def _apply_filter(self) -> None:
        selected = self.current_routine()
        self.model.set_filter(self.current_filter())
        self._after_filter(selected.routine_id if selected else None)

    def _after_filter(self, keep: str | None) -> None:
        """Select ``keep`` if still shown, else the first routine; update counts and buttons."""
        shown, total = self.model.routine_count(), len(self.catalog.routines)
        wanted = self.current_filter()
        if wanted.active:
            text = ngettext(
                "{shown} of {total} routine", "{shown} of {total} routines", total
            ).format(shown=shown, total=total)
        else:
            text = ngettext("{n} routine", "{n} routines", total).format(n=total)
        self.count_label.setText(text)
        self.clear_button.setEnabled(wanted.active)
        self.empty_label.setVisible(shown == 0 and total > 0)
        row = self.model.row_of(keep) if keep else -1
        if row < 0:
            row = next((r for r, item in enumerate(self.model.rows) if isinstance(item, Card)), -1)
        if row >= 0:
            self.routine_list.setCurrentIndex(self.model.index(row))
            self.routine_list.scrollTo(self.model.index(row))
        else:
            self._show_routine()
        self.start_button.setEnabled(self.current_routine() is not None)

    def clear_filters(self) -> None:
        """Empty the search field and set every filter back to "any"."""
        for combo in (self.kind_filter, self.time_filter, self.equipment_filter):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self._apply_filter()

    # -- history ---------------------------------------------------------------------------

    def refresh_use(self) -> None:
        """Read how often and when each routine was done, on a worker thread."""
        if self._reading_use:
            self._read_again = True
            return
        self._reading_use = True
        open_store = self._open_store
        run_in_background(
            lambda: read_use(open_store),
            self._use_read,
            self._use_failed,
        )

    def _use_read(self, use: dict[str, RoutineUse]) -> None:
        self._reading_use = False
        self.model.set_use(use, date.today())
        self._after_use()

    def _use_failed(self, exc: Exception) -> None:
        # The history window says what is wrong with the log; the cards just lack the line.
        _log.warning("the library could not read the history: %s", exc)
        self._reading_use = False
        self._after_use()

    def _after_use(self) -> None:
        self.use_loaded.emit()
        if self._read_again:
            self._read_again = False
            self.refresh_use()

    # -- selection and keys ----------------------------------------------------------------

    def select(self, routine_id: str) -> bool:
        """Select the routine with ``routine_id`` (clearing filters that hide it); False if none."""
        if self.catalog.find(routine_id) is None:
            return False
        if self.model.row_of(routine_id) < 0:
            self.clear_filters()
        index = self.model.index(self.model.row_of(routine_id))
        self.routine_list.setCurrentIndex(index)
        self.routine_list.scrollTo(index)
        return True

    def current_routine(self) -> Routine | None:
        """Return the selected routine."""
        index = self.routine_list.currentIndex()
        return index.data(Role.ROUTINE) if index.isValid() else None

    def focus_search(self) -> None:
        """Put the cursor in the search field, its text selected (Ctrl+F)."""
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """In the search field, Down or Enter go to the list; Escape clears, then leaves."""
        if watched is self.search and isinstance(event, QKeyEvent):
            if event.type() != QEvent.Type.KeyPress:
                return super().eventFilter(watched, event)
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.routine_list.setFocus(Qt.FocusReason.OtherFocusReason)
                return True
            if key == Qt.Key.Key_Escape:
                if self.search.text():
                    self.search.clear()
                else:
                    self.routine_list.setFocus(Qt.FocusReason.OtherFocusReason)
                return True
        return super().eventFilter(watched, event)

    def _start(self) -> None:
        self._emit_current(self.start_requested)

    def _emit_current(self, signal: SignalInstance) -> None:
        routine = self.current_routine()
        if routine is not None:
            signal.emit(routine)

    def _show_timeline(self, routine: Routine | None) -> None:
        """Compile ``routine``'s timeline on a worker; show it if it is still the one selected."""
        self.timeline_strip.show_timeline(None)
        if routine is None:
            return
        language = self.language
        run_in_background(
            lambda: plan_timeline(routine, language),
            self._timeline_planned,
            self._timeline_failed,
        )

    def _timeline_planned(self, planned: tuple[Routine, Timeline, tuple[Cue, ...]]) -> None:
        routine, timeline, cues = planned
        if routine is self.current_routine():  # else another routine was chosen meanwhile
            self.timeline_strip.show_timeline(timeline, cues)
            self.timeline_planned.emit()

    def _timeline_failed(self, exc: Exception) -> None:
        # A routine that loaded always compiles; if not, the strip stays empty, the rest works.
        _log.warning("the library could not compile the timeline: %s", exc)

    def _update_edit_buttons(self) -> None:
        routine = self.current_routine()
        editing = self.isSignalConnected(QMetaMethod.fromSignal(self.edit_requested))
        duplicating = self.isSignalConnected(QMetaMethod.fromSignal(self.duplicate_requested))
        self.edit_button.setVisible(editing and routine is not None and not routine.bundled)
        self.duplicate_button.setVisible(duplicating and routine is not None and routine.bundled)

    def connectNotify(self, signal: QMetaMethod) -> None:  # noqa: N802 - Qt's name
        """Show Edit / Duplicate once the editor listens for them."""
        super().connectNotify(signal)
        if signal.name() in (b"edit_requested", b"duplicate_requested"):
            self._update_edit_buttons()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt's name
        """Accept routine files (.json, .zip) dragged onto the library."""
        if dropped_routine_files(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt's name
        """Ask to import the routine files dropped on the library."""
        files = dropped_routine_files(event.mimeData())
        if files:
            event.acceptProposedAction()
            self.files_dropped.emit(files)

    def _show_routine(self, *_args: object) -> None:
        routine = self.current_routine()
        self._show_timeline(routine)
        pictures: list[Path] = []
        self.detail.pictures = pictures
        self.detail.setHtml(routine_html(routine, self.language, pictures) if routine else "")
        self.start_button.setEnabled(routine is not None)
        self._update_edit_buttons()


def plan_timeline(routine: Routine, language: str) -> tuple[Routine, Timeline, tuple[Cue, ...]]:
    """Compile ``routine`` and plan its cues, for the strip (runs on a worker thread)."""
    timeline = compile_routine(routine, language)
    return routine, timeline, tuple(plan_cues(timeline))


def dropped_routine_files(mime: QMimeData | None) -> list[str]:
    """Return the local .json and .zip files in dropped ``mime`` data."""
    if mime is None:
        return []
    return [
        url.toLocalFile()
        for url in mime.urls()
        if url.isLocalFile() and url.toLocalFile().lower().endswith((".json", ".zip"))
    ]


def routine_html(routine: Routine, language: str = "en", pictures: list[Path] | None = None) -> str:
    """Return the detail page of a routine: facts, safety notes and steps with their pictures.

    Each step picture is appended to ``pictures`` and shown as ``picture:N``
    (``StepBrowser`` draws it); without a list, steps have no pictures.
    """
    lang = language
    esc = html.escape
    equipment = join_list(equipment_label(item) for item in routine.equipment) or _("none")
    languages = join_list(LANGUAGES.get(code, code) for code in routine.languages)
    facts = (
        (_("Time:"), format_duration(planned_duration_s(routine))),
        (_("Kind:"), kind_label(routine.kind)),
        (_("Level:"), level_label(routine.difficulty)),
        (_("Equipment:"), equipment),
        (_("Languages:"), languages),
    )
    parts = [f"<h1>{esc(routine.title.get(lang))}</h1>"]
    if routine.description:
        parts.append(f"<p>{esc(routine.description.get(lang))}</p>")
    parts.append(
        "<p>"
        + " &nbsp; ".join(f"<b>{esc(label)}</b>&nbsp;{esc(value)}" for label, value in facts)
        + "</p>"
    )
    safety, steps = _("Safety"), _("Steps")
    parts.append(f"<h3>{esc(safety)}</h3><ul>")
    parts.extend(f"<li>{esc(note.get(lang))}</li>" for note in (STOP_ON_PAIN, *routine.safety))
    parts.append(f"</ul><h3>{esc(steps)}</h3>")
    parts.append("<table cellspacing='0' cellpadding='4' width='100%'>")
    for number, step in enumerate(routine.steps, start=1):
        parts.append(_step_rows(step, f"{number}.", lang, pictures))
    parts.append("</table>")
    if routine.sources:
        sources = _("Sources: {sources}").format(sources=join_list(routine.sources))
        parts.append(f"<p><small>{esc(sources)}</small></p>")
    return "".join(parts)


def _step_rows(step: Step, number: str, lang: str, pictures: list[Path] | None) -> str:
    esc = html.escape
    time = format_duration(step_duration_s(step))
    summary = esc(with_extra(describe_step(step), time))
    text = f"<b>{esc(number)} {esc(step.name.get(lang))}</b> — {summary}"
    if not isinstance(step, CircuitStep) and step.instruction:
        muted = text_colour("muted")
        text += f"<br><span style='color:{muted}'>{esc(step.instruction.get(lang))}</span>"
    picture = ""
    if pictures is not None and step.illustration is not None:
        pictures.append(step.illustration)
        picture = (
            f"<img src='picture:{len(pictures) - 1}' width='{STEP_PICTURE.width()}'"
            f" height='{STEP_PICTURE.height()}'>"
        )
    row = (
        f"<tr><td width='{STEP_PICTURE.width() + 8}' valign='middle'>{picture}</td>"
        f"<td valign='middle'>{text}</td></tr>"
    )
    if isinstance(step, CircuitStep):
        row += "".join(
            _step_rows(inner, f"{number}{index}", lang, pictures)
            for index, inner in enumerate(step.steps, start=1)
        )
    return row
