"""The routine editor window: details, step tree, step forms, checking, preview, undo, save.

Every edit changes the routine document (``core.routine.document``) through an undo
command, then the document is checked by the player's own loader and safety lint and
compiled into the preview, coalesced to once per turn of the event loop. Problems show at
their field and in a list that jumps to the field; Save is possible only for a valid
routine, anything else can be kept as a draft. An autosave draft is written while editing
and offered back when the same routine is opened again.
"""

from __future__ import annotations

import contextlib
import gc
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEventLoop, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from backcoach.core.playback.cues import Cue, CueKind, plan_cues
from backcoach.core.playback.timeline import Timeline, compile_routine
from backcoach.core.routine.describe import format_duration
from backcoach.core.routine.document import (
    LANGUAGES,
    STEP_TYPES,
    RoutineDocument,
    split_step_pointer,
    step_pointer_of,
    text_value,
    with_text,
)
from backcoach.core.routine.duration import planned_duration_s
from backcoach.core.routine.lint import Finding, lint_document
from backcoach.core.routine.loader import Problem
from backcoach.core.routine.model import Routine, starting_at
from backcoach.core.routine.sharing import (
    EditSource,
    SharingError,
    assets_search_dirs,
    bundled_illustrations,
    delete_draft,
    drafts_dir,
    import_image,
    read_draft,
    save_draft,
    save_routine,
)
from backcoach.i18n import LANGUAGES as LANGUAGE_NAMES
from backcoach.i18n import N_, _, current_language, ngettext
from backcoach.ui.app.responsive_row import ResponsiveRow
from backcoach.ui.app.screen_fit import fit_to_screen
from backcoach.ui.app.theme import text_colour
from backcoach.ui.app.timeline_strip import PreviewStrip
from backcoach.ui.editor.commands import SnapshotCommand
from backcoach.ui.editor.fields import FieldBinder
from backcoach.ui.editor.tree import DETAILS, StepTree

KINDS = {
    "warm-up": N_("warm-up"),
    "stretch": N_("stretch"),
    "strength": N_("strength"),
    "cool-down": N_("cool-down"),
    "desk-break": N_("desk break"),
    "custom": N_("custom"),
}
"""A routine's kinds (the file's words) and how the editor shows them."""
DIFFICULTIES = {
    "gentle": N_("gentle"),
    "beginner": N_("beginner"),
    "intermediate": N_("intermediate"),
    "advanced": N_("advanced"),
}
SIDES = [
    (None, N_("default")),
    ("none", N_("none")),
    ("left-right", N_("left then right")),
    ("alternating", N_("alternating")),
]
STEP_NAMES = {
    "timed": N_("Timed"),
    "hold": N_("Hold"),
    "reps": N_("Reps"),
    "breathing": N_("Breathing"),
    "rest": N_("Rest"),
    "circuit": N_("Circuit"),
}
"""The step types (the file's words) as the Add step menu shows them."""
STEP_TITLES = {
    "timed": N_("Timed step"),
    "hold": N_("Hold step"),
    "reps": N_("Reps step"),
    "breathing": N_("Breathing step"),
    "rest": N_("Rest step"),
    "circuit": N_("Circuit step"),
}
"""The form's title for each step type."""


def _choices(labels: Any) -> list[tuple[Any, str]]:
    """Return ``(value, label)`` pairs with each label in the user's language."""
    pairs = labels.items() if isinstance(labels, dict) else labels
    return [(value, _(label)) for value, label in pairs]


def _finding_text(finding: Any) -> str:
    """Return a safety finding's reason, with its source article where it has one."""
    if not finding.source:
        return finding.message
    return _("{message} (article {source})").format(message=finding.message, source=finding.source)


AUTOSAVE_MS = 3000
OWN_PICTURE = "__choose__"

PlayCallback = Callable[[Routine], object]
SpeakCallback = Callable[[str], object]
OpenCallback = Callable[[EditSource], "EditorWindow"]


class EditorWindow(QMainWindow):
    """Edits one routine document; ``saved`` carries the file written."""

    saved = Signal(object)
    checked = Signal()
    """The document was checked and the preview updated, cue marks included (after every edit)."""
    timeline_shown = Signal()
    """The preview strip shows the edited routine's stretches (its cue marks follow)."""

    def __init__(
        self,
        source: EditSource,
        *,
        play: PlayCallback | None = None,
        speak: SpeakCallback | None = None,
        opener: OpenCallback | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        self.document = RoutineDocument(source.document)
        self.original = source.original
        self.target = source.target
        self.draft = source.draft
        """The draft this editor finishes: removed after the first successful Save."""
        self.language = "en"
        self.play_callback = play
        self.speak_callback = speak
        self.opener = opener
        self.others: list[EditorWindow] = []
        """Editors this one opened itself (kept alive while shown; no ``opener`` given)."""
        self.routine: Routine | None = None
        self.problems: list[Problem] = []
        self.findings: list[Finding] = []
        self.timeline: Timeline | None = None
        self.cues: tuple[Cue, ...] = ()
        stem = source.original.stem if source.original else self.document.get("/id", "new")
        self.autosave_key = f"autosave-{stem}"
        self._snapshot = self.document.snapshot()
        self._current = DETAILS
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._update_title)
        self.undo_stack.indexChanged.connect(self._schedule_autosave)
        self._generation = 0
        self._closed = False
        self._last_shown = -1
        self._preview_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="preview")
        self._results = _PreviewResults(self)
        self._results.compiled.connect(self._show_timeline)
        self._results.ready.connect(self._show_preview)
        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(0)
        self._check_timer.timeout.connect(self.run_check)
        self._autosave_timer = QTimer(self)
        self._autosave_timer.setSingleShot(True)
        self._autosave_timer.setInterval(AUTOSAVE_MS)
        self._autosave_timer.timeout.connect(self.autosave)
        self._build()
        self._build_menus()
        width = fit_to_screen(self, QSize(1180, 760)).width()
        self.splitter.setSizes([width // 5, width * 3 // 5, width // 5])  # the form: the most
        self.language = self._first_language()
        blocked = self.language_box.blockSignals(True)
        self.language_box.setCurrentIndex(self.language_box.findData(self.language))
        self.language_box.blockSignals(blocked)
        self.tree.show_document(self.document, self.language, DETAILS)
        self._show_form()
        self.run_check()
        self._update_title()

    # --- layout ---------------------------------------------------------------------------

    def _build(self) -> None:
        self.tree = StepTree()
        self.tree.currentItemChanged.connect(lambda *_: self._selection_changed())
        self.tree.move_requested.connect(self.move_step_to)
        self.add_button = QToolButton()
        self.add_button.setText(_("Add step"))
        self.add_button.setAccessibleName(_("Add step"))
        self.add_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.add_menu = QMenu(self.add_button)
        for step_type in STEP_TYPES:
            action = self.add_menu.addAction(_(STEP_NAMES.get(step_type, step_type)))
            action.triggered.connect(lambda _c=False, t=step_type: self.add_step(t))
        self.add_button.setMenu(self.add_menu)
        # Two groups that stand one under the other where a long language needs it.
        buttons, arrows = QHBoxLayout(), QHBoxLayout()
        for text, slot, name in (
            (_("Duplicate"), self.duplicate_step, "duplicateButton"),
            (_("Remove"), self.remove_step, "removeButton"),
            ("↑", lambda: self.move_by(-1), "upButton"),
            ("↓", lambda: self.move_by(1), "downButton"),
        ):
            button = QPushButton(text)
            button.setObjectName(name)
            button.setAccessibleName({"↑": _("Move up"), "↓": _("Move down")}.get(text, text))
            button.clicked.connect(slot)
            (arrows if name in ("upButton", "downButton") else buttons).addWidget(button)
        step_row = ResponsiveRow()
        step_row.add(self.add_button)
        step_row.add(buttons)
        step_row.add(arrows)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.tree, 1)
        left_layout.addWidget(step_row)

        self.language_box = QComboBox()
        self.language_box.setAccessibleName(_("Language of the texts"))
        for code in LANGUAGES:
            self.language_box.addItem(LANGUAGE_NAMES.get(code, code), code)
        self.language_box.currentIndexChanged.connect(self._language_changed)
        self.form_title = QLabel()
        self.form_title.setStyleSheet("font-size: 16px; font-weight: bold;")
        self.form_title.setWordWrap(True)
        self.step_message = QLabel()
        self.step_message.setWordWrap(True)
        self.step_message.setVisible(False)
        header = ResponsiveRow()
        language = QHBoxLayout()
        language.addWidget(QLabel(_("Texts in:")))
        language.addWidget(self.language_box)
        header.add(self.form_title, 1)
        header.add(language)
        self.form_area = QScrollArea()
        self.form_area.setWidgetResizable(True)
        middle = QWidget()
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(0, 0, 0, 0)
        middle_layout.addWidget(header)
        middle_layout.addWidget(self.step_message)
        middle_layout.addWidget(self.form_area, 1)

        self.problem_list = QListWidget()
        self.problem_list.setObjectName("problemList")
        self.problem_list.setAccessibleName(_("Problems and warnings"))
        self.problem_list.setWordWrap(True)
        self.problem_list.itemActivated.connect(self._problem_activated)
        self.problem_list.itemClicked.connect(self._problem_activated)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        self.problem_title = QLabel(_("Checks"))
        self.problem_title.setStyleSheet("font-weight: bold;")
        self.problem_title.setWordWrap(True)
        right_layout.addWidget(self.problem_title)
        right_layout.addWidget(self.problem_list, 1)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(middle)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 2)
        self.splitter = splitter

        self.preview = PreviewStrip()
        self.total_label = QLabel()
        self.total_label.setObjectName("totalTime")
        self.play_button = QPushButton(_("Play from here"))
        self.play_button.setToolTip(
            _("Play the routine from the selected step, without saving (F5)")
        )
        self.play_button.clicked.connect(self.play_from_here)
        self.play_button.setEnabled(self.play_callback is not None)
        self.hear_button = QPushButton(_("Hear it"))
        self.hear_button.setToolTip(_("Speak the selected step's cues (F6)"))
        self.hear_button.clicked.connect(self.hear_it)
        self.hear_button.setEnabled(self.speak_callback is not None)
        self.draft_button = QPushButton(_("Keep as draft"))
        self.draft_button.clicked.connect(self.keep_draft)
        self.save_button = QPushButton(_("Save"))
        self.save_button.setObjectName("saveButton")
        self.save_button.setStyleSheet("font-weight: bold;")
        self.save_button.clicked.connect(self.save)
        bottom = ResponsiveRow()  # the total and the buttons, one under the other if need be
        actions = QHBoxLayout()
        actions.addStretch(1)
        for button in (self.play_button, self.hear_button, self.draft_button, self.save_button):
            actions.addWidget(button)
        bottom.add(self.total_label, 1)
        bottom.add(actions)

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(splitter, 1)
        legend = QLabel(
            # Translators: the legend under the timeline preview; keep the HTML as it is.
            _(
                "Preview: <span style='color:#9aa5b1'>■</span> prepare "
                "<span style='color:#1f5fa8'>■</span> work "
                "<span style='color:#3c9a5f'>■</span> rest "
                "<span style='color:#8e5bb5'>■</span> switch "
                "<span style='color:#2aa1a8'>■</span> breathing ╷ spoken cue"
            )
        )
        legend.setWordWrap(True)
        layout.addWidget(legend)
        layout.addWidget(self.preview)
        layout.addWidget(bottom)
        self.setCentralWidget(central)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(_("&File"))
        self.save_action = self._action(
            file_menu, _("&Save"), self.save, QKeySequence.StandardKey.Save
        )
        self._action(file_menu, _("Keep as &draft"), self.keep_draft, QKeySequence("Ctrl+Shift+S"))
        self.open_draft_action = self._action(
            file_menu, _("Open dr&aft…"), self.open_draft, QKeySequence("Ctrl+Shift+O")
        )
        file_menu.addSeparator()
        self._action(file_menu, _("&Close"), self.close, QKeySequence.StandardKey.Close)
        edit_menu = self.menuBar().addMenu(_("&Edit"))
        undo = self.undo_stack.createUndoAction(self, _("&Undo"))
        undo.setShortcut(QKeySequence("Ctrl+Z"))
        redo = self.undo_stack.createRedoAction(self, _("&Redo"))
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        edit_menu.addAction(undo)
        edit_menu.addAction(redo)
        self.undo_action, self.redo_action = undo, redo
        edit_menu.addSeparator()
        add_menu = edit_menu.addMenu(_("&Add step"))
        for number, step_type in enumerate(STEP_TYPES, start=1):
            self._action(
                add_menu,
                _(STEP_NAMES.get(step_type, step_type)),
                partial(self.add_step, step_type),
                QKeySequence(f"Ctrl+{number}"),
            )
        self._action(edit_menu, _("D&uplicate step"), self.duplicate_step, QKeySequence("Ctrl+D"))
        self._action(edit_menu, _("&Remove step"), self.remove_step, QKeySequence("Ctrl+Delete"))
        self._action(
            edit_menu, _("Move step &up"), lambda: self.move_by(-1), QKeySequence("Alt+Up")
        )
        self._action(
            edit_menu, _("Move step &down"), lambda: self.move_by(1), QKeySequence("Alt+Down")
        )
        self._action(
            edit_menu,
            _("Move &into the circuit above"),
            self.move_into_circuit,
            QKeySequence("Alt+Right"),
        )
        self._action(
            edit_menu,
            _("Move &out of the circuit"),
            self.move_out_of_circuit,
            QKeySequence("Alt+Left"),
        )
        run_menu = self.menuBar().addMenu(_("&Preview"))
        self._action(run_menu, _("&Play from here"), self.play_from_here, QKeySequence("F5"))
        self._action(run_menu, _("&Hear it"), self.hear_it, QKeySequence("F6"))
        self._action(run_menu, _("Next &problem"), self.next_problem, QKeySequence("F8"))

    def _action(
        self,
        menu: QMenu,
        text: str,
        slot: Callable[[], Any],
        shortcut: QKeySequence | QKeySequence.StandardKey,
    ) -> QAction:
        action = QAction(text, self)
        action.setShortcut(shortcut)
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        return action

    # --- the document and undo ------------------------------------------------------------

    def edit(
        self,
        label: str,
        mutate: Callable[[RoutineDocument], str | None],
        *,
        merge_key: str | None = None,
        structural: bool = True,
    ) -> str | None:
        """Make one undoable change: ``mutate`` edits the document and returns what to select."""
        before = (self._snapshot, self._current)
        try:
            select = mutate(self.document)
        except ValueError as exc:
            self.statusBar().showMessage(str(exc), 8000)
            self.document.restore(before[0])
            return None
        chosen = select if select is not None else self._current
        self._snapshot = self.document.snapshot()
        self.undo_stack.push(
            SnapshotCommand(self, label, before, (self._snapshot, chosen), merge_key)
        )
        if structural:
            self._current = chosen
            self.tree.show_document(self.document, self.language, chosen)
            self._show_form()
        else:
            self._refresh_labels(only_current=True)
        self._check_timer.start()
        return select

    def set_field(self, pointer: str, value: Any, *, rebuild: bool = False) -> None:
        """Set one field (typing into the same field is one undo step)."""
        if self.document.get(pointer) == value:
            return
        self.edit(
            _("Change {field}").format(field=pointer.rsplit("/", 1)[-1]),
            lambda doc: doc.set(pointer, value) and None,
            merge_key=None if rebuild else f"{pointer}|{self.language}",
            structural=rebuild,
        )

    def apply_snapshot(self, snapshot: dict[str, Any], select: str | None) -> None:
        """Restore a snapshot (undo and redo); redraw everything from it."""
        self.document.restore(snapshot)
        self._snapshot = self.document.snapshot()
        self._current = select or DETAILS
        if self.document.get(self._current) is None:
            self._current = DETAILS
        self.tree.show_document(self.document, self.language, self._current)
        self._show_form()
        self._check_timer.start()

    def _refresh_labels(self, *, only_current: bool = False) -> None:
        from backcoach.ui.editor.tree import POINTER_ROLE, details_label, step_label

        items = self.tree.items()
        if only_current:  # a field of the shown step (or of the details) changed
            items = [i for i in (self.tree.item_for(self._current),) if i is not None]
        for item in items:
            pointer = item.data(0, POINTER_ROLE)
            if pointer == DETAILS:
                item.setText(0, details_label(self.document, self.language))
            else:
                item.setText(0, step_label(self.document.get(pointer), self.language))

    # --- step operations ------------------------------------------------------------------

    def current_step(self) -> str:
        """Return the selected step's pointer (``""`` when the details are selected)."""
        return self._current

    def add_step(self, step_type: str) -> str | None:
        """Add a step of ``step_type`` after the selected one (inside its circuit)."""
        after = self._current or None
        if (
            after
            and self.document.get(after, {}).get("type") == "circuit"
            and step_type != "circuit"
        ):
            inner = self.document.steps_of(after)
            return self.edit(
                _("Add step"),
                lambda doc: doc.insert_step(after, len(inner), _new(step_type, inner)),
            )
        return self.edit(_("Add step"), lambda doc: doc.add_step(step_type, after))

    def remove_step(self) -> None:
        """Remove the selected step (the last step of a list cannot go: a routine needs one)."""
        pointer = self._current
        if not pointer:
            return
        parent, index = split_step_pointer(pointer)
        if len(self.document.steps_of(parent)) <= 1:
            self.statusBar().showMessage(_("A routine and a circuit need at least one step."), 8000)
            return
        remaining = len(self.document.steps_of(parent)) - 1

        def mutate(doc: RoutineDocument) -> str:
            doc.remove_step(pointer)
            return f"{parent}/steps/{min(index, remaining - 1)}"

        self.edit(_("Remove step"), mutate)

    def duplicate_step(self) -> None:
        """Put a copy of the selected step after it."""
        pointer = self._current
        if pointer:
            self.edit(_("Duplicate step"), lambda doc: doc.duplicate_step(pointer))

    def move_by(self, delta: int) -> None:
        """Move the selected step up (-1) or down (+1) among its neighbours."""
        pointer = self._current
        if pointer:
            parent, index = split_step_pointer(pointer)
            if 0 <= index + delta < len(self.document.steps_of(parent)):
                self.edit(_("Move step"), lambda doc: doc.move_by(pointer, delta))

    def move_step_to(self, pointer: str, parent: str, index: int) -> None:
        """Move a step into ``parent`` before ``index`` (drag and drop)."""
        if pointer and pointer != parent:
            self.edit(_("Move step"), lambda doc: doc.move_step(pointer, parent, index))

    def move_into_circuit(self) -> None:
        """Move the selected top-level step into the end of the circuit just above it."""
        pointer = self._current
        if not pointer or pointer.count("/steps/") != 1:
            return
        _parent, index = split_step_pointer(pointer)
        above = f"/steps/{index - 1}"
        if index > 0 and self.document.get(f"{above}/type") == "circuit":
            self.move_step_to(pointer, above, len(self.document.steps_of(above)))

    def move_out_of_circuit(self) -> None:
        """Move the selected step out of its circuit, to just after the circuit."""
        pointer = self._current
        if pointer.count("/steps/") != 2:
            return
        circuit, _index = split_step_pointer(pointer)
        if len(self.document.steps_of(circuit)) <= 1:
            self.statusBar().showMessage(_("A circuit needs at least one step."), 8000)
            return
        _root, circuit_index = split_step_pointer(circuit)
        self.move_step_to(pointer, "", circuit_index + 1)

    # --- forms ----------------------------------------------------------------------------

    def _selection_changed(self) -> None:
        self._current = self.tree.current_pointer()
        self._show_form()
        self.preview.select(self._current)

    def _language_changed(self) -> None:
        self.language = self.language_box.currentData()
        self._refresh_labels()
        self._show_form()
        self._mark_problems()
        self._check_timer.start()  # the preview's cues and "Hear it" in the texts' language

    def _first_language(self) -> str:
        """Return the texts' language to start in: the user's, where the routine has it."""
        language = current_language()
        has_it = bool(text_value(self.document.get("/title"), language))
        return language if language in LANGUAGES and has_it else "en"

    def _show_form(self) -> None:
        page = QWidget()
        column = QVBoxLayout(page)
        form = QFormLayout()
        column.addLayout(form)
        column.addStretch(1)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        # Labels above their fields: a long (translated) label has the whole width.
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.binder = FieldBinder(self, form)
        pointer = self._current
        step = self.document.get(pointer) if pointer else None
        if not isinstance(step, dict):
            self.form_title.setText(_("Routine details"))
            self._details_form(self.binder)
        else:
            kind = step.get("type", "?")
            self.form_title.setText(_(STEP_TITLES.get(kind, N_("Step"))))
            self._step_form(self.binder, pointer, step)
        old = self.form_area.takeWidget()
        if old is not None:
            old.deleteLater()  # not at once: a field of it may be in the middle of its signal
        self.form_area.setWidget(page)
        self._mark_problems()

    def _details_form(self, b: FieldBinder) -> None:
        b.line("/id", _("Id"), lambda t: t.strip(), str(self.document.get("/id", "")))
        b.text("/title", _("Title"), optional=False)
        b.choice("/kind", _("Kind"), _choices(KINDS))
        b.choice(
            "/difficulty",
            _("Difficulty"),
            [(None, _("beginner (default)"))] + _choices(DIFFICULTIES),
        )
        b.line(
            "/equipment",
            _("Equipment (comma separated)"),
            lambda t: [w.strip() for w in t.split(",") if w.strip()] or None,
            ", ".join(self.document.get("/equipment", []) or []),
        )
        b.text("/description", _("Description"), optional=True, multiline=True)
        safety = QPlainTextEdit(
            "\n".join(text_value(t, self.language) for t in self.document.get("/safety", []) or [])
        )
        safety.setFixedHeight(70)
        safety.setTabChangesFocus(True)
        safety.setPlaceholderText(_("One safety note a line"))
        safety.textChanged.connect(lambda: self._set_safety(safety.toPlainText()))
        b.add_widget("/safety", _("Safety notes"), safety)
        b.number(
            "/defaults/prepare_s",
            _("Prepare (default)"),
            optional=True,
            maximum=600,
            default_text=_("{n} s").format(n=5),
        )
        b.number(
            "/defaults/rest_between_sets_s",
            _("Rest between sets (default)"),
            optional=True,
            maximum=1200,
            default_text=_("{n} s").format(n=30),
        )
        b.number(
            "/defaults/switch_s",
            _("Switch sides (default)"),
            optional=True,
            maximum=600,
            default_text=_("{n} s").format(n=5),
        )
        b.choice(
            "/defaults/sides",
            _("Sides (default)"),
            [(None, _("none (default)"))] + _choices(SIDES[1:]),
        )
        self._pattern_fields(b, "/defaults/breathing", _("Default breathing"), optional=True)

    def _set_safety(self, text: str) -> None:
        lines = [line for line in text.split("\n")]
        current = list(self.document.get("/safety", []) or [])
        if self.language == "en":
            lines = [line for line in lines if line.strip()]
            result = [
                with_text(current[i] if i < len(current) else None, "en", line, optional=False)
                for i, line in enumerate(lines)
            ]
        else:
            result = [
                with_text(
                    value, self.language, lines[i].strip() if i < len(lines) else "", optional=False
                )
                for i, value in enumerate(current)
            ]
        self.set_field("/safety", result or None)

    def _pattern_fields(self, b: FieldBinder, pointer: str, label: str, *, optional: bool) -> None:
        if optional:
            present = isinstance(self.document.get(pointer), dict)
            b.choice(
                pointer,
                label,
                [(False, _("none")), (True, _("a breathing pattern"))],
                on_change=lambda on: self.set_field(
                    pointer, {"inhale_s": 4, "exhale_s": 6} if on else None, rebuild=True
                ),
                current=present,
            )
            if not present:
                return
        b.number(f"{pointer}/inhale_s", "  " + _("Breathe in"), maximum=120)
        b.number(
            f"{pointer}/hold_in_s",
            "  " + _("Hold in"),
            optional=True,
            maximum=120,
            default_text=_("{n} s").format(n=0),
        )
        b.number(f"{pointer}/exhale_s", "  " + _("Breathe out"), maximum=120)
        b.number(
            f"{pointer}/hold_out_s",
            "  " + _("Hold out"),
            optional=True,
            maximum=120,
            default_text=_("{n} s").format(n=0),
        )

    def _step_form(self, b: FieldBinder, p: str, step: dict[str, Any]) -> None:
        kind = step.get("type")
        b.text(
            f"{p}/name",
            _("Name") if kind != "rest" else _("Name (optional)"),
            optional=kind == "rest",
        )
        if kind == "timed":
            b.number(f"{p}/duration_s", _("Duration"), maximum=3600)
        elif kind == "hold":
            b.number(f"{p}/hold_s", _("Hold"), maximum=3600)
        elif kind == "reps":
            b.number(f"{p}/reps", _("Repetitions"), unit=_("reps"), integer=True, maximum=1000)
        elif kind == "breathing":
            b.number(f"{p}/cycles", _("Breaths"), unit=_("cycles"), integer=True, maximum=1000)
            self._pattern_fields(b, f"{p}/pattern", _("Pattern"), optional=False)
        elif kind == "rest":
            b.number(f"{p}/duration_s", _("Rest"), maximum=3600)
        elif kind == "circuit":
            b.number(f"{p}/rounds", _("Rounds"), unit=_("rounds"), integer=True, maximum=100)
            b.number(
                f"{p}/rest_between_rounds_s",
                _("Rest between rounds"),
                optional=True,
                maximum=1200,
                default_text=_("{n} s").format(n=60),
            )
        if kind in {"hold", "reps"}:
            b.number(
                f"{p}/sets",
                _("Sets"),
                unit=_("sets"),
                integer=True,
                minimum=1,
                optional=True,
                maximum=100,
                default_text=ngettext("{n} set", "{n} sets", 1).format(n=1),
            )
            b.number(
                f"{p}/rest_between_sets_s", _("Rest between sets"), optional=True, maximum=1200
            )
        if kind in {"timed", "hold", "reps"}:
            b.choice(f"{p}/sides", _("Sides"), _choices(SIDES))
            b.number(f"{p}/switch_s", _("Switch sides"), optional=True, maximum=600)
        if kind == "reps":
            self._pacing_fields(b, p, step)
        if kind == "hold":
            breathing = step.get("breathing")
            b.choice(
                f"{p}/breathing",
                _("Breathing pacing"),
                [
                    (None, _("none")),
                    (True, _("the routine's default pattern")),
                    ("own", _("its own pattern")),
                ],
                on_change=lambda value: self.set_field(
                    f"{p}/breathing",
                    {"inhale_s": 4, "exhale_s": 4} if value == "own" else value,
                    rebuild=True,
                ),
                current="own" if isinstance(breathing, dict) else breathing,
            )
            if isinstance(breathing, dict):
                self._pattern_fields(b, f"{p}/breathing", "", optional=False)
        if kind != "circuit":
            b.text(f"{p}/instruction", _("Instruction"), optional=True, multiline=True)
            b.text(f"{p}/cue", _("Spoken cue (instead of the name)"), optional=True)
            self._illustration_field(b, p)
        if kind != "rest":
            b.number(f"{p}/prepare_s", _("Prepare"), optional=True, maximum=600)
        b.line(
            f"{p}/id", _("Step id (optional)"), lambda t: t.strip() or None, str(step.get("id", ""))
        )

    def _pacing_fields(self, b: FieldBinder, p: str, step: dict[str, Any]) -> None:
        mode = "self" if step.get("self_paced") else "tempo" if "tempo" in step else None

        def change(value: Any) -> None:
            def mutate(doc: RoutineDocument) -> str:
                doc.set(f"{p}/tempo", {"up_s": 2, "down_s": 2} if value == "tempo" else None)
                doc.set(f"{p}/self_paced", True if value == "self" else None)
                if value != "self":
                    doc.set(f"{p}/rep_s", None)
                return p

            self.edit(_("Change pacing"), mutate)

        b.choice(
            f"{p}/self_paced",
            _("Pacing"),
            [
                (None, _("default (2 s up, 2 s down)")),
                ("tempo", _("tempo, paced by voice")),
                ("self", _("self-paced (say done)")),
            ],
            on_change=change,
            current=mode,
        )
        if mode == "tempo":
            b.number(f"{p}/tempo/up_s", "  " + _("Up (lift)"), maximum=120)
            b.number(
                f"{p}/tempo/hold_s",
                "  " + _("Hold at the top"),
                optional=True,
                maximum=120,
                default_text=_("{n} s").format(n=0),
            )
            b.number(f"{p}/tempo/down_s", "  " + _("Down (lower)"), maximum=120)
        elif mode == "self":
            b.number(
                f"{p}/rep_s",
                "  " + _("Estimated time a rep"),
                optional=True,
                maximum=120,
                default_text=_("{n} s").format(n=3),
            )

    def _illustration_field(self, b: FieldBinder, p: str) -> None:
        current = self.document.get(f"{p}/illustration")
        combo = QComboBox()
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(8)
        options: list[tuple[Any, str]] = [(None, _("none"))]
        options += [(name, Path(name).stem.replace("-", " ")) for name in bundled_illustrations()]
        if isinstance(current, str) and current not in {o[0] for o in options}:
            options.append((current, _("your picture: {name}").format(name=Path(current).name)))
        options.append((OWN_PICTURE, _("Choose a picture of your own…")))
        for value, shown in options:
            combo.addItem(shown, value)
        combo.setCurrentIndex(next((i for i, o in enumerate(options) if o[0] == current), 0))

        def changed(index: int) -> None:
            value = options[index][0]
            if value == OWN_PICTURE:
                path, _filter = QFileDialog.getOpenFileName(
                    self, _("Choose a picture"), "", _("Pictures (*.png *.jpg *.jpeg *.svg)")
                )
                if path:
                    self.use_picture(p, Path(path))
                else:
                    self._show_form()
                return
            self.set_field(f"{p}/illustration", value, rebuild=True)

        combo.currentIndexChanged.connect(changed)
        b.add_widget(f"{p}/illustration", _("Illustration"), combo)

    def use_picture(self, step: str, path: Path) -> bool:
        """Copy a picture of the user's own into their assets and use it for ``step``."""
        try:
            relative = import_image(path)
        except SharingError as exc:
            self._show_form()
            self.binder.mark(f"{step}/illustration", str(exc), error=True)
            return False
        self.set_field(f"{step}/illustration", relative, rebuild=True)
        return True

    # --- checking and preview -------------------------------------------------------------

    def run_check(self) -> None:
        """Validate and lint the document at once; compile the preview in the background.

        The loader and the lint are quick and say at once whether Save is possible;
        compiling the timeline and planning its cues grows with the routine, so it runs
        on a worker thread and the newest result is shown when it arrives (``checked``).
        """
        name = f"{self.document.get('/id', 'routine')}.json"
        self.routine, self.problems = self.document.check(name, assets_search_dirs())
        self.findings = lint_document(self.document.data)
        self._generation += 1
        self._results.latest = self._generation
        if self.routine is not None and not self._closed:
            total = format_duration(planned_duration_s(self.routine))
            self.total_label.setText(_("Total: {duration}").format(duration=total))
            self._preview_pool.submit(
                _compile_preview, self._generation, self.routine, self.language, self._results
            )
        else:
            self.total_label.setText(_("Total: – (fix the problems to see it)"))
            self._show_preview(self._generation, None, ())
        self.save_button.setEnabled(self.routine is not None)
        self.save_action.setEnabled(self.routine is not None)
        self._fill_problem_list()
        self._mark_problems()

    def _show_timeline(self, generation: int, timeline: Timeline) -> None:
        """Draw the edited routine's stretches at once; the cue marks come when planned."""
        if generation != self._generation:
            return
        self.preview.show_timeline(timeline, None)
        self.timeline_shown.emit()

    def _show_preview(self, generation: int, timeline: Timeline | None, cues: tuple) -> None:
        if generation != self._generation:
            return  # an older edit's preview: a newer one is on its way
        self._last_shown = generation
        self.timeline, self.cues = timeline, cues
        if timeline is not None and timeline.estimated:
            self.total_label.setText(
                _("Total: {duration} (estimated)").format(
                    duration=format_duration(timeline.total_s)
                )
            )
        self.preview.show_timeline(timeline, cues)
        self.preview.select(self._current)
        self.checked.emit()

    def wait_for_preview(self, timeout_s: float = 10.0) -> None:
        """Block until the newest preview is shown (for tests and benchmarks)."""
        deadline = time.monotonic() + timeout_s
        self.flush_check()
        loop = QEventLoop()
        self.checked.connect(loop.quit)
        try:
            while self._last_shown != self._generation and time.monotonic() < deadline:
                # Wait in the event loop (the GIL free for the preview worker), as a window does
                # between keystrokes; spinning processEvents would compete with the worker.
                QTimer.singleShot(max(1, round((deadline - time.monotonic()) * 1000)), loop.quit)
                loop.exec()
        finally:
            self.checked.disconnect(loop.quit)

    def _fill_problem_list(self) -> None:
        shown = (tuple(self.problems), tuple(self.findings))
        if shown == getattr(self, "_listed", None):
            return  # unchanged: refilling a word-wrapped list costs milliseconds
        self._listed = shown
        self.problem_list.clear()
        for problem in self.problems:
            item = QListWidgetItem(f"✖ {problem.pointer or '/'}: {problem.message}")
            item.setData(Qt.ItemDataRole.UserRole, problem.pointer)
            item.setForeground(Qt.GlobalColor.darkRed)
            self.problem_list.addItem(item)
        for finding in self.findings:
            item = QListWidgetItem(f"⚠ {finding.pointer}: {_finding_text(finding)}")
            item.setData(Qt.ItemDataRole.UserRole, finding.pointer)
            self.problem_list.addItem(item)
        errors, warnings = len(self.problems), len(self.findings)
        if not errors and not warnings:
            self.problem_list.addItem(QListWidgetItem(_("✔ No problems: ready to save.")))
        self.problem_title.setText(_checks_title(errors, warnings))

    def _mark_problems(self) -> None:
        binder = getattr(self, "binder", None)
        if binder is None:
            return
        binder.clear_marks()
        messages: list[str] = []
        for pointer, message, error in [
            *((p.pointer, p.message, True) for p in self.problems),
            *((f.pointer, _finding_text(f), False) for f in self.findings),
        ]:
            if step_pointer_of(pointer) != self._current and not (
                self._current == DETAILS and not step_pointer_of(pointer)
            ):
                continue
            if binder.mark(pointer, message, error=error) is None:
                messages.append(("✖ " if error else "⚠ ") + message)
        self.step_message.setText("\n".join(messages))
        error = any(m.startswith("✖") for m in messages)
        self.step_message.setStyleSheet(f"color: {text_colour('danger' if error else 'warning')};")
        self.step_message.setVisible(bool(messages))
        self._mark_tree()

    def _mark_tree(self) -> None:
        from backcoach.ui.editor.tree import POINTER_ROLE

        error_steps = {step_pointer_of(p.pointer) for p in self.problems}
        warning_steps = {step_pointer_of(f.pointer) for f in self.findings}
        key = (self.tree.revision, frozenset(error_steps), frozenset(warning_steps))
        if key == getattr(self, "_tree_marks", None):
            return
        self._tree_marks = key
        for item in self.tree.items():
            pointer = item.data(0, POINTER_ROLE)
            if pointer in error_steps:
                item.setForeground(0, Qt.GlobalColor.darkRed)
                item.setToolTip(0, _("This step has a problem"))
            elif pointer in warning_steps:
                item.setForeground(0, Qt.GlobalColor.darkYellow)
                item.setToolTip(0, _("This step has a safety warning"))
            else:
                item.setForeground(0, self.palette().text())
                item.setToolTip(0, "")

    def jump_to(self, pointer: str) -> QWidget | None:
        """Select the step a problem belongs to and focus its field; return that field."""
        step = step_pointer_of(pointer)
        if step != self._current:
            self.tree.select_pointer(step)
            self._current = step
            self._show_form()
        from backcoach.ui.editor.fields import field_for_pointer

        key = field_for_pointer(pointer, self.binder.widgets)
        widget = self.binder.widgets.get(key) if key else None
        if widget is not None:
            self.form_area.ensureWidgetVisible(widget)
            widget.setFocus()
        return widget

    def _problem_activated(self, item: QListWidgetItem) -> None:
        pointer = item.data(Qt.ItemDataRole.UserRole)
        if pointer is not None:
            self.jump_to(pointer)

    def next_problem(self) -> None:
        """Move to the next entry of the problem list and jump to its field."""
        count = self.problem_list.count()
        if count:
            row = (self.problem_list.currentRow() + 1) % count
            self.problem_list.setCurrentRow(row)
            self._problem_activated(self.problem_list.item(row))

    # --- play, hear -----------------------------------------------------------------------

    def flush_check(self) -> None:
        """Run a check that is still waiting for the event loop now."""
        if self._check_timer.isActive():
            self._check_timer.stop()
            self.run_check()

    def routine_from_here(self) -> Routine | None:
        """Return the routine cut to start at the selected step (None if invalid).

        A step inside a circuit starts there: the rest of that round, the circuit's later
        rounds, then the steps after the circuit (``core.routine.model.starting_at``).
        """
        self.flush_check()
        if self.routine is None:
            return None
        return starting_at(self.routine, self._current)

    def play_from_here(self) -> bool:
        """Start the player on the routine from the selected step, without saving."""
        routine = self.routine_from_here()
        if routine is None or self.play_callback is None:
            self.statusBar().showMessage(_("Fix the problems first to play the routine."), 8000)
            return False
        self.play_callback(routine)
        return True

    def step_cue_texts(self) -> list[str]:
        """Return what the player would say during the selected step."""
        self.wait_for_preview()
        if self.timeline is None:
            return []
        step = self._current
        segments = self.timeline.segments
        return [
            cue.text
            for cue in self.cues
            if cue.kind is CueKind.SPEECH
            and step
            and (
                segments[cue.segment].pointer == step
                or segments[cue.segment].pointer.startswith(step + "/")
            )
        ]

    def hear_it(self) -> None:
        """Speak the selected step's cues."""
        texts = self.step_cue_texts()
        if texts and self.speak_callback is not None:
            self.speak_callback(" ".join(dict.fromkeys(texts)))

    # --- saving ---------------------------------------------------------------------------

    def save(self) -> Path | None:
        """Save a valid routine into the user folder (or back to its own file)."""
        self.flush_check()
        if self.routine is None:
            QMessageBox.warning(
                self, _("Not saved"), _("Fix the problems first, or keep it as a draft.")
            )
            return None
        try:
            path = save_routine(self.document.data, original=self.original, target=self.target)
        except SharingError as exc:
            QMessageBox.warning(self, _("Not saved"), str(exc))
            return None
        self.original = path
        self.undo_stack.setClean()
        self._discard_autosave()
        message = _("Saved to {path}").format(path=path)
        if self.draft is not None:
            try:
                delete_draft(self.draft)
            except SharingError as exc:  # saved all the same; the draft stays listed
                message = f"{message} ({exc})"
            self.draft = None
        self.statusBar().showMessage(message, 8000)
        self.saved.emit(path)
        return path

    def keep_draft(self) -> Path | None:
        """Keep the routine as it is (valid or not) as a draft the library does not list.

        None when the draft cannot be written (a message says why; nothing is lost).
        """
        try:
            path = save_draft(self.document.data, f"draft-{self.document.get('/id', 'routine')}")
        except SharingError as exc:
            QMessageBox.warning(self, _("Not kept"), str(exc))
            return None
        self.statusBar().showMessage(_("Kept as a draft in {path}").format(path=path), 8000)
        return path

    def open_draft(self) -> EditorWindow | None:
        """Choose a kept draft or an autosave and open it in an editor of its own."""
        from backcoach.ui.editor.drafts import choose_draft

        source = choose_draft(self)
        return self.open_source(source, unsaved=True) if source is not None else None

    def open_source(self, source: EditSource, *, unsaved: bool = False) -> EditorWindow:
        """Open ``source`` in another editor (through ``opener`` when given).

        ``unsaved``: its content counts as changes not saved yet (a draft), so closing it
        asks and the autosave keeps it.
        """
        if self.opener is not None:
            editor = self.opener(source)
        else:
            editor = EditorWindow(source, play=self.play_callback, speak=self.speak_callback)
            self.others.append(editor)
            editor.destroyed.connect(lambda _o=None, e=editor: self._forget(e))
            editor.show()
            editor.offer_restore()
        if unsaved:
            editor.mark_unsaved()
        return editor

    def _forget(self, editor: EditorWindow) -> None:
        if editor in self.others:
            self.others.remove(editor)

    def mark_unsaved(self) -> None:
        """Count what is shown as changes not saved yet (until Save)."""
        self.undo_stack.resetClean()
        self._update_title()
        self._schedule_autosave()

    def autosave_path(self) -> Path:
        return drafts_dir() / f"{self.autosave_key}.json"

    def autosave(self) -> None:
        """Write the autosave draft (only while there are unsaved changes)."""
        if not self.undo_stack.isClean():
            try:
                save_draft(self.document.data, self.autosave_key)
            except SharingError as exc:  # said in the status bar; tried again at the next edit
                self.statusBar().showMessage(
                    _("Autosave failed: {problem}").format(problem=exc), 8000
                )

    def _discard_autosave(self) -> None:
        with contextlib.suppress(OSError):  # left behind, it is only offered again
            self.autosave_path().unlink(missing_ok=True)

    def pending_autosave(self) -> dict[str, Any] | None:
        """Return an autosaved document from an earlier session that differs from this one."""
        path = self.autosave_path()
        if not path.is_file():
            return None
        document = read_draft(path)
        return document if document is not None and document != self.document.data else None

    def offer_restore(self, ask: bool = True) -> bool:
        """Offer an earlier autosave; restoring it is one undo step. Return True if restored."""
        document = self.pending_autosave()
        if document is None:
            return False
        if ask:
            answer = QMessageBox.question(
                self,
                _("Restore your unsaved changes?"),
                _(
                    "BackCoach kept changes to this routine that were not saved (the editor was"
                    " closed or the computer stopped). Restore them?"
                ),
            )
            if answer != QMessageBox.StandardButton.Yes:
                self._discard_autosave()
                return False

        def restore(doc: RoutineDocument) -> str:
            doc.restore(document)
            return DETAILS

        self.edit(_("Restore unsaved changes"), restore)
        return True

    def _schedule_autosave(self, _index: int = 0) -> None:
        self._autosave_timer.start()

    def _update_title(self) -> None:
        title = text_value(self.document.get("/title")) or _("Untitled routine")
        self.setWindowTitle(_("{title}[*] — BackCoach editor").format(title=title))
        self.setWindowModified(not self.undo_stack.isClean())

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        """Ask about unsaved changes, and only when there are some."""
        if not self.undo_stack.isClean():
            answer = QMessageBox.question(
                self,
                _("Save your changes?"),
                _("This routine has changes that are not saved."),
                QMessageBox.StandardButton.Save
                | QMessageBox.StandardButton.Discard
                | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Save,
            )
            if answer == QMessageBox.StandardButton.Cancel:
                event.ignore()
                return
            if answer == QMessageBox.StandardButton.Save:
                if self.routine is None:
                    if self.keep_draft() is None:
                        event.ignore()  # the draft could not be written: stay open
                        return
                elif self.save() is None:
                    event.ignore()
                    return
            self._discard_autosave()
        self._autosave_timer.stop()
        self._check_timer.stop()
        self._closed = True
        self._preview_pool.shutdown(wait=False, cancel_futures=True)
        super().closeEvent(event)


class _PreviewResults(QObject):
    """Carries a finished preview from the worker thread to the window (a queued signal)."""

    compiled = Signal(int, object)
    ready = Signal(int, object, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.latest = 0
        """The newest edit's generation (set by the window, read by the worker)."""


def _compile_preview(
    generation: int, routine: Routine, language: str, results: _PreviewResults
) -> None:
    """Compile the timeline, post it, plan its cues, post them (on the worker thread).

    The stretches go to the window as soon as they are compiled, since planning
    the cues of a long routine takes longer than compiling it. Work for an edit
    that a newer one has replaced is skipped: typing fast never queues up plans.
    """
    if generation != results.latest:
        return
    with _collection_paused():
        timeline = compile_routine(routine, language)
    results.compiled.emit(generation, timeline)
    if generation != results.latest:
        return
    with _collection_paused():
        cues = plan_cues(timeline)
    results.ready.emit(generation, timeline, cues)


@contextmanager
def _collection_paused() -> Iterator[None]:
    """Keep Python's cyclic garbage collector from running inside the block.

    Compiling and planning a long routine makes thousands of short-lived objects (none
    in cycles), enough to set off a full collection of the editor's whole heap now and
    then: 200-250 ms instead of 30 in one of twenty plans, measured with a large heap.
    Reference counting still frees everything; the collector runs again afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _new(step_type: str, inner: list[dict[str, Any]]) -> dict[str, Any]:
    from backcoach.core.routine.document import new_step

    return new_step(step_type, inner[-1] if inner else None)


def _checks_title(errors: int, warnings: int) -> str:
    """Return the problem list's title, e.g. ``Checks: 1 problem, 2 warnings``."""
    problems = ngettext("{n} problem", "{n} problems", errors).format(n=errors)
    cautions = ngettext("{n} warning", "{n} warnings", warnings).format(n=warnings)
    # Translators: the problem list's title, e.g. "Checks: 1 problem, 2 warnings".
    return _("Checks: {problems}, {warnings}").format(problems=problems, warnings=cautions)
