"""Small blocking calls on the D-Bus session bus, through ``jeepney``.

Why jeepney: it is pure Python (no compiled module, no GLib), needs no
QApplication (unlike QtDBus), keeps one connection open so a reading costs a
single round trip of well under a millisecond, where spawning ``gdbus call``
costs a fork and exec (milliseconds of CPU) each time. It is imported only
when a D-Bus source is tried, so the tray does not pay for it elsewhere.
"""

from __future__ import annotations

import os
from typing import Any


class DBusUnavailable(RuntimeError):
    """No session bus, no jeepney, or the service did not answer."""


class SessionBus:
    """A connection to the session bus (or to ``address``) with call and property helpers."""

    def __init__(self, address: str | None = None, *, timeout_s: float = 1.0) -> None:
        """Connect; raise ``DBusUnavailable`` when there is no bus to connect to."""
        address = address or os.environ.get("DBUS_SESSION_BUS_ADDRESS")
        if not address:
            raise DBusUnavailable("DBUS_SESSION_BUS_ADDRESS is not set")
        try:
            from jeepney.io.blocking import open_dbus_connection
        except ImportError as exc:  # pragma: no cover - jeepney is a dependency on Linux
            raise DBusUnavailable("the jeepney package is not installed") from exc
        try:
            self._conn = open_dbus_connection(bus=address)
        except (OSError, RuntimeError, ValueError) as exc:
            raise DBusUnavailable(f"cannot connect to the session bus: {exc}") from exc
        self._timeout_s = timeout_s

    def call(
        self,
        bus_name: str,
        path: str,
        interface: str,
        method: str,
        signature: str | None = None,
        body: tuple[Any, ...] = (),
    ) -> tuple[Any, ...]:
        """Call a method and return its reply body; raise ``DBusUnavailable`` on any failure."""
        from jeepney import DBusAddress, new_method_call
        from jeepney.wrappers import DBusErrorResponse, unwrap_msg

        address = DBusAddress(path, bus_name=bus_name, interface=interface)
        message = new_method_call(address, method, signature, body)
        try:
            reply = self._conn.send_and_get_reply(message, timeout=self._timeout_s)
            return tuple(unwrap_msg(reply))
        except DBusErrorResponse as exc:
            raise DBusUnavailable(f"{bus_name} {method}: {exc.name}") from exc
        except (OSError, EOFError, TimeoutError, ValueError) as exc:
            raise DBusUnavailable(f"{bus_name} {method}: {exc!r}") from exc

    def get_property(self, bus_name: str, path: str, interface: str, name: str) -> Any:
        """Read one property; raise ``DBusUnavailable`` on any failure."""
        (variant,) = self.call(
            bus_name,
            path,
            "org.freedesktop.DBus.Properties",
            "Get",
            "ss",
            (interface, name),
        )
        return variant[1]  # jeepney gives a variant as (signature, value)

    def close(self) -> None:
        """Close the connection."""
        self._conn.close()
