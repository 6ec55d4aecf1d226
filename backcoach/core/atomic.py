"""Write files so that a crash never leaves half of one behind; say in words why one failed."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

from backcoach.i18n import _


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a synced temporary file and an atomic rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    with contextlib.suppress(OSError):
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def write_text_atomic(path: Path, text: str) -> None:
    """Write UTF-8 ``text`` to ``path`` atomically."""
    write_bytes_atomic(path, text.encode("utf-8"))


def write_problem(exc: OSError, path: Path) -> str:
    """Return why ``path`` could not be written, in words."""
    if isinstance(exc, (FileExistsError, NotADirectoryError)):
        return _("{folder} is a file, not a folder").format(folder=path.parent)
    if isinstance(exc, PermissionError):
        return _("you may not write to that folder")
    if exc.errno == errno.ENOSPC:
        return _("the disk is full")
    if exc.errno == errno.EROFS:
        return _("that disk is read-only")
    if isinstance(exc, FileNotFoundError):
        return _("that folder does not exist and cannot be made")
    return (exc.strerror or str(exc)).lower()
