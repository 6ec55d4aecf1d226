"""Give back memory that only start-up needed, so the tray idles small.

Two things stay behind after start-up:

- Python's source-line cache (``linecache``): PySide6 installs an import hook
  that reads the source of every module imported after it (to see whether it
  uses ``__feature__``), and those lines stay cached, megabytes of text that
  only a traceback would ever need again (it reloads them on demand);
- pages that glibc's allocator keeps after many small blocks were freed;
  ``malloc_trim(0)`` returns them to the operating system (on Linux only).
"""

from __future__ import annotations

import ctypes
import linecache
import sys


def release_free_memory() -> None:
    """Drop the source-line cache and return freed heap pages to the OS."""
    linecache.clearcache()
    if not sys.platform.startswith("linux"):
        return
    try:
        trim = ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc (e.g. musl)
        return
    trim.argtypes = [ctypes.c_size_t]
    trim(0)
