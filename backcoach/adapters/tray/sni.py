"""BackCoach's tray icon as a StatusNotifierItem, served over the session bus with jeepney.

How it appears: the item takes a bus name ``org.kde.StatusNotifierItem-<pid>-<n>``,
serves ``/StatusNotifierItem`` (icon pixels, tooltip, title) and the menu at
``/MenuBar`` (``dbusmenu``), then tells the desktop's
``org.kde.StatusNotifierWatcher`` about itself. The panel (the "host") reads
the properties and draws the icon and, on a right click, the menu.

When no watcher is on the bus (no panel yet, or a desktop without SNI),
``show()`` says so, and the item keeps listening for the watcher's name to
appear: a panel that starts, or restarts after a crash, gets the icon back.

No Qt, no threads, no asyncio: everything runs from the resident process's
select loop, so the icon costs a couple of MB on top of Python and jeepney.
"""

from __future__ import annotations

import itertools
import logging
import os
from typing import TYPE_CHECKING, Any

from jeepney import (
    DBusAddress,
    HeaderFields,
    MatchRule,
    Message,
    MessageType,
    new_method_call,
    new_signal,
)
from jeepney.bus_messages import message_bus

from backcoach.adapters.dbus.export import ExportedObject, Interface, Method, Variant
from backcoach.adapters.dbus.loop import BusUnavailable, LoopBusConnection
from backcoach.adapters.tray.dbusmenu import MENU_PATH, DBusMenu
from backcoach.adapters.tray.icon import ICON_SIZES, IconError, icon_argb
from backcoach.core.reminders.tray_menu import OPEN

if TYPE_CHECKING:
    from backcoach.adapters.event_loop import EventLoop, Timer
    from backcoach.core.reminders.tray_menu import TrayMenuSource

log = logging.getLogger(__name__)

ITEM_INTERFACE = "org.kde.StatusNotifierItem"
ITEM_PATH = "/StatusNotifierItem"
WATCHER_NAME = "org.kde.StatusNotifierWatcher"
WATCHER_PATH = "/StatusNotifierWatcher"
TITLE = "BackCoach"

REGISTER_RETRY_S = (0.2, 0.5, 1.0, 2.0, 4.0)
"""Pauses between attempts to register with a watcher that is still starting; the last one
repeats for as long as the watcher keeps its name and has not taken the icon (a panel on a
busy machine can take many seconds to serve its object)."""

_DO_NOT_QUEUE = 4
_PRIMARY_OWNER = 1
_item_numbers = itertools.count(1)


def icon_pixmaps() -> list[tuple[int, int, bytes]]:
    """Return the icon as SNI ``IconPixmap`` entries: (width, height, ARGB32 bytes) per size.

    A size whose PNG cannot be read is left out (and logged); the panel scales another.
    """
    pixmaps = []
    for size in ICON_SIZES:
        try:
            pixmaps.append((size, size, icon_argb(size)))
        except IconError as exc:
            log.warning("tray icon: %s", exc)
    return pixmaps


class StatusNotifierTray:
    """A ``TrayIcon`` for desktops with a StatusNotifierWatcher (KDE, GNOME + AppIndicator, ...)."""

    name = "StatusNotifierItem"

    def __init__(
        self, loop: EventLoop, source: TrayMenuSource, *, bus_address: str | None = None
    ) -> None:
        """Prepare an icon for ``source``; nothing is on the bus until ``show()``."""
        self._loop = loop
        self._source = source
        self._bus_address = bus_address
        self._bus: LoopBusConnection | None = None
        self._menu: DBusMenu | None = None
        self._bus_name = ""
        self._tooltip = ""
        self._retry: Timer | None = None
        self.registered = False
        """True once a watcher accepted the item (it may take that back if the panel quits)."""

    @property
    def bus_name(self) -> str:
        """Return the well-known name the item holds ("" before ``show()``)."""
        return self._bus_name

    def show(self) -> bool:
        """Put the icon on the bus; return False when no watcher (or no bus) is there now.

        True means a watcher is on the bus and has been asked to take the
        icon (``registered`` turns True when it accepts). With a bus but no
        watcher, the item stays ready and registers as soon as one appears.
        """
        if self._bus is not None:
            return not self._bus.closed
        try:
            bus = LoopBusConnection(self._loop, self._bus_address)
        except BusUnavailable as exc:
            log.info("no StatusNotifierItem: %s", exc)
            return False
        self._bus = bus
        try:
            self._bus_name = self._claim_name(bus)
        except (BusUnavailable, TimeoutError) as exc:
            log.info("no StatusNotifierItem: %s", exc)
            self.close()
            return False
        self._menu = DBusMenu(self._source, bus.emit, self._defer)
        self._tooltip = self._source.tooltip()
        bus.export(ITEM_PATH, self._item_object())
        bus.export(MENU_PATH, self._menu.exported)
        watcher_moves = MatchRule(
            type="signal",
            sender="org.freedesktop.DBus",
            interface="org.freedesktop.DBus",
            member="NameOwnerChanged",
            path="/org/freedesktop/DBus",
        )
        watcher_moves.add_arg_condition(0, WATCHER_NAME)
        bus.subscribe(watcher_moves, self._on_watcher_changed)
        try:
            owned = bus.call_blocking(message_bus.NameHasOwner(WATCHER_NAME)).body[0]
        except (BusUnavailable, TimeoutError) as exc:
            log.info("no StatusNotifierItem: %s", exc)
            return False
        if not owned:
            log.info("no StatusNotifierWatcher on the bus yet; waiting for one")
            return False
        # The watcher is another program: ask without waiting, so a slow panel
        # never holds up the loop. ``registered`` turns True when it accepts.
        self._register()
        return True

    def is_shown(self) -> bool:
        """Return True while a StatusNotifierWatcher has accepted the icon."""
        return self.registered

    def refresh(self) -> None:
        """Tell the host about a changed tooltip or menu (nothing is sent if neither changed)."""
        if self._bus is None or self._menu is None or self._bus.closed:
            return
        tooltip = self._source.tooltip()
        if tooltip != self._tooltip:
            self._tooltip = tooltip
            self._bus.emit(new_signal(_item_address(), "NewToolTip"))
        self._menu.refresh()

    def close(self) -> None:
        """Remove the icon: closing the connection drops our name, and the watcher notices."""
        self._cancel_retry()
        if self._bus is not None:
            self._bus.close()
        self._bus = None
        self._menu = None
        self.registered = False

    # -- on the bus -------------------------------------------------------------

    def _claim_name(self, bus: LoopBusConnection) -> str:
        """Take the first free ``org.kde.StatusNotifierItem-<pid>-<n>``."""
        for _attempt in range(20):
            name = f"org.kde.StatusNotifierItem-{os.getpid()}-{next(_item_numbers)}"
            reply = bus.call_blocking(message_bus.RequestName(name, _DO_NOT_QUEUE))
            if reply.header.message_type == MessageType.error:
                raise BusUnavailable(f"the bus refused the name {name}")
            if reply.body[0] == _PRIMARY_OWNER:
                return name
        raise BusUnavailable("no free StatusNotifierItem name")

    def _register(self, attempt: int = 0) -> None:
        """Ask the watcher to show the icon; ask again until it does.

        A panel often takes the watcher's name a moment before it serves the
        watcher object, so the first call can fail with UnknownObject.
        """
        self._retry = None
        if self._bus is None or self._bus.closed:
            return
        watcher = DBusAddress(WATCHER_PATH, bus_name=WATCHER_NAME, interface=WATCHER_NAME)
        call = new_method_call(watcher, "RegisterStatusNotifierItem", "s", (self._bus_name,))
        self._bus.call(call, lambda reply: self._on_registered(reply, attempt))

    def _on_registered(self, reply: Message, attempt: int) -> None:
        if reply.header.message_type != MessageType.error:
            self.registered = True
            return
        self.registered = False
        error = reply.header.fields.get(HeaderFields.error_name, "")
        if attempt + 1 == len(REGISTER_RETRY_S):
            log.info("no StatusNotifierWatcher took the icon yet (%s); asking on", error)
        delay = REGISTER_RETRY_S[min(attempt, len(REGISTER_RETRY_S) - 1)]
        self._retry = self._loop.call_later(delay, lambda: self._register(attempt + 1))

    def _cancel_retry(self) -> None:
        if self._retry is not None:
            self._retry.cancel()
            self._retry = None

    def _on_watcher_changed(self, signal: Message) -> None:
        _name, _old_owner, new_owner = signal.body
        self._cancel_retry()
        if not new_owner:
            self.registered = False
            log.info("the StatusNotifierWatcher left; waiting for it to come back")
        else:
            log.info("a StatusNotifierWatcher appeared; registering the icon")
            self._register()

    def _defer(self, action: Any) -> None:
        """Run ``action`` (a user's choice) from the loop, after the reply has been sent."""
        self._loop.call_later(0, action)

    def _on_activate(self, _x: int, _y: int) -> tuple[()]:
        """Open BackCoach on a click on the icon."""
        self._defer(lambda: self._source.activate(OPEN))
        return ()

    def _item_object(self) -> ExportedObject:
        ignore_xy = Method("ii", "", lambda _x, _y: ())
        methods = {
            "Activate": Method("ii", "", self._on_activate),
            "SecondaryActivate": ignore_xy,
            "ContextMenu": ignore_xy,
            "Scroll": Method("is", "", lambda _delta, _orientation: ()),
        }
        signals = {
            "NewTitle": "",
            "NewIcon": "",
            "NewAttentionIcon": "",
            "NewOverlayIcon": "",
            "NewToolTip": "",
            "NewStatus": "s",
        }
        interface = Interface(ITEM_INTERFACE, methods, self._item_properties, signals)
        return ExportedObject(ITEM_PATH, [interface])

    def _item_properties(self) -> dict[str, Variant]:
        pixmaps = icon_pixmaps()
        return {
            "Category": ("s", "ApplicationStatus"),
            "Id": ("s", "backcoach"),
            "Title": ("s", TITLE),
            "Status": ("s", "Active"),
            "WindowId": ("i", 0),
            "IconName": ("s", ""),
            "IconPixmap": ("a(iiay)", pixmaps),
            "IconThemePath": ("s", ""),
            "OverlayIconName": ("s", ""),
            "OverlayIconPixmap": ("a(iiay)", []),
            "AttentionIconName": ("s", ""),
            "AttentionIconPixmap": ("a(iiay)", []),
            "AttentionMovieName": ("s", ""),
            "ToolTip": ("(sa(iiay)ss)", ("", [], self._source.tooltip(), "")),
            "ItemIsMenu": ("b", False),
            "Menu": ("o", MENU_PATH),
        }


def _item_address() -> DBusAddress:
    return DBusAddress(ITEM_PATH, interface=ITEM_INTERFACE)
