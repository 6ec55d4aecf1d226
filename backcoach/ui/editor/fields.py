"""Form fields bound to places in the routine document, and problems shown at those fields.

Every widget is registered under the JSON Pointer it edits, so a problem the loader or the
safety lint reports at a pointer is shown at that widget (``field_for_pointer``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any, Protocol

from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from backcoach.core.routine.document import RoutineDocument, text_value, with_text
from backcoach.ui.app.theme import text_colour

ERROR_STYLE = "border: 2px solid #c62828;"
WARNING_STYLE = "border: 2px solid #e0a040;"
_DEFAULT = "default"
_UNSET = object()


def field_for_pointer(pointer: str, keys: Iterable[str]) -> str | None:
    """Return the registered field a problem at ``pointer`` belongs to.

    The field itself; else the nearest field above it (``/steps/1/tempo/up_s`` for a
    problem at ``/steps/1/tempo/up_s/x``); else the first field inside it (a problem at
    ``/steps/1/tempo`` shows at its first tempo field). None when no field matches.
    """
    keys = list(keys)
    if pointer in keys:
        return pointer
    above = [k for k in keys if k and pointer.startswith(k + "/")]
    if above:
        return max(above, key=len)
    if not pointer or re.fullmatch(r"(/steps/\d+)+", pointer):
        return None  # the whole routine or step: said above the form, not at one field
    inside = [k for k in keys if k.startswith(pointer + "/")]
    return inside[0] if inside else None


class Editor(Protocol):
    """What fields need from the editor window."""

    document: RoutineDocument
    language: str

    def set_field(self, pointer: str, value: Any, *, rebuild: bool = False) -> None:
        """Record a change of the field at ``pointer`` (one undo step per field while typing)."""


class FieldBinder:
    """Builds bound widgets into a ``QFormLayout`` and marks them with problems."""

    def __init__(self, editor: Editor, form: QFormLayout) -> None:
        self.editor = editor
        self.form = form
        self.widgets: dict[str, QWidget] = {}
        self.messages: dict[str, QLabel] = {}

    def _row(self, pointer: str, label: str, widget: QWidget, hint: str = "") -> QWidget:
        widget.setObjectName(f"field:{pointer}")
        widget.setAccessibleName(label)
        if hint:
            widget.setToolTip(hint)
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        message = QLabel()
        message.setWordWrap(True)
        message.setVisible(False)
        column.addWidget(message)
        caption = QLabel(label)
        caption.setBuddy(widget)
        self.form.addRow(caption, box)
        self.widgets[pointer] = widget
        self.messages[pointer] = message
        return widget

    def value(self, pointer: str, default: Any = None) -> Any:
        return self.editor.document.get(pointer, default)

    def text(self, pointer: str, label: str, *, optional: bool, multiline: bool = False) -> QWidget:
        """Add a text field in the editor's current language (English shown as the placeholder)."""
        language = self.editor.language
        current = text_value(self.value(pointer), language)
        english = text_value(self.value(pointer))
        caption = label if language == "en" else f"{label} ({language})"

        def changed(text: str) -> None:
            value = with_text(self.value(pointer), self.editor.language, text, optional=optional)
            self.editor.set_field(pointer, value)

        if multiline:
            editor = QPlainTextEdit(current)
            editor.setFixedHeight(64)
            editor.setTabChangesFocus(True)
            editor.setPlaceholderText(english if language != "en" else "")
            editor.textChanged.connect(lambda: changed(editor.toPlainText()))
            return self._row(pointer, caption, editor)
        line = QLineEdit(current)
        line.setPlaceholderText(english if language != "en" else "")
        line.textEdited.connect(changed)
        return self._row(pointer, caption, line)

    def line(self, pointer: str, label: str, parse: Callable[[str], Any], show: str) -> QLineEdit:
        """Add a plain line whose text ``parse`` turns into the field's value (None removes it)."""
        widget = QLineEdit(show)
        widget.textEdited.connect(lambda text: self.editor.set_field(pointer, parse(text)))
        self._row(pointer, label, widget)
        return widget

    def number(
        self,
        pointer: str,
        label: str,
        *,
        unit: str = "s",
        maximum: float = 3600,
        minimum: float = 0,
        integer: bool = False,
        optional: bool = False,
        default_text: str = _DEFAULT,
    ) -> QWidget:
        """Add a number with its unit; an ``optional`` one has a "default" below ``minimum``."""
        spin: QSpinBox | QDoubleSpinBox = QSpinBox() if integer else QDoubleSpinBox()
        if isinstance(spin, QDoubleSpinBox):
            spin.setDecimals(1)
        low = minimum - 1 if optional else minimum
        spin.setRange(low, maximum)  # type: ignore[arg-type]
        spin.setSuffix(f" {unit}")
        if optional:
            spin.setSpecialValueText(default_text)
        raw = self.value(pointer)
        if isinstance(raw, (int, float)) and not isinstance(raw, bool):
            spin.setValue(raw)  # type: ignore[arg-type]
        else:
            spin.setValue(low)  # type: ignore[arg-type]
        spin.setKeyboardTracking(True)

        def changed(value: float) -> None:
            if optional and value <= low:
                self.editor.set_field(pointer, None)
                return
            number: int | float = int(value) if integer or float(value).is_integer() else value
            self.editor.set_field(pointer, number)

        spin.valueChanged.connect(changed)
        return self._row(pointer, label, spin)

    def choice(
        self,
        pointer: str,
        label: str,
        options: list[tuple[Any, str]],
        *,
        rebuild: bool = False,
        on_change: Callable[[Any], None] | None = None,
        current: Any = _UNSET,
    ) -> QComboBox:
        """Add a choice among ``options`` (value, shown text); ``None`` means "not set"."""
        combo = QComboBox()
        if current is _UNSET:
            current = self.value(pointer)
        for value, shown in options:
            combo.addItem(shown, value)
        index = next((i for i, (v, _s) in enumerate(options) if v == current), 0)
        combo.setCurrentIndex(index)

        def changed(index: int) -> None:
            value = options[index][0]
            if on_change is not None:
                on_change(value)
            else:
                self.editor.set_field(pointer, value, rebuild=rebuild)

        combo.currentIndexChanged.connect(changed)
        self._row(pointer, label, combo)
        return combo

    def add_widget(self, pointer: str, label: str, widget: QWidget) -> QWidget:
        """Add a widget built elsewhere, registered under ``pointer``."""
        return self._row(pointer, label, widget)

    # --- problems -------------------------------------------------------------------------

    def clear_marks(self) -> None:
        """Remove every problem mark."""
        for pointer, widget in self.widgets.items():
            widget.setStyleSheet("")
            self.messages[pointer].setVisible(False)

    def mark(self, pointer: str, message: str, *, error: bool) -> str | None:
        """Show ``message`` at the field for ``pointer``; return that field's pointer."""
        key = field_for_pointer(pointer, self.widgets)
        if key is None:
            return None
        widget = self.widgets[key]
        label = self.messages[key]
        if error or not widget.styleSheet():
            widget.setStyleSheet(ERROR_STYLE if error else WARNING_STYLE)
        text = ("✖ " if error else "⚠ ") + message
        label.setText(f"{label.text()}\n{text}" if label.isVisible() else text)
        label.setStyleSheet(f"color: {text_colour('danger' if error else 'warning')};")
        label.setVisible(True)
        return key
