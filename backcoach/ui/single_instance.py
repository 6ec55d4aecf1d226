"""One BackCoach per user: a second launch asks the running one to show itself, then exits.

The first process listens on a local socket (``QLocalServer``: a Unix socket
or a Windows named pipe) whose name is derived from the user and the
BackCoach config folder, so a test or portable install with its own
``BACKCOACH_HOME`` is an instance of its own. A later process connects,
sends ``show`` and leaves. A socket left behind by a crash is removed when
nobody answers on it.
"""

from __future__ import annotations

import getpass
import hashlib

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from backcoach import paths

SHOW = "show"
_CONNECT_TIMEOUT_MS = 500


def instance_key() -> str:
    """Return the local-socket name for this user and BackCoach home."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "user"
    digest = hashlib.sha256(str(paths.config_dir()).encode()).hexdigest()[:12]
    return f"backcoach-{user}-{digest}"


class SingleInstance(QObject):
    """Claims the instance key; ``message_received`` carries what later launches send."""

    message_received = Signal(str)

    def __init__(self, key: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.key = key or instance_key()
        self._server: QLocalServer | None = None
        self._clients: list[QLocalSocket] = []

    def claim(self, message: str = SHOW) -> bool:
        """Return True if this process is the first; otherwise send ``message`` to it, False."""
        socket = QLocalSocket()
        socket.connectToServer(self.key)
        if socket.waitForConnected(_CONNECT_TIMEOUT_MS):
            socket.write(f"{message}\n".encode())
            socket.waitForBytesWritten(_CONNECT_TIMEOUT_MS)
            socket.disconnectFromServer()
            return False
        QLocalServer.removeServer(self.key)  # a stale socket from a crash
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.key):
            # Could not listen (e.g. a read-only temp folder): run anyway, just unguarded.
            return True
        server.newConnection.connect(self._accept)
        self._server = server
        return True

    def _accept(self) -> None:
        assert self._server is not None
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            self._clients.append(socket)
            socket.readyRead.connect(self._read_clients)
            socket.disconnected.connect(self._drop_closed_clients)
        self._read_clients()

    def _read_clients(self) -> None:
        for socket in self._clients:
            while socket.canReadLine():
                text = bytes(socket.readLine().data()).decode(errors="replace").strip()
                if text:
                    self.message_received.emit(text)

    def _drop_closed_clients(self) -> None:
        self._read_clients()
        closed = [
            s for s in self._clients if s.state() == QLocalSocket.LocalSocketState.UnconnectedState
        ]
        for socket in closed:
            self._clients.remove(socket)
            socket.deleteLater()

    def release(self) -> None:
        """Stop listening (the next launch becomes the first)."""
        for socket in self._clients:
            socket.abort()
        self._clients.clear()
        if self._server is not None:
            self._server.close()
            self._server.deleteLater()
            self._server = None
