"""Desktop notifications (org.freedesktop.Notifications) without Qt.

The resident tray process announces a due break with a notification bubble.
Each new one replaces the previous (the server is handed back the id it gave
us), so a reminder repeated every few minutes never piles up in the
notification list. With no notification server, or one that does not answer
within half a second, ``notify`` just returns False: the nudge window still
comes, and a bubble is a courtesy, not a requirement.
"""

from __future__ import annotations

import logging

from backcoach.adapters.dbus.session import DBusUnavailable, SessionBus

log = logging.getLogger(__name__)

APP_NAME = "BackCoach"
SERVICE = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
EXPIRE_MS = 10_000
REPLY_TIMEOUT_S = 0.5


class DesktopNotifier:
    """Shows notification bubbles; the connection is opened on first use and kept."""

    def __init__(self, bus_address: str | None = None) -> None:
        """Notify over the bus at ``bus_address`` (default: the session bus)."""
        self._bus_address = bus_address
        self._bus: SessionBus | None = None
        self._last_id = 0

    def notify(self, title: str, text: str) -> bool:
        """Show ``title`` and ``text`` over our previous bubble; return False if none showed."""
        try:
            if self._bus is None:
                self._bus = SessionBus(self._bus_address, timeout_s=REPLY_TIMEOUT_S)
            (new_id,) = self._bus.call(
                SERVICE,
                PATH,
                SERVICE,
                "Notify",
                "susssasa{sv}i",
                (APP_NAME, self._last_id, "", title, text, [], {}, EXPIRE_MS),
            )
        except DBusUnavailable as exc:
            log.info("no desktop notification: %s", exc)
            self.close()  # the next try starts afresh (a server may have started meanwhile)
            return False
        self._last_id = int(new_id)
        return True

    def close(self) -> None:
        """Close the bus connection (a later ``notify`` opens a new one)."""
        if self._bus is not None:
            self._bus.close()
            self._bus = None
