"""Read a file named by the user without hanging or reading without bound.

A path can name a FIFO (opening it waits for a writer for ever), a device such
as ``/dev/zero`` (its size says 0, its content never ends) or a folder. The
file is opened without waiting, checked to be a regular file on the open
descriptor (so it cannot be swapped in between), and read up to the limit
plus one byte, which is enough to tell that it is too large. Light on
purpose: the resident tray's menu reads routine titles with it.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

MAX_FILE_BYTES = 1_000_000
"""The largest routine file BackCoach reads."""

_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


class NotRegularFile(OSError):
    """The path names something other than a file or a folder (a FIFO, a device, a socket)."""


class TooLarge(OSError):
    """The file holds more bytes than allowed; ``size`` is what was seen (at least limit + 1)."""

    def __init__(self, size: int) -> None:
        super().__init__(f"{size} bytes")
        self.size = size


def read_regular_file(path: Path, limit: int = MAX_FILE_BYTES, head: int | None = None) -> bytes:
    """Return the bytes of the regular file at ``path``, at most ``limit`` of them.

    ``head``: return only its first bytes (the size is still checked).
    Raises ``IsADirectoryError`` for a folder, ``NotRegularFile`` for a FIFO,
    device or socket, ``TooLarge`` beyond ``limit`` and ``OSError`` otherwise.
    """
    fd = os.open(path, _OPEN_FLAGS)
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(str(path))
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFile(str(path))
        if info.st_size > limit:
            raise TooLarge(info.st_size)
        chunks: list[bytes] = []
        left = limit + 1 if head is None else min(head, limit + 1)
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
        if len(data) > limit:
            raise TooLarge(len(data))
        return data
    finally:
        os.close(fd)
