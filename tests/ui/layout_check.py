"""Find text a layout cuts: labels and buttons narrower or lower than their text needs.

``stretch_texts`` gives every label and button of a window its pseudo-translation
(40 % longer, accented; see ``backcoach.i18n.pseudo``), also the texts not yet
marked for translation, so a layout is tried as a long language would fill it.
``clipped_texts`` then lists each visible label or button whose geometry is
smaller than its size hint, that lies outside its window, or a window that had
to grow past the size it was given.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QRect
from PySide6.QtGui import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QPushButton,
    QScrollArea,
    QWidget,
)

from backcoach.i18n import pseudo

_TAG = re.compile(r"(<[^>]*>|&[#\w]+;)")
_BUTTON_PADDING = 12
ELIDES_ON_PURPOSE = frozenset({"nextLabel", "caption"})
"""Labels that may cut a long text with "…" by design (the whole text is in the tooltip)."""


def _is_pseudo(text: str) -> bool:
    return text.startswith("[") and "~" in text


def pseudo_text(text: str, rich: bool) -> str:
    """Return ``text`` pseudo-translated; in rich text, only the words between tags."""
    if not any(c.isalpha() for c in text) or _is_pseudo(text):
        return text  # numbers are not translated
    if not rich:
        return pseudo(text)
    parts = _TAG.split(text)
    keep = (p for p in parts if _TAG.fullmatch(p) or not p.strip() or _is_pseudo(p.strip()))
    kept = set(keep)
    return "".join(p if p in kept else pseudo(p) for p in parts)


def _settle(window: QWidget) -> None:
    for _ in range(3):
        QApplication.processEvents()
        if window.layout() is not None:
            window.layout().activate()


def stretch_texts(window: QWidget) -> None:
    """Replace every label's and button's text in ``window`` by its pseudo-translation."""
    for label in window.findChildren(QLabel):
        if label.text():
            rich = label.textFormat() != Qt.TextFormat.PlainText and Qt.mightBeRichText(
                label.text()
            )
            label.setText(pseudo_text(label.text(), rich))
    for button in window.findChildren(QAbstractButton):
        if button.text():
            button.setText(pseudo_text(button.text(), False))
    _settle(window)


def _in_scroll_area(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def _name(widget: QWidget) -> str:
    text = widget.text() if isinstance(widget, (QLabel, QAbstractButton)) else ""
    return f"{type(widget).__name__}#{widget.objectName() or '?'} {text[:40]!r}"


def clipped_texts(window: QWidget, width: int, height: int) -> list[str]:
    """Resize ``window`` to ``width``×``height``; return what does not fit, one line each."""
    window.resize(width, height)
    _settle(window)
    problems = []
    if window.width() > width or window.height() > height:
        problems.append(f"the window grew to {window.width()}×{window.height()}")
    frame = QRect(0, 0, window.width(), window.height())
    widgets = [*window.findChildren(QLabel), *window.findChildren(QAbstractButton)]
    for widget in widgets:
        if not widget.isVisibleTo(window) or not widget.text().strip():
            continue
        if widget.objectName() in ELIDES_ON_PURPOSE:
            continue
        size = widget.size()
        if getattr(widget, "is_cut", lambda: False)():
            problems.append(f"{_name(widget)} is cut with … even in its smallest font")
        needed_w, needed_h = _needed(widget, size.width())
        if size.width() + 2 < needed_w or size.height() + 2 < needed_h:
            problems.append(
                f"{_name(widget)} is {size.width()}×{size.height()}, needs {needed_w}×{needed_h}"
            )
        if not _in_scroll_area(widget):
            place = QRect(widget.mapTo(window, widget.rect().topLeft()), size)
            if not frame.adjusted(-1, -1, 1, 1).contains(place):
                problems.append(f"{_name(widget)} lies outside the window at {place.getRect()}")
    for area in window.findChildren(QScrollArea):
        content = area.widget()
        if area.isVisibleTo(window) and content is not None:
            wide = content.minimumSizeHint().width()
            if wide > area.viewport().width() + 2:
                problems.append(
                    f"{_name(area)} scrolls sideways: {wide} wide in {area.viewport().width()}"
                )
    return problems


def _needed(widget: QLabel | QAbstractButton, width: int) -> tuple[int, int]:
    """Return the width and height ``widget`` needs to show its whole text at ``width``."""
    metrics = widget.fontMetrics()
    if isinstance(widget, QLabel) and widget.wordWrap():
        plain = _TAG.sub(" ", widget.text())
        longest = max((metrics.horizontalAdvance(word) for word in plain.split()), default=0)
        margins = widget.contentsMargins()
        return longest + margins.left() + margins.right(), widget.heightForWidth(width)
    if isinstance(widget, QLabel):
        hint = widget.minimumSizeHint()
        return hint.width(), hint.height()
    hint = widget.sizeHint()
    if isinstance(widget, QPushButton):
        # Styles give a text button at least 80 px; a short text needs only itself and padding.
        text_w = metrics.horizontalAdvance(widget.text()) + _BUTTON_PADDING
        return min(hint.width(), text_w), min(hint.height(), metrics.height() + 4)
    return hint.width(), hint.height()
