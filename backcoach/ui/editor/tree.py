"""The editor's step tree: the routine's steps and circuits, with drag and drop.

The tree only shows the document; a drop does not move items itself but asks the editor
(``move_requested``) to move the step in the document, which then redraws the tree.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QDropEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from backcoach.core.routine.document import RoutineDocument, split_step_pointer, text_value
from backcoach.i18n import _, ngettext, pgettext

POINTER_ROLE = Qt.ItemDataRole.UserRole
DETAILS = ""
"""The pointer of the tree's first item, the routine's own details."""


def step_label(step: Any, language: str = "en") -> str:
    """Return a tree label like ``Bird dog · 6 reps × 3``."""
    if not isinstance(step, dict):
        return "?"
    name = (
        text_value(step.get("name"), language)
        or text_value(step.get("name"))
        or (pgettext("step name", "Rest") if step.get("type") == "rest" else _("(no name)"))
    )
    kind = step.get("type", "?")
    detail = _detail(kind, step)
    sets = step.get("sets")
    if isinstance(sets, int) and sets > 1:
        detail += f" × {sets}"
    return f"{name} · {detail}"


def details_label(document: RoutineDocument, language: str = "en") -> str:
    """Return the details item's label, ``Routine details · <title>`` (English if untranslated)."""
    title = document.get("/title")
    shown = text_value(title, language) or text_value(title)
    return _("Routine details · {title}").format(title=shown)


def _count(value: Any) -> int:
    """Return ``value`` as the count that picks a plural form (a number not yet typed: 2)."""
    return value if isinstance(value, int) and not isinstance(value, bool) else 2


def _detail(kind: str, step: dict[str, Any]) -> str:
    """Return what a step of type ``kind`` does, e.g. ``6 reps``, in the user's language."""
    if kind == "timed":
        return _("{n} s").format(n=step.get("duration_s", "?"))
    if kind == "hold":
        return _("hold {n} s").format(n=step.get("hold_s", "?"))
    if kind == "rest":
        return _("rest {n} s").format(n=step.get("duration_s", "?"))
    if kind == "reps":
        reps = step.get("reps", "?")
        return ngettext("{n} rep", "{n} reps", _count(reps)).format(n=reps)
    if kind == "breathing":
        cycles = step.get("cycles", "?")
        return ngettext("{n} breath", "{n} breaths", _count(cycles)).format(n=cycles)
    if kind == "circuit":
        rounds = step.get("rounds", "?")
        return ngettext("circuit, {n} round", "circuit, {n} rounds", _count(rounds)).format(
            n=rounds
        )
    return ""


def drop_destination(
    target: str | None, position: str, target_is_circuit: bool, top_count: int
) -> tuple[str, int]:
    """Return (parent, index) a dropped step goes to.

    ``target`` is the pointer of the item under the drop (None: empty space, ``""``: the
    details item); ``position`` is ``"on"``, ``"above"`` or ``"below"``.
    """
    if target is None:
        return "", top_count
    if target == DETAILS:
        return "", 0
    parent, index = split_step_pointer(target)
    if position == "on":
        if target_is_circuit:
            return target, 10_000
        return parent, index + 1
    if position == "above":
        return parent, index
    return parent, index + 1


class _WrappingDelegate(QStyledItemDelegate):
    """Sizes each row for its label wrapped to the tree's width (Qt sizes one line)."""

    def __init__(self, tree: StepTree) -> None:
        super().__init__(tree)
        self.tree = tree

    def sizeHint(  # noqa: N802 - Qt's name
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        """Return the size of the label wrapped to the room its row has."""
        depth = 0
        parent = index.parent()
        while parent.isValid():
            depth, parent = depth + 1, parent.parent()
        room = self.tree.viewport().width() - self.tree.indentation() * (depth + 1)
        wrapped = QStyleOptionViewItem(option)
        wrapped.rect = QRect(0, 0, max(room, 40), 10_000)  # the style wraps in a valid rect
        wrapped.features |= QStyleOptionViewItem.ViewItemFeature.WrapText
        return super().sizeHint(wrapped, index)


class StepTree(QTreeWidget):
    """The tree of the routine details and its steps; circuits hold their steps."""

    move_requested = Signal(str, str, int)
    """(step pointer, destination parent, index before which it goes)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stepTree")
        self.setAccessibleName(_("Steps"))
        self.setHeaderHidden(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setMinimumWidth(260)
        # Long titles and names (and longer languages) wrap instead of ending in "…".
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setItemDelegate(_WrappingDelegate(self))
        self.revision = 0
        """Counts redraws: marks made on the items of an older drawing are gone."""

    def show_document(self, document: RoutineDocument, language: str, select: str) -> None:
        """Redraw from ``document`` and select ``select`` (signals blocked while redrawing)."""
        blocked = self.blockSignals(True)
        self.revision += 1
        try:
            self.clear()
            details = QTreeWidgetItem([details_label(document, language)])
            details.setData(0, POINTER_ROLE, DETAILS)
            details.setFlags(details.flags() & ~Qt.ItemFlag.ItemIsDragEnabled)
            self.addTopLevelItem(details)
            for index, step in enumerate(document.get("/steps", []) or []):
                pointer = f"/steps/{index}"
                item = QTreeWidgetItem([step_label(step, language)])
                item.setData(0, POINTER_ROLE, pointer)
                self.addTopLevelItem(item)
                if isinstance(step, dict) and step.get("type") == "circuit":
                    for inner_index, inner in enumerate(step.get("steps", []) or []):
                        child = QTreeWidgetItem([step_label(inner, language)])
                        child.setData(0, POINTER_ROLE, f"{pointer}/steps/{inner_index}")
                        item.addChild(child)
                    item.setExpanded(True)
            self.select_pointer(select)
        finally:
            self.blockSignals(blocked)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        """Wrap the labels again for the new width."""
        super().resizeEvent(event)
        self.scheduleDelayedItemsLayout()

    def items(self) -> list[QTreeWidgetItem]:
        """Return every item, in reading order."""
        result: list[QTreeWidgetItem] = []
        for index in range(self.topLevelItemCount()):
            item = self.topLevelItem(index)
            if item is None:
                continue
            result.append(item)
            children = (item.child(i) for i in range(item.childCount()))
            result.extend(child for child in children if child is not None)
        return result

    def item_for(self, pointer: str) -> QTreeWidgetItem | None:
        """Return the item showing ``pointer``."""
        return next((i for i in self.items() if i.data(0, POINTER_ROLE) == pointer), None)

    def select_pointer(self, pointer: str) -> None:
        """Make the item of ``pointer`` current (the details item when there is none)."""
        item = self.item_for(pointer) or self.topLevelItem(0)
        if item is not None:
            self.setCurrentItem(item)

    def current_pointer(self) -> str:
        """Return the pointer of the current item (``""``: the routine details)."""
        item = self.currentItem()
        return item.data(0, POINTER_ROLE) if item is not None else DETAILS

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt's name
        """Turn a drop into a ``move_requested``; the document, not Qt, moves the step."""
        source = self.current_pointer()
        target_item = self.itemAt(event.position().toPoint())
        indicator = self.dropIndicatorPosition()
        position = {
            QAbstractItemView.DropIndicatorPosition.OnItem: "on",
            QAbstractItemView.DropIndicatorPosition.AboveItem: "above",
        }.get(indicator, "below")
        target = target_item.data(0, POINTER_ROLE) if target_item is not None else None
        is_circuit = target_item is not None and target_item.childCount() > 0
        event.setDropAction(Qt.DropAction.IgnoreAction)
        event.ignore()
        if source:
            parent, index = drop_destination(
                target, position, is_circuit, self.topLevelItemCount() - 1
            )
            self.move_requested.emit(source, parent, index)
