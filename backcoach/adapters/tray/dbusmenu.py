"""The tray menu served as ``com.canonical.dbusmenu``, the menu protocol of StatusNotifierItems.

The desktop (the "host") draws the menu itself: it asks for the tree with
``GetLayout``, says ``AboutToShow`` just before opening it and reports the
user's choice as an ``Event`` named "clicked". The tree comes from the
``TrayMenuSource`` and is rebuilt when the menu is about to open, so its first
line ("Next break in 12 min") is current without any timer ticking.

Numbering: the root is 0; every other item gets an id that stays the same for
as long as the item does (a choice keeps its id across rebuilds, keyed by its
``key``), so a click on a menu drawn from a slightly older layout still reaches
the right choice. Whenever the tree changes, the layout ``revision`` goes up
and ``LayoutUpdated`` tells the host to fetch it again.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from jeepney import DBusAddress, new_signal

from backcoach.adapters.dbus.export import (
    INVALID_ARGS,
    DBusError,
    ExportedObject,
    Interface,
    Method,
    Variant,
)

if TYPE_CHECKING:
    from backcoach.core.reminders.tray_menu import MenuItem, TrayMenuSource

log = logging.getLogger(__name__)

DBUSMENU = "com.canonical.dbusmenu"
MENU_PATH = "/MenuBar"
ROOT_ID = 0

Layout = tuple[int, dict[str, Variant], list[Variant]]
"""One node of ``GetLayout``'s answer: (id, properties, children as variants)."""


def menu_label(text: str) -> str:
    """Return ``text`` as a dbusmenu label: "_" marks a mnemonic there, so a real one is "__"."""
    return text.replace("_", "__")


def item_properties(item: MenuItem) -> dict[str, Variant]:
    """Return the dbusmenu properties of ``item`` (defaults left out, as the protocol allows)."""
    if item.separator:
        return {"type": ("s", "separator")}
    props: dict[str, Variant] = {"label": ("s", menu_label(item.label))}
    if not item.enabled:
        props["enabled"] = ("b", False)
    if item.children:
        props["children-display"] = ("s", "submenu")
    return props


class DBusMenu:
    """Serves ``source``'s menu at ``/MenuBar``; ``send`` puts signals on the bus."""

    def __init__(
        self,
        source: TrayMenuSource,
        send: Callable[[Any], None],
        defer: Callable[[Callable[[], None]], None],
    ) -> None:
        """Serve ``source``; ``defer(fn)`` runs ``fn`` after the current reply has gone out."""
        self._source = source
        self._send = send
        self._defer = defer
        self.revision = 0
        self._items: tuple[MenuItem, ...] | None = None
        self._by_id: dict[int, MenuItem] = {}
        self._children: dict[int, list[int]] = {ROOT_ID: []}
        self._ids: dict[tuple[Any, ...], int] = {}
        self._next_id = itertools.count(1)
        methods = {
            "GetLayout": Method("iias", "u(ia{sv}av)", self._get_layout),
            "GetGroupProperties": Method("aias", "a(ia{sv})", self._get_group_properties),
            "GetProperty": Method("is", "v", self._get_property),
            "Event": Method("isvu", "", self._event),
            "EventGroup": Method("a(isvu)", "ai", self._event_group),
            "AboutToShow": Method("i", "b", self._about_to_show),
            "AboutToShowGroup": Method("ai", "aiai", self._about_to_show_group),
        }
        signals = {
            "ItemsPropertiesUpdated": "a(ia{sv})a(ias)",
            "LayoutUpdated": "ui",
            "ItemActivationRequested": "iu",
        }
        self.exported = ExportedObject(
            MENU_PATH, [Interface(DBUSMENU, methods, self._menu_properties, signals)]
        )

    def refresh(self) -> bool:
        """Rebuild from the source; if the menu changed, announce a new revision. Return changed."""
        return self._update(announce=True)

    def _update(self, *, announce: bool) -> bool:
        items = tuple(self._source.menu_items())
        if items == self._items:
            return False
        self._rebuild(items)
        if announce:
            self._send(
                new_signal(
                    DBusAddress(MENU_PATH, interface=DBUSMENU),
                    "LayoutUpdated",
                    "ui",
                    (self.revision, ROOT_ID),
                )
            )
        return True

    def _ensure_built(self) -> None:
        if self._items is None:
            self._update(announce=False)

    def _rebuild(self, items: tuple[MenuItem, ...]) -> None:
        self._items = items
        self.revision += 1
        self._by_id = {}
        self._children = {}
        self._children[ROOT_ID] = self._number(items, parent=())

    def _number(self, items: Sequence[MenuItem], parent: tuple[Any, ...]) -> list[int]:
        """Give each item its lasting id and record the tree; return the ids in order."""
        ids = []
        seen: set[tuple[Any, ...]] = set()
        for index, item in enumerate(items):
            identity = _identity(item, index, parent)
            if identity in seen:  # two items with one key: tell them apart by place
                identity = (*identity, index)
            seen.add(identity)
            item_id = self._ids.get(identity)
            if item_id is None:
                item_id = self._ids[identity] = next(self._next_id)
            self._by_id[item_id] = item
            self._children[item_id] = self._number(item.children, identity)
            ids.append(item_id)
        return ids

    # -- com.canonical.dbusmenu ----------------------------------------------

    def _menu_properties(self) -> dict[str, Variant]:
        return {
            "Version": ("u", 3),
            "TextDirection": ("s", "ltr"),
            "Status": ("s", "normal"),
            "IconThemePath": ("as", []),
        }

    def _get_layout(self, parent_id: int, depth: int, names: list[str]) -> tuple[int, Layout]:
        if parent_id == ROOT_ID:
            self._update(announce=False)  # the reply carries the new revision
        self._check_known(parent_id)
        return self.revision, self._layout(parent_id, depth, names)

    def _layout(self, item_id: int, depth: int, names: list[str]) -> Layout:
        props = self._properties(item_id, names)
        children: list[Variant] = []
        if depth != 0:
            for child in self._children.get(item_id, []):
                children.append(("(ia{sv}av)", self._layout(child, depth - 1, names)))
        return item_id, props, children

    def _properties(self, item_id: int, names: list[str]) -> dict[str, Variant]:
        if item_id == ROOT_ID:
            props: dict[str, Variant] = {"children-display": ("s", "submenu")}
        else:
            props = item_properties(self._by_id[item_id])
        if names:
            props = {name: value for name, value in props.items() if name in names}
        return props

    def _get_group_properties(
        self, ids: list[int], names: list[str]
    ) -> tuple[list[tuple[int, dict[str, Variant]]]]:
        self._ensure_built()
        wanted = ids or list(self._by_id)
        known = [i for i in wanted if i == ROOT_ID or i in self._by_id]
        return ([(i, self._properties(i, names)) for i in known],)

    def _get_property(self, item_id: int, name: str) -> tuple[Variant]:
        self._ensure_built()
        self._check_known(item_id)
        props = self._properties(item_id, [name])
        if name not in props:
            raise DBusError(INVALID_ARGS, f"Item {item_id} has no property {name}")
        return (props[name],)

    def _event(self, item_id: int, event: str, _data: Variant, _timestamp: int) -> tuple[()]:
        self._check_known(item_id)
        if event == "clicked":
            self._click(item_id)
        return ()

    def _event_group(self, events: list[tuple[int, str, Variant, int]]) -> tuple[list[int]]:
        errors = []
        for item_id, event, _data, _timestamp in events:
            if item_id != ROOT_ID and item_id not in self._by_id:
                errors.append(item_id)
            elif event == "clicked":
                self._click(item_id)
        if events and len(errors) == len(events):
            raise DBusError(INVALID_ARGS, "None of the items exist")
        return (errors,)

    def _about_to_show(self, item_id: int) -> tuple[bool]:
        changed = self.refresh()
        self._check_known(item_id)
        return (changed,)

    def _about_to_show_group(self, ids: list[int]) -> tuple[list[int], list[int]]:
        changed = self.refresh()
        errors = [i for i in ids if i != ROOT_ID and i not in self._by_id]
        updates = [i for i in ids if i not in errors] if changed else []
        return updates, errors

    def _check_known(self, item_id: int) -> None:
        if item_id != ROOT_ID and item_id not in self._by_id:
            raise DBusError(INVALID_ARGS, f"No menu item {item_id}")

    def _click(self, item_id: int) -> None:
        item = self._by_id.get(item_id)
        if item is None or not item.key or not item.enabled or item.children:
            return
        key = item.key
        self._defer(lambda: self._source.activate(key))


def _identity(item: MenuItem, index: int, parent: tuple[Any, ...]) -> tuple[Any, ...]:
    """Return what makes an item "the same item" across rebuilds: its key, else its place."""
    if item.key:
        return ("key", item.key)
    if item.children:
        return ("submenu", parent, item.label)
    return ("line", parent, index, item.separator)
