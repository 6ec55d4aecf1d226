"""Reading and clicking a ``QMenu`` by its labels, and comparing it with the menu data."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QMenu

from backcoach.core.reminders.tray_menu import MenuItem

Tree = tuple[tuple[str, bool, "Tree"], ...]


def entries(menu: QMenu) -> list[str]:
    """Return the labels a user sees in ``menu`` (submenu titles too, no separators)."""
    return [a.text() for a in menu.actions() if a.isVisible() and not a.isSeparator()]


def submenu(menu: QMenu, label: str) -> QMenu:
    """Return the submenu titled ``label``."""
    for action in menu.actions():
        if action.text() == label and action.menu() is not None:
            return action.menu()
    raise AssertionError(f"no submenu {label!r} in {entries(menu)}")


def choose(menu: QMenu, *path: str) -> None:
    """Trigger the item at ``path`` ("Pause reminders", "For 1 hour"), as a click would."""
    *submenus, label = path
    for title in submenus:
        menu = submenu(menu, title)
    for action in menu.actions():
        if action.text() == label:
            assert action.isEnabled(), f"{label!r} is greyed"
            action.trigger()
            return
    raise AssertionError(f"no item {label!r} in {entries(menu)}")


def qt_tree(menu: QMenu) -> Tree:
    """Return ``menu`` as (label, enabled, children) rows; separators are ("-", False, ())."""
    rows = []
    for action in menu.actions():
        if action.isSeparator():
            rows.append(("-", False, ()))
        elif action.menu() is not None:
            rows.append((action.text(), action.isEnabled(), qt_tree(action.menu())))
        else:
            rows.append((action.text(), action.isEnabled(), ()))
    return tuple(rows)


def data_tree(items: Sequence[MenuItem]) -> Tree:
    """Return menu data in the shape ``qt_tree`` gives."""
    return tuple(
        ("-", False, ()) if item.separator else (item.label, item.enabled, data_tree(item.children))
        for item in items
    )
