"""A stand-in desktop panel for StatusNotifierItem tests: the watcher and the host.

It shares the thread (and the ``SelectLoop``) with the tray under test: each
call sends its message, then turns the loop and reads its own connection in
small steps until the answer is in, so both sides make progress without threads.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from jeepney import DBusAddress, HeaderFields, Message, MessageType, new_method_call
from jeepney.io.blocking import open_dbus_connection
from jeepney.wrappers import new_error, new_method_return

from backcoach.adapters.event_loop import SelectLoop

WATCHER = "org.kde.StatusNotifierWatcher"
ITEM = "org.kde.StatusNotifierItem"
ITEM_PATH = "/StatusNotifierItem"
MENU = "com.canonical.dbusmenu"
MENU_PATH = "/MenuBar"
PROPERTIES = "org.freedesktop.DBus.Properties"


def pump_until(
    loop: SelectLoop, condition: Callable[[], bool], *others: Any, timeout_s: float = 3.0
) -> None:
    """Turn ``loop`` (and read ``others``' connections) until ``condition()`` holds."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        loop.run_once(max_wait_s=0.005)
        for other in others:
            other.read_available()


class FakePanel:
    """Plays a desktop panel on the bus at ``address``: watcher (once asked) and host."""

    def __init__(self, address: str, loop: SelectLoop) -> None:
        """Connect; listen to every signal on the bus."""
        self._conn = open_dbus_connection(bus=address)
        self._loop = loop
        self._replies: dict[int, Message] = {}
        self.registrations: list[str] = []
        """Services passed to RegisterStatusNotifierItem, in order."""
        self.signals: list[tuple[str, str]] = []
        """(path, member) of each signal seen, in order."""
        self.not_ready = 0
        """Answer this many registrations with UnknownObject, as a panel still starting does."""
        self.bus_call("AddMatch", "s", ("type='signal'",))

    # -- plumbing -------------------------------------------------------------

    def read_available(self) -> None:
        """Handle whatever has arrived on the panel's connection, without waiting."""
        while True:
            try:
                message = self._conn.receive(timeout=0)
            except TimeoutError:
                return
            self._handle(message)

    def _handle(self, message: Message) -> None:
        kind = message.header.message_type
        fields = message.header.fields
        if kind in (MessageType.method_return, MessageType.error):
            self._replies[fields[HeaderFields.reply_serial]] = message
        elif kind == MessageType.signal:
            self.signals.append((fields[HeaderFields.path], fields[HeaderFields.member]))
        elif fields.get(HeaderFields.member) == "RegisterStatusNotifierItem" and self.not_ready:
            self.not_ready -= 1
            self._conn.send(new_error(message, "org.freedesktop.DBus.Error.UnknownObject"))
        elif fields.get(HeaderFields.member) == "RegisterStatusNotifierItem":
            self.registrations.append(message.body[0])
            self._conn.send(new_method_return(message))
        else:
            self._conn.send(new_error(message, "org.freedesktop.DBus.Error.UnknownMethod"))

    def send_and_wait(self, message: Message) -> Message:
        """Send a call and pump the loop until its reply (or error) arrives."""
        serial = next(self._conn.outgoing_serial)
        self._conn.send(message, serial=serial)
        pump_until(self._loop, lambda: serial in self._replies, self)
        return self._replies.pop(serial)

    def call(
        self, bus_name: str, path: str, interface: str, member: str, sig: str = "", body=()
    ) -> Message:
        """Call a method on ``bus_name`` and return the reply message (maybe an error)."""
        address = DBusAddress(path, bus_name=bus_name, interface=interface)
        return self.send_and_wait(new_method_call(address, member, sig or None, body))

    def bus_call(self, member: str, sig: str = "", body=()) -> Message:
        """Call the bus daemon itself."""
        return self.call(
            "org.freedesktop.DBus",
            "/org/freedesktop/DBus",
            "org.freedesktop.DBus",
            member,
            sig,
            body,
        )

    # -- the watcher's part ---------------------------------------------------

    def become_watcher(self) -> None:
        """Take the watcher's name, as a panel does when it starts."""
        self.bus_call("RequestName", "su", (WATCHER, 4))

    def stop_watching(self) -> None:
        """Give the watcher's name up, as a panel does when it quits or crashes."""
        self.bus_call("ReleaseName", "s", (WATCHER,))

    # -- the host's part ------------------------------------------------------

    def item_properties(self, service: str) -> dict[str, Any]:
        """Return the item's properties as plain values."""
        reply = self.call(service, ITEM_PATH, PROPERTIES, "GetAll", "s", (ITEM,))
        return {name: value for name, (_sig, value) in reply.body[0].items()}

    def menu(self, service: str, method: str, sig: str = "", body=()) -> Message:
        """Call a dbusmenu method on the item's menu."""
        return self.call(service, MENU_PATH, MENU, method, sig, body)

    def layout(self, service: str) -> tuple[int, dict[str, Any]]:
        """Return (revision, tree) where the tree is ``{"id", "props", "children"}`` nested."""
        reply = self.menu(service, "GetLayout", "iias", (0, -1, []))
        revision, root = reply.body
        return revision, _tree(root)

    def close(self) -> None:
        """Close the panel's connection (its names go with it)."""
        self._conn.close()


def _tree(node: tuple[int, dict[str, Any], list[Any]]) -> dict[str, Any]:
    item_id, props, children = node
    return {
        "id": item_id,
        "props": {name: value for name, (_sig, value) in props.items()},
        "children": [_tree(child) for _sig, child in children],
    }


def error_name(message: Message) -> str | None:
    """Return the D-Bus error name of a reply, or None for a normal return."""
    if message.header.message_type != MessageType.error:
        return None
    return message.header.fields[HeaderFields.error_name]
