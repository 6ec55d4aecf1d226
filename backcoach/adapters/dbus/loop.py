"""A D-Bus session-bus connection that lives inside an ``EventLoop``.

The blocking ``SessionBus`` in ``dbus_session`` suits one-off questions; a tray
icon instead has to *serve* objects: the desktop calls it whenever it likes,
and it must answer without ever sitting in a blocking read. This connection
registers its socket with the loop, parses whatever has arrived when the loop
says it is readable, and hands each message on: method calls to the object
exported at their path, replies to the callback waiting for them, signals to
the subscribers whose match they fit.

Connecting (authentication and ``Hello``) and the few start-up calls made with
``call_blocking`` talk to the bus daemon itself, which answers in well under a
millisecond; while such a call waits, anything else that arrives is handled as
usual, so a peer calling back in the meantime cannot deadlock us.
"""

from __future__ import annotations

import logging
import os
import select
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from jeepney import HeaderFields, Message, MessageType, new_error, new_method_return
from jeepney.bus_messages import message_bus
from jeepney.low_level import MessageFlag

from backcoach.adapters.dbus.export import children_xml

if TYPE_CHECKING:
    from backcoach.adapters.event_loop import EventLoop

log = logging.getLogger(__name__)

UNKNOWN_OBJECT = "org.freedesktop.DBus.Error.UnknownObject"
FAILED = "org.freedesktop.DBus.Error.Failed"


class BusUnavailable(RuntimeError):
    """There is no session bus to connect to, or it went away."""


class MethodHandler(Protocol):
    """An object exported on the bus: turns a method call into its reply."""

    def handle(self, message: Message) -> Message:
        """Return the method-return or error message answering ``message``."""
        ...


class LoopBusConnection:
    """One connection to the session bus, driven by ``loop``.

    ``export(path, handler)`` serves an object; ``call(message, on_reply)``
    sends a call without waiting; ``subscribe(rule, callback)`` receives
    signals; ``emit`` sends one.
    """

    def __init__(self, loop: EventLoop, address: str | None = None) -> None:
        """Connect and say hello; raise ``BusUnavailable`` when no bus answers."""
        address = address or os.environ.get("DBUS_SESSION_BUS_ADDRESS")
        if not address:
            raise BusUnavailable("DBUS_SESSION_BUS_ADDRESS is not set")
        from jeepney.io.blocking import open_dbus_connection

        try:
            self._conn = open_dbus_connection(bus=address)
        except (OSError, RuntimeError, ValueError) as exc:
            raise BusUnavailable(f"cannot connect to the session bus: {exc}") from exc
        self._loop = loop
        self._objects: dict[str, MethodHandler] = {}
        self._waiting: dict[int, Callable[[Message], None]] = {}
        self._signal_handlers: list[tuple[Any, Callable[[Message], None]]] = []
        self._fd = self._conn.sock.fileno()
        self._closed = False
        loop.add_reader(self._fd, self._on_readable)
        # Hello's reply may have come in one read together with later messages.
        loop.call_later(0, self._dispatch_parsed)

    @property
    def unique_name(self) -> str:
        """Return the unique bus name of this connection (``:1.42``)."""
        return str(self._conn.unique_name)

    @property
    def closed(self) -> bool:
        """True once closed, by us or by the bus going away."""
        return self._closed

    def export(self, path: str, handler: MethodHandler) -> None:
        """Answer method calls to ``path`` with ``handler``."""
        self._objects[path] = handler

    def send(self, message: Message) -> int:
        """Send ``message`` and return its serial (does nothing once closed)."""
        if self._closed:
            return 0
        serial = next(self._conn.outgoing_serial)
        try:
            self._conn.send(message, serial=serial)
        except OSError as exc:
            log.info("session bus connection lost: %s", exc)
            self.close()
        return serial

    def call(self, message: Message, on_reply: Callable[[Message], None] | None = None) -> None:
        """Send a method call; ``on_reply`` later gets its reply (or error) message."""
        serial = self.send(message)
        if serial and on_reply is not None:
            self._waiting[serial] = on_reply

    def call_blocking(self, message: Message, timeout_s: float = 1.0) -> Message:
        """Send a call and wait at most ``timeout_s`` for its reply, serving other traffic.

        Raise ``TimeoutError`` when no reply comes, ``BusUnavailable`` when the
        connection is closed.
        """
        replies: list[Message] = []
        self.call(message, replies.append)
        deadline = time.monotonic() + timeout_s
        while not replies:
            if self._closed:
                raise BusUnavailable("the session bus connection is closed")
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("no reply from the bus")
            if select.select([self._fd], [], [], left)[0]:
                self._on_readable()
        return replies[0]

    def subscribe(self, rule: Any, callback: Callable[[Message], None]) -> None:
        """Ask the bus for signals matching ``rule`` (a ``jeepney.MatchRule``) and pass them on."""
        self._signal_handlers.append((rule, callback))
        self.call(message_bus.AddMatch(rule))

    def emit(self, message: Message) -> None:
        """Send a signal built with ``jeepney.new_signal``."""
        self.send(message)

    def close(self) -> None:
        """Stop watching the socket and close it (our bus names go with it)."""
        if self._closed:
            return
        self._closed = True
        self._loop.remove_reader(self._fd)
        self._waiting.clear()
        self._conn.close()

    # -- receiving ----------------------------------------------------------

    def _on_readable(self) -> None:
        try:
            data = self._conn.sock.recv(65536)
        except BlockingIOError:
            return
        except OSError as exc:
            log.info("session bus connection lost: %s", exc)
            self.close()
            return
        if not data:
            log.info("the session bus closed the connection")
            self.close()
            return
        self._conn.parser.add_data(data)
        self._dispatch_parsed()

    def _dispatch_parsed(self) -> None:
        while not self._closed:
            message = self._conn.parser.get_next_message()
            if message is None:
                return
            try:
                self._dispatch(message)
            except Exception:  # one bad handler must not take the tray down
                log.exception("error while handling a D-Bus message")

    def _dispatch(self, message: Message) -> None:
        kind = message.header.message_type
        fields = message.header.fields
        if kind == MessageType.method_call:
            self._answer(message)
        elif kind in (MessageType.method_return, MessageType.error):
            callback = self._waiting.pop(fields.get(HeaderFields.reply_serial, -1), None)
            if callback is not None:
                callback(message)
        elif kind == MessageType.signal:
            for rule, callback in list(self._signal_handlers):
                if rule.matches(message):
                    callback(message)

    def _answer(self, message: Message) -> None:
        path = message.header.fields.get(HeaderFields.path, "")
        handler = self._objects.get(path)
        if handler is None:
            reply = self._answer_unknown_path(message, path)
        else:
            try:
                reply = handler.handle(message)
            except Exception as exc:  # answer, so the caller is not left waiting
                log.exception("D-Bus method failed")
                reply = new_error(message, FAILED, "s", (str(exc),))
        if not message.header.flags & MessageFlag.no_reply_expected:
            self.send(reply)

    def _answer_unknown_path(self, message: Message, path: str) -> Message:
        """Introspecting a parent of our objects lists them; anything else is an error."""
        if message.header.fields.get(HeaderFields.member) == "Introspect":
            xml = children_xml(path, self._objects)
            if xml is not None:
                return new_method_return(message, "s", (xml,))
        return new_error(message, UNKNOWN_OBJECT, "s", (f"No object at {path}",))
