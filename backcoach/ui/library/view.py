"""The routine library: every routine with its facts, and one routine's steps before Start."""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import QMimeData, Qt, Signal, SignalInstance
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from backcoach.core.routine.catalog import Catalog, problem_lines
from backcoach.core.routine.describe import describe_step, format_duration
from backcoach.core.routine.duration import planned_duration_s, step_duration_s
from backcoach.core.routine.model import CircuitStep, Routine, Step
from backcoach.core.safety import STOP_ON_PAIN
from backcoach.i18n import _
from backcoach.ui.app.theme import text_colour

_LANGUAGE_NAMES = {"en": "English", "da": "Dansk", "zh-TW": "中文"}
BANNER_FILES = 5
"""The banner names at most this many files that did not load, with their first problem."""


class LibraryView(QWidget):
    """Lists the routines; ``start_requested`` carries the routine the user chose to play."""

    start_requested = Signal(object)
    edit_requested = Signal(object)
    """The user asked to edit a routine of their own."""
    duplicate_requested = Signal(object)
    """The user asked for an editable copy of a (bundled) routine."""
    files_dropped = Signal(list)
    """Routine files (.json or .zip) were dropped on the library, to import."""

    def __init__(
        self, catalog: Catalog, language: str = "en", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.language = language
        self.catalog = catalog
        self.routine_list = QListWidget()
        self.routine_list.setObjectName("routineList")
        self.routine_list.setAccessibleName(_("Routines"))
        self.routine_list.setMinimumWidth(300)
        self.routine_list.setStyleSheet(
            "QListWidget { font-size: 14px; }"
            "QListWidget::item { padding: 8px 6px; border-bottom: 1px solid palette(midlight); }"
            "QListWidget::item:selected { background: palette(highlight);"
            " color: palette(highlighted-text); }"
        )
        self.routine_list.currentRowChanged.connect(self._show_routine)
        self.routine_list.itemActivated.connect(lambda _item: self._start())
        self.detail = QTextBrowser()
        self.detail.setObjectName("routineDetail")
        self.detail.setAccessibleName(_("Routine details"))
        self.detail.setOpenExternalLinks(False)
        self.start_button = QPushButton("Start")
        self.start_button.setObjectName("startButton")
        self.start_button.setMinimumHeight(48)
        self.start_button.setStyleSheet("font-size: 18px; font-weight: bold;")
        self.start_button.clicked.connect(self._start)

        self.edit_button = QPushButton("Edit")
        self.edit_button.clicked.connect(lambda: self._emit_current(self.edit_requested))
        self.duplicate_button = QPushButton("Duplicate to edit")
        self.duplicate_button.clicked.connect(lambda: self._emit_current(self.duplicate_requested))
        self.setAcceptDrops(True)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.detail, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.duplicate_button)
        buttons.addStretch(1)
        buttons.addWidget(self.start_button)
        right_layout.addLayout(buttons)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.routine_list)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        self.problems_label = QLabel()
        self.problems_label.setTextFormat(Qt.TextFormat.PlainText)  # file names are not markup
        self.problems_label.setWordWrap(True)
        self.problems_label.setStyleSheet(
            "background: #fff4e5; color: #5a3a00; border: 1px solid #e0a040; padding: 6px;"
        )
        layout.addWidget(self.problems_label)
        layout.addWidget(splitter, 1)
        self.set_catalog(catalog)

    def set_catalog(self, catalog: Catalog) -> None:
        """Show ``catalog``'s routines, and a banner for files that did not load."""
        self.catalog = catalog
        self.routine_list.clear()
        for routine in catalog.routines:
            duration = format_duration(planned_duration_s(routine))
            item = QListWidgetItem(
                f"{routine.title.get(self.language)}\n{routine.kind.value} · {duration}"
                f" · {routine.difficulty.value}"
            )
            item.setData(Qt.ItemDataRole.UserRole, routine.routine_id)
            self.routine_list.addItem(item)
        if catalog.problems:
            lines = problem_lines(catalog.problems, BANNER_FILES)
            self.problems_label.setText(
                "Some of your routine files could not be loaded:\n"
                + "\n".join(line if line.startswith("…") else f"• {line}" for line in lines)
            )
        self.problems_label.setVisible(bool(catalog.problems))
        if catalog.routines:
            self.routine_list.setCurrentRow(0)
        self.start_button.setEnabled(bool(catalog.routines))

    def select(self, routine_id: str) -> bool:
        """Select the routine with ``routine_id``; return False when there is none."""
        for row in range(self.routine_list.count()):
            if self.routine_list.item(row).data(Qt.ItemDataRole.UserRole) == routine_id:
                self.routine_list.setCurrentRow(row)
                return True
        return False

    def current_routine(self) -> Routine | None:
        """Return the selected routine."""
        row = self.routine_list.currentRow()
        return self.catalog.routines[row] if 0 <= row < len(self.catalog.routines) else None

    def _start(self) -> None:
        routine = self.current_routine()
        if routine is not None:
            self.start_requested.emit(routine)

    def _emit_current(self, signal: SignalInstance) -> None:
        routine = self.current_routine()
        if routine is not None:
            signal.emit(routine)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt's name
        """Accept routine files (.json, .zip) dragged onto the library."""
        if _routine_files(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt's name
        """Ask to import the routine files dropped on the library."""
        files = _routine_files(event.mimeData())
        if files:
            event.acceptProposedAction()
            self.files_dropped.emit(files)

    def _show_routine(self, _row: int) -> None:
        routine = self.current_routine()
        self.edit_button.setVisible(routine is not None and not routine.bundled)
        self.duplicate_button.setVisible(routine is not None and routine.bundled)
        self.detail.setHtml(routine_html(routine, self.language) if routine else "")


def _routine_files(mime: QMimeData | None) -> list[str]:
    if mime is None:
        return []
    return [
        url.toLocalFile()
        for url in mime.urls()
        if url.isLocalFile() and url.toLocalFile().lower().endswith((".json", ".zip"))
    ]


def routine_html(routine: Routine, language: str = "en") -> str:
    """Return the detail page of a routine: facts, safety notes and steps."""
    lang = language

    def esc(text: str) -> str:
        return html.escape(text)

    equipment = ", ".join(routine.equipment) or "none"
    languages = ", ".join(_LANGUAGE_NAMES.get(code, code) for code in routine.languages)
    parts = [f"<h1>{esc(routine.title.get(lang))}</h1>"]
    if routine.description:
        parts.append(f"<p>{esc(routine.description.get(lang))}</p>")
    parts.append(
        "<p>"
        f"<b>Time:</b> {format_duration(planned_duration_s(routine))} &nbsp; "
        f"<b>Kind:</b> {routine.kind.value} &nbsp; "
        f"<b>Level:</b> {routine.difficulty.value} &nbsp; "
        f"<b>Equipment:</b> {esc(equipment)} &nbsp; "
        f"<b>Languages:</b> {esc(languages)}"
        "</p>"
    )
    safety = [STOP_ON_PAIN, *routine.safety]
    parts.append("<h3>Safety</h3><ul>")
    parts.extend(f"<li>{esc(note.get(lang))}</li>" for note in safety)
    parts.append("</ul><h3>Steps</h3><ol>")
    for step in routine.steps:
        parts.append(_step_html(step, lang, esc))
    parts.append("</ol>")
    if routine.sources:
        parts.append(f"<p><small>Sources: {esc(', '.join(routine.sources))}</small></p>")
    return "".join(parts)


def _step_html(step: Step, lang: str, esc: Callable[[str], str]) -> str:
    time = format_duration(step_duration_s(step))
    line = f"<li><b>{esc(step.name.get(lang))}</b> — {esc(describe_step(step))} ({time})"
    if isinstance(step, CircuitStep):
        inner = "".join(_step_html(child, lang, esc) for child in step.steps)
        line += f"<ol>{inner}</ol>"
    elif step.instruction:
        muted = text_colour("muted")
        line += f"<br><span style='color:{muted}'>{esc(step.instruction.get(lang))}</span>"
    return line + "</li>"
