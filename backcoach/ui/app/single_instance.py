"""One BackCoach per user: a second launch asks the running one to show itself, then exits.

The first process listens on a local channel whose name is derived from the
user and the BackCoach config folder, so a test or portable install with its
own ``BACKCOACH_HOME`` is an instance of its own. A later process connects,
sends ``show`` and leaves. A channel left behind by a crash is removed when
nobody answers on it.

The channel is a Unix socket (in a private folder: ``$XDG_RUNTIME_DIR``, else
``backcoach-<uid>`` in the temp folder, see ``ipc.channel``)
watched by a ``QSocketNotifier`` where the platform has them, and a Qt local
server (a named pipe) on Windows. The Unix way keeps QtNetwork, a few MB of
resident memory, out of the tray process.
"""

from __future__ import annotations

import socket
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSocketNotifier, Signal

from backcoach.ipc.channel import TIMEOUT_S as _TIMEOUT_S
from backcoach.ipc.channel import UnixChannel, claim, instance_key
from backcoach.ipc.messages import APP_SHOW

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalServer, QLocalSocket


class _UnixChannel:
    """``local_channel.UnixChannel`` watched by a ``QSocketNotifier``."""

    def __init__(self, key: str, parent: QObject) -> None:
        self._channel = UnixChannel(key)
        self.path = self._channel.path
        self._parent = parent
        self._notifier: QSocketNotifier | None = None

    def send(self, message: str) -> bool:
        return self._channel.send(message)

    def listen(self, on_message: Callable[[str], None]) -> bool:
        if not self._channel.listen():
            return False
        self._notifier = QSocketNotifier(
            self._channel.fileno(), QSocketNotifier.Type.Read, self._parent
        )
        self._notifier.activated.connect(
            lambda *_: self._channel.receive(lambda line, _reply: on_message(line))
        )
        return True

    def close(self) -> None:
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None
        self._channel.close()


class _QtLocalChannel:
    """A ``QLocalServer`` (a named pipe on Windows); QtNetwork is imported only here."""

    def __init__(self, key: str, parent: QObject) -> None:
        self._key = key
        self._parent = parent
        self._server: QLocalServer | None = None
        self._clients: list[QLocalSocket] = []

    def send(self, message: str) -> bool:
        from PySide6.QtNetwork import QLocalSocket

        client = QLocalSocket()
        client.connectToServer(self._key)
        if not client.waitForConnected(int(_TIMEOUT_S * 1000)):
            return False
        client.write(f"{message}\n".encode())
        client.waitForBytesWritten(int(_TIMEOUT_S * 1000))
        client.disconnectFromServer()
        return True

    def listen(self, on_message: Callable[[str], None]) -> bool:
        from PySide6.QtNetwork import QLocalServer

        QLocalServer.removeServer(self._key)
        server = QLocalServer(self._parent)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self._key):
            return False
        server.newConnection.connect(lambda: self._accept(on_message))
        self._server = server
        return True

    def _accept(self, on_message: Callable[[str], None]) -> None:
        while self._server is not None and self._server.hasPendingConnections():
            client = self._server.nextPendingConnection()
            self._clients.append(client)
            client.readyRead.connect(lambda: self._read(on_message))
        self._read(on_message)

    def _read(self, on_message: Callable[[str], None]) -> None:
        for client in list(self._clients):
            while client.canReadLine():
                text = bytes(client.readLine().data()).decode(errors="replace").strip()
                if text:
                    on_message(text)
            if not client.isOpen() or client.state().name == "UnconnectedState":
                self._clients.remove(client)
                client.deleteLater()

    def close(self) -> None:
        for client in self._clients:
            client.abort()
        self._clients.clear()
        if self._server is not None:
            self._server.close()
            self._server.deleteLater()
            self._server = None


class SingleInstance(QObject):
    """Claims the instance channel; ``message_received`` carries what later launches send."""

    message_received = Signal(str)

    def __init__(
        self, key: str | None = None, parent: QObject | None = None, *, use_qt: bool | None = None
    ) -> None:
        """Use channel ``key``; ``use_qt`` picks the Qt local server (default: without AF_UNIX)."""
        super().__init__(parent)
        self.key = key or instance_key()
        if use_qt is None:
            use_qt = not hasattr(socket, "AF_UNIX")
        channel_type = _QtLocalChannel if use_qt else _UnixChannel
        self._channel = channel_type(self.key, self)
        self._listening = False

    def claim(self, message: str = APP_SHOW) -> bool:
        """Return True if this process is the first; otherwise send ``message`` to it, False."""

        def listen() -> bool:
            self._listening = self._channel.listen(self.message_received.emit)
            return self._listening

        return claim(message, self._channel.send, listen)

    def release(self) -> None:
        """Stop listening (the next launch becomes the first)."""
        if self._listening:
            self._channel.close()
            self._listening = False
