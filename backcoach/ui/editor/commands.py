"""Undo commands of the routine editor: every change is a before/after snapshot of the document.

Snapshots make every edit undoable the same way (field edits, adds, deletions, moves,
drags), and typing into one field merges into a single undo step.
"""

from __future__ import annotations

from typing import Any, Protocol

from PySide6.QtGui import QUndoCommand

_MERGE_ID = 1201


class SnapshotTarget(Protocol):
    """What a command restores snapshots into (the editor window)."""

    def apply_snapshot(self, snapshot: dict[str, Any], select: str | None) -> None:
        """Make the document equal to ``snapshot`` and select ``select``."""


class SnapshotCommand(QUndoCommand):
    """One change: ``before`` and ``after`` documents with what was selected in each.

    The change has already been made when the command is pushed, so the first ``redo``
    (Qt calls it on push) does nothing.
    """

    def __init__(
        self,
        target: SnapshotTarget,
        label: str,
        before: tuple[dict[str, Any], str | None],
        after: tuple[dict[str, Any], str | None],
        merge_key: str | None = None,
    ) -> None:
        super().__init__(label)
        self.target = target
        self.before = before
        self.after = after
        self.merge_key = merge_key
        self._applied = True

    def redo(self) -> None:
        """Apply the change (skipped on push: the change is already made)."""
        if self._applied:
            self._applied = False
            return
        self.target.apply_snapshot(*self.after)

    def undo(self) -> None:
        """Restore the document as it was before the change."""
        self.target.apply_snapshot(*self.before)

    def id(self) -> int:  # noqa: A003 - Qt's name
        """Typing into the same field merges; other changes never do."""
        return _MERGE_ID if self.merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        """Absorb ``other`` when it is more typing into the same field."""
        if not isinstance(other, SnapshotCommand) or other.merge_key != self.merge_key:
            return False
        self.after = other.after
        return True
