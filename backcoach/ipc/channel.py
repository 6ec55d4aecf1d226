"""A per-user Unix socket that carries one-line messages between BackCoach processes.

Used for "one BackCoach per user" (a later launch hands its wish to the
running one) and between the resident tray process and the app. No Qt: the
resident process watches ``fileno()`` in its own loop; the app wraps it in a
``QSocketNotifier``. A message is one line; ``request`` also reads one line
back, for the few messages that have an answer.
"""

from __future__ import annotations

import contextlib
import errno
import getpass
import os
import socket
import tempfile
import zlib
from collections.abc import Callable
from pathlib import Path

from backcoach.config import paths

TIMEOUT_S = 0.5
_MAX_MESSAGE = 4096

Reply = Callable[[str], None]


def instance_key(role: str = "") -> str:
    """Return the channel name for this user and BackCoach home (``role`` tells channels apart)."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "user"
    # zlib's checksum is plenty to tell folders apart, and unlike hashlib it loads no OpenSSL.
    digest = zlib.crc32(str(paths.config_dir()).encode("utf-8"))
    suffix = f"-{role}" if role else ""
    return f"backcoach-{user}-{digest:08x}{suffix}"


def channel_path(key: str) -> Path:
    """Return where the socket for ``key`` lives: ``$XDG_RUNTIME_DIR``, else the temp folder."""
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    folder = Path(runtime) if runtime and os.path.isdir(runtime) else Path(tempfile.gettempdir())
    return folder / f"{key}.sock"


class UnixChannel:
    """One end of a named Unix socket: send to whoever listens, or listen yourself."""

    def __init__(self, key: str) -> None:
        """Use the socket named after ``key``."""
        self.path = channel_path(key)
        self._server: socket.socket | None = None

    def request(self, message: str, *, wait_reply: bool = True) -> str | None:
        """Send ``message``; return the answer line ("" if none), or None if nobody listens."""
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
            client.settimeout(TIMEOUT_S)
            try:
                client.connect(str(self.path))
                client.sendall(f"{message}\n".encode())
                if not wait_reply:
                    return ""
                client.shutdown(socket.SHUT_WR)
                data = b""
                while chunk := client.recv(_MAX_MESSAGE):
                    data += chunk
            except TimeoutError:
                return ""
            except OSError:
                return None
        return data.decode(errors="replace").strip()

    def send(self, message: str) -> bool:
        """Send ``message``; return False when nobody listens."""
        return self.request(message, wait_reply=False) is not None

    def listen(self) -> bool:
        """Start listening (replacing a socket file left by a crash); False if it cannot.

        False too when another process already listens: its socket is left alone,
        so two launches in the same instant cannot both believe they are the first.
        """
        server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            try:
                self._bind(server)
            except FileExistsError:
                if self._answered():
                    raise
                self.path.unlink()  # a crash left it behind
                self._bind(server)
            server.listen(8)
        except OSError:
            server.close()
            return False
        server.setblocking(False)
        self._server = server
        return True

    def _bind(self, server: socket.socket) -> None:
        old_mask = os.umask(0o077)  # only this user may connect
        try:
            server.bind(str(self.path))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise FileExistsError(errno.EADDRINUSE, str(exc), str(self.path)) from exc
            raise
        finally:
            os.umask(old_mask)

    def _answered(self) -> bool:
        """Return True if a process accepts connections on the socket file."""
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
            probe.settimeout(TIMEOUT_S)
            try:
                probe.connect(str(self.path))
            except TimeoutError:
                return True  # someone is there, only busy
            except OSError:
                return False
        return True

    @property
    def listening(self) -> bool:
        """Return True while this end listens."""
        return self._server is not None

    def fileno(self) -> int:
        """Return the listening socket's descriptor (readable when a message is waiting)."""
        if self._server is None:
            raise RuntimeError("the channel is not listening")
        return self._server.fileno()

    def receive(self, on_message: Callable[[str, Reply], None]) -> None:
        """Accept one waiting connection and hand each line to ``on_message(line, reply)``."""
        if self._server is None:
            return
        try:
            connection, _ = self._server.accept()
        except OSError:
            return
        with connection:
            connection.settimeout(TIMEOUT_S)
            data = b""
            try:
                while b"\n" not in data and len(data) < _MAX_MESSAGE:
                    chunk = connection.recv(_MAX_MESSAGE)
                    if not chunk:
                        break
                    data += chunk
            except OSError:
                return

            def reply(text: str) -> None:
                with contextlib.suppress(OSError):
                    connection.sendall(f"{text}\n".encode())

            for line in data.decode(errors="replace").splitlines():
                if line.strip():
                    on_message(line.strip(), reply)

    def close(self) -> None:
        """Stop listening and remove the socket file."""
        if self._server is not None:
            self._server.close()
            self._server = None
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()


def claim(message: str, send: Callable[[str], bool], listen: Callable[[], bool]) -> bool:
    """Return True if this process is the first to listen on a channel.

    Otherwise ``message`` goes (through ``send``) to the one listening, and
    False is returned. If ``listen`` fails and nobody answers (a read-only
    temp folder, say), run anyway, just unguarded: True. Used for the Unix
    socket here and for Qt's local server on Windows (``ui.single_instance``).
    """
    if send(message):
        return False
    if listen():
        return True
    return not send(message)
