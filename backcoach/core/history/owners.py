"""Which running BackCoach owns an in-progress session.

Each open log holds an exclusive lock on a small file named by a random token
(``<db>.owners/<token>.lock``) for as long as it is open, and writes that token
into the sessions it is recording. The operating system drops the lock when
the process ends, however it ends (SIGKILL and power cuts included). So another
process can tell a live session from an abandoned one by trying the lock:
if it can take it, the owner is gone. Unlike a process id, a token is never
reused, and a second instance never mistakes a live session for a dead one.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
import time
import uuid
from pathlib import Path

_STALE_AFTER_S = 60.0
"""A token file is locked microseconds after it is made; older unheld ones are leftovers."""
_BUSY = {errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK, errno.EDEADLK}


def _try_lock(fd: int) -> bool | None:
    """Lock ``fd`` without waiting: True if taken, False if held elsewhere, None if unknown."""
    try:
        if sys.platform == "win32":
            import msvcrt

            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        return False if exc.errno in _BUSY else None
    return True


def _lock_waiting(fd: int) -> None:
    """Lock ``fd``, waiting while another process briefly probes it (``OSError`` if impossible)."""
    if sys.platform == "win32":
        import msvcrt

        msvcrt.locking(fd, msvcrt.LK_LOCK, 1)  # retries for up to 10 s
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX)


def _unlock(fd: int) -> None:
    with contextlib.suppress(OSError):
        if sys.platform == "win32":
            import msvcrt

            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_UN)


class OwnerLock:
    """A claim on the sessions this process records, held until ``release``."""

    def __init__(self, folder: Path) -> None:
        """Create ``folder`` if needed and lock a fresh token file in it (``OSError`` if not)."""
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.token = uuid.uuid4().hex
        self.path = folder / f"{self.token}.lock"
        self._fd: int | None = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644)
        try:
            os.write(self._fd, f"{os.getpid()}\n".encode())
            os.lseek(self._fd, 0, os.SEEK_SET)
            _lock_waiting(self._fd)
        except BaseException:
            os.close(self._fd)
            with contextlib.suppress(OSError):
                self.path.unlink()
            raise

    def release(self) -> None:
        """Drop the lock and remove the token file."""
        if self._fd is None:
            return
        _unlock(self._fd)
        os.close(self._fd)
        self._fd = None
        with contextlib.suppress(OSError):
            self.path.unlink()


def owner_alive(folder: Path, token: str | None) -> bool:
    """Return True if the process that holds ``token`` is still running.

    A missing token file or one nobody holds means the owner is gone (its file
    is then removed). If the lock cannot be tried at all, the owner is
    presumed alive: a live session is never declared dead on a guess.
    """
    if not token:
        return False
    path = folder / f"{token}.lock"
    try:
        fd = os.open(path, os.O_RDWR)
    except FileNotFoundError:
        return False
    except OSError:
        return True
    try:
        taken = _try_lock(fd)
        if taken:
            _unlock(fd)
    finally:
        os.close(fd)
    if taken:
        with contextlib.suppress(OSError):
            path.unlink()
        return False
    return True


def abandoned(folder: Path) -> list[str]:
    """Return the tokens whose files no running process holds: runs that never closed the log."""
    found = []
    with contextlib.suppress(OSError):
        for path in folder.glob("*.lock"):
            try:
                fd = os.open(path, os.O_RDWR)
            except OSError:
                continue
            try:
                if _try_lock(fd):
                    _unlock(fd)
                    found.append(path.stem)
            finally:
                os.close(fd)
    return found


def sweep_stale(folder: Path, keep: str, now: float | None = None) -> None:
    """Remove token files older than a minute that no running process holds (never ``keep``)."""
    now = time.time() if now is None else now
    with contextlib.suppress(OSError):
        for path in folder.glob("*.lock"):
            if path.stem == keep:
                continue
            with contextlib.suppress(OSError):
                if now - path.stat().st_mtime > _STALE_AFTER_S:
                    owner_alive(folder, path.stem)
