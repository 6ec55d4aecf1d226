"""The library's list model: routines that pass the filter, the user's own after a heading.

Rows are plain data (title, the kind/time/level line, use, languages, cover
picture path), computed once per routine when the catalog or the language
changes; filtering only picks rows, so typing in the search field stays
instant for hundreds of routines. When the user has routines of their own,
the bundled ones and theirs each get a heading row, which cannot be selected
(arrow keys pass over it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import IntEnum
from functools import cached_property
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from backcoach.core.history.usage import RoutineUse
from backcoach.core.routine.cover import cover_picture
from backcoach.core.routine.duration import planned_duration_s
from backcoach.core.routine.filtering import LibraryFilter, TimeBand, matches
from backcoach.core.routine.model import Routine
from backcoach.i18n import _
from backcoach.ui.library.labels import (
    LANGUAGE_BADGES,
    done_label,
    kind_label,
    last_done_label,
    level_label,
    minutes_label,
)

Index = QModelIndex | QPersistentModelIndex


class Role(IntEnum):
    """Data the delegate reads beyond the display text."""

    ROUTINE = Qt.ItemDataRole.UserRole + 1
    META = Qt.ItemDataRole.UserRole + 2
    USE = Qt.ItemDataRole.UserRole + 3
    BADGES = Qt.ItemDataRole.UserRole + 4
    PICTURE = Qt.ItemDataRole.UserRole + 5
    HEADING = Qt.ItemDataRole.UserRole + 6


_seconds: dict[tuple[str, str], float] = {}
"""Planned seconds by (routine id, file hash): a file read again is not timed again."""


def routine_seconds(routine: Routine) -> float:
    """Return the planned duration of ``routine``, remembered for the same file contents."""
    if not routine.content_hash:
        return planned_duration_s(routine)
    key = (routine.routine_id, routine.content_hash)
    if key not in _seconds:
        _seconds[key] = planned_duration_s(routine)
    return _seconds[key]


class Card:
    """What one routine's row shows; worked out when first asked for.

    Only the rows in view are painted, so a library of hundreds of routines
    times and pictures only those (and all of them only for the time filter).
    """

    def __init__(self, routine: Routine, language: str) -> None:
        self.routine = routine
        self.title = routine.title.get(language)

    @cached_property
    def seconds(self) -> float:
        """Return the planned duration in seconds."""
        return routine_seconds(self.routine)

    @cached_property
    def meta(self) -> str:
        """Return "Kind · 12 min · Level" in the UI language."""
        routine = self.routine
        labels = (kind_label(routine.kind), minutes_label(self.seconds))
        return " · ".join((*labels, level_label(routine.difficulty)))

    @cached_property
    def picture(self) -> Path | None:
        """Return the cover picture's file."""
        return cover_picture(self.routine)

    @cached_property
    def badges(self) -> tuple[str, ...]:
        """Return the marks of the languages the routine speaks."""
        return tuple(LANGUAGE_BADGES.get(tag, tag) for tag in self.routine.languages)


@dataclass(frozen=True)
class Heading:
    """A section title row ("Bundled routines", "My routines")."""

    text: str


Row = Card | Heading


class RoutineListModel(QAbstractListModel):
    """The filtered routines as rows for a ``QListView`` drawn by ``RoutineDelegate``."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.cards: list[Card] = []
        self.rows: list[Row] = []
        self.use: dict[str, RoutineUse] = {}
        self.today = date.today()
        self.wanted = LibraryFilter()

    def set_routines(self, routines: tuple[Routine, ...], language: str) -> None:
        """Build the cards of ``routines`` in ``language`` and show those passing the filter."""
        self.cards = [Card(routine, language) for routine in routines]
        self._refilter()

    def set_filter(self, wanted: LibraryFilter) -> None:
        """Show only the routines passing ``wanted``."""
        if wanted != self.wanted:
            self.wanted = wanted
            self._refilter()

    def set_use(self, use: dict[str, RoutineUse], today: date) -> None:
        """Show each routine's "done N times" and "last done" from ``use``."""
        self.use, self.today = use, today
        if self.rows:
            self.dataChanged.emit(self.index(0), self.index(len(self.rows) - 1), [Role.USE])

    def _refilter(self) -> None:
        self.beginResetModel()
        timed = self.wanted.band is not TimeBand.ANY
        shown = [
            card
            for card in self.cards
            if matches(card.routine, self.wanted, card.seconds if timed else 0.0)
        ]
        bundled = [card for card in shown if card.routine.bundled]
        mine = [card for card in shown if not card.routine.bundled]
        if any(not card.routine.bundled for card in self.cards):
            self.rows = []
            if bundled:
                self.rows += [Heading(_("Bundled routines")), *bundled]
            if mine:
                self.rows += [Heading(_("My routines")), *mine]
        else:
            self.rows = list(bundled)
        self.endResetModel()

    def routine_count(self) -> int:
        """Return how many routines are shown (headings not counted)."""
        return sum(isinstance(row, Card) for row in self.rows)

    def row_of(self, routine_id: str) -> int:
        """Return the row of ``routine_id``, or -1 when it is not shown."""
        for row, item in enumerate(self.rows):
            if isinstance(item, Card) and item.routine.routine_id == routine_id:
                return row
        return -1

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt's API
        """Return the number of rows (none below a row: this is a flat list)."""
        return 0 if parent.isValid() else len(self.rows)

    def flags(self, index: Index) -> Qt.ItemFlag:
        """Routines can be selected; headings cannot."""
        if not index.isValid() or isinstance(self.rows[index.row()], Heading):
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Return the row's text, tooltip, accessible text or delegate data."""
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        item = self.rows[index.row()]
        if isinstance(item, Heading):
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                return item.text
            return True if role == Role.HEADING else None
        if role == Qt.ItemDataRole.DisplayRole:
            return item.title
        if role == Role.ROUTINE:
            return item.routine
        if role == Role.META:
            return item.meta
        if role == Role.USE:
            return self.use_line(item)
        if role == Role.BADGES:
            return item.badges
        if role == Role.PICTURE:
            return item.picture
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            lines = [item.title, item.meta, self.use_line(item), " ".join(item.badges)]
            return "\n".join(line for line in lines if line)
        return None

    def use_line(self, card: Card) -> str:
        """Return "Done 3 times · Last done yesterday" (or "Not done yet")."""
        use = self.use.get(card.routine.routine_id)
        parts = [done_label(use), last_done_label(use, self.today)]
        return " · ".join(part for part in parts if part)
