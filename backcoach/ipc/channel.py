"""A per-user Unix socket that carries one-line messages between BackCoach processes.

Used for "one BackCoach per user" (a later launch hands its wish to the
running one) and between the resident tray process and the app. No Qt: the
resident process watches ``fileno()`` in its own loop; the app wraps it in a
``QSocketNotifier``. A message is one line; ``request`` also reads one line
back, for the few messages that have an answer.

Safety: the sockets live in a folder only this user can enter (checked at
every start, see ``channel_folder``), and each end checks that the process at
the other end is this user's (``SO_PEERCRED``). A listener never blocks on a
client: reads are non-blocking, a client that has not said its line within
``TIMEOUT_S`` is dropped, and a full queue (EAGAIN) means "busy", never "gone":
only "refused" or "no such file" mark a socket as left by a crash.
"""

from __future__ import annotations

import contextlib
import errno
import getpass
import os
import selectors
import socket
import stat
import struct
import sys
import tempfile
import time
import zlib
from collections.abc import Callable
from pathlib import Path

from backcoach.config import paths

TIMEOUT_S = 0.5
"""How long a sender waits, and how long a listener keeps a client that has not said its line."""
_MAX_MESSAGE = 4096
_MAX_CLIENTS = 32
"""Connections kept at once while their line arrives; the oldest is dropped beyond."""
_ACCEPT_PER_CALL = 16
_GRACE_S = 0.02
"""How long ``receive`` gives a connection it has just accepted to send its line."""
_STALE = (errno.ECONNREFUSED, errno.ENOENT)
"""The only answers that mean nobody is there: a busy listener gives EAGAIN."""

Reply = Callable[[str], None]


class UnsafeFolder(OSError):
    """The folder for the sockets is not private to this user; ``str(error)`` says why."""


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


def _private(folder: Path) -> str | None:
    """Return why ``folder`` is not a private folder of this user, or None if it is one."""
    info = os.lstat(folder)
    if not stat.S_ISDIR(info.st_mode):
        return "it is not a folder"
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        return "it belongs to another user"
    if stat.S_IMODE(info.st_mode) & 0o077:
        return "other users may use it"
    return None


def channel_folder() -> Path:
    """Return the private folder for the sockets, checked now; ``UnsafeFolder`` if it is not.

    ``$XDG_RUNTIME_DIR`` when it is set and private, else ``backcoach-<uid>``
    in the temp folder, created with mode 0700 (never followed if it is a link).
    """
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    if runtime and os.path.isdir(runtime) and _private(Path(runtime)) is None:
        return Path(runtime)
    uid = os.getuid() if hasattr(os, "getuid") else 0
    folder = Path(tempfile.gettempdir()) / f"backcoach-{uid}"
    with contextlib.suppress(FileExistsError):
        folder.mkdir(mode=0o700)
    problem = _private(folder)
    if problem is not None:
        raise UnsafeFolder(
            f"BackCoach does not use {folder} for its sockets: {problem}. "
            "Only one BackCoach can be told apart from another until it is removed."
        )
    return folder


def channel_path(key: str) -> Path:
    """Return where the socket for ``key`` lives (see ``channel_folder``)."""
    return channel_folder() / f"{key}.sock"


def _peer_is_this_user(sock: socket.socket) -> bool:
    """Return False if the process at the other end belongs to another user (Linux)."""
    option = getattr(socket, "SO_PEERCRED", None)
    if option is None or not hasattr(os, "getuid"):
        return True  # no way to ask: the private folder is the only guard
    try:
        creds = sock.getsockopt(socket.SOL_SOCKET, option, struct.calcsize("3i"))
    except OSError:
        return False
    _pid, uid, _gid = struct.unpack("3i", creds)
    return uid == os.getuid()


class _Client:
    """A connection accepted by the listener, waiting for its line."""

    def __init__(self, sock: socket.socket, deadline: float) -> None:
        self.sock = sock
        self.deadline = deadline
        self.data = b""


class UnixChannel:
    """One end of a named Unix socket: send to whoever listens, or listen yourself."""

    def __init__(self, key: str) -> None:
        """Use the socket named after ``key`` (in the private folder, checked now)."""
        self.problem: str | None = None
        """Why this channel cannot be used (the folder is not private), or None."""
        try:
            self.path = channel_path(key)
        except UnsafeFolder as exc:
            self.problem = str(exc)
            self.path = Path(tempfile.gettempdir()) / f"backcoach-{key}-unsafe" / f"{key}.sock"
        self._server: socket.socket | None = None
        self._selector: selectors.BaseSelector | None = None
        self._clients: dict[int, _Client] = {}

    def request(self, message: str, *, wait_reply: bool = True) -> str | None:
        """Send ``message``; return the answer line ("" if none), or None if nobody listens.

        A listener that is busy (its queue full, or slow to answer) counts as
        there: "". A listener of another user is taken for nobody.
        """
        if self.problem is not None:
            return None
        deadline = time.monotonic() + TIMEOUT_S
        connected = False
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
            client.settimeout(TIMEOUT_S)
            try:
                if not self._connect(client, deadline):
                    return ""
                if not _peer_is_this_user(client):
                    return None
                connected = True
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
                return "" if connected else None
        return data.decode(errors="replace").strip()

    def _connect(self, client: socket.socket, deadline: float) -> bool:
        """Connect; False if the listener stayed too busy to take us before ``deadline``."""
        while True:
            try:
                client.connect(str(self.path))
                return True
            except BlockingIOError:  # its queue is full: it is there, only busy
                if time.monotonic() >= deadline:
                    return False
                time.sleep(0.02)

    def send(self, message: str) -> bool:
        """Send ``message``; return False when nobody listens."""
        return self.request(message, wait_reply=False) is not None

    def listen(self) -> bool:
        """Start listening (replacing a socket file left by a crash); False if it cannot.

        False too when another process already listens: its socket is left alone,
        so two launches in the same instant cannot both believe they are the first.
        """
        if self.problem is not None:
            print(self.problem, file=sys.stderr)
            return False
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
        self._selector = selectors.DefaultSelector()
        self._selector.register(server, selectors.EVENT_READ)
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
        """Return True unless the socket file is stale: refused, or gone."""
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
            probe.settimeout(TIMEOUT_S)
            try:
                probe.connect(str(self.path))
            except OSError as exc:
                return exc.errno not in _STALE  # busy (EAGAIN) or slow: someone is there
        return True

    @property
    def listening(self) -> bool:
        """Return True while this end listens."""
        return self._server is not None

    def fileno(self) -> int:
        """Return a descriptor that is readable when ``receive`` has something to do."""
        if self._selector is None:
            raise RuntimeError("the channel is not listening")
        fileno = getattr(self._selector, "fileno", None)
        return fileno() if fileno is not None else self._server.fileno()  # type: ignore[union-attr]

    def receive(self, on_message: Callable[[str, Reply], None]) -> None:
        """Hand each complete line waiting to ``on_message(line, reply)``; never blocks.

        New connections are accepted (a few per call, so a flood cannot hold
        up the caller's loop), each is read as its data arrives, and one that
        has not sent its line within ``TIMEOUT_S``, or belongs to another
        user, is dropped.
        """
        if self._selector is None or self._server is None:
            return
        accepted = self._accept()
        timeout = _GRACE_S if accepted else 0
        for key, _events in self._selector.select(timeout):
            if key.fileobj is self._server:
                continue
            client = self._clients.get(key.fd)
            if client is not None:
                self._read(client, on_message)
        if accepted:  # a line sent just after connecting: read it now rather than next time
            for client in list(self._clients.values()):
                if client.sock in accepted:
                    self._read(client, on_message)
        now = time.monotonic()
        for client in list(self._clients.values()):
            if now > client.deadline:
                self._drop(client)

    def _accept(self) -> list[socket.socket]:
        accepted = []
        assert self._server is not None and self._selector is not None
        for _ in range(_ACCEPT_PER_CALL):
            try:
                connection, _ = self._server.accept()
            except OSError:
                break
            if not _peer_is_this_user(connection):
                connection.close()
                continue
            connection.setblocking(False)
            if len(self._clients) >= _MAX_CLIENTS:
                self._drop(min(self._clients.values(), key=lambda c: c.deadline))
            client = _Client(connection, time.monotonic() + TIMEOUT_S)
            self._clients[connection.fileno()] = client
            self._selector.register(connection, selectors.EVENT_READ)
            accepted.append(connection)
        return accepted

    def _read(self, client: _Client, on_message: Callable[[str, Reply], None]) -> None:
        """Read what has arrived; once the line (or the end) is in, hand it over and close."""
        if client.sock.fileno() < 0:
            return
        ended = False
        while True:
            try:
                chunk = client.sock.recv(_MAX_MESSAGE)
            except BlockingIOError:
                break
            except OSError:
                self._drop(client)
                return
            if not chunk:
                ended = True
                break
            client.data += chunk
            if len(client.data) >= _MAX_MESSAGE:
                break
        if not (ended or b"\n" in client.data or len(client.data) >= _MAX_MESSAGE):
            return
        connection = client.sock

        def reply(text: str) -> None:
            with contextlib.suppress(OSError):
                connection.sendall(f"{text}\n".encode())

        try:
            for line in client.data.decode(errors="replace").splitlines():
                if line.strip():
                    on_message(line.strip(), reply)
        finally:
            self._drop(client)

    def _drop(self, client: _Client) -> None:
        fd = client.sock.fileno()
        self._clients.pop(fd, None)
        if self._selector is not None and fd >= 0:
            with contextlib.suppress(KeyError, ValueError):
                self._selector.unregister(client.sock)
        client.sock.close()

    def close(self) -> None:
        """Stop listening and remove the socket file."""
        for client in list(self._clients.values()):
            self._drop(client)
        if self._selector is not None:
            self._selector.close()
            self._selector = None
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
