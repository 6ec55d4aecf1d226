"""What start-up leaves behind: memory to give back, and a heap to settle.

Two things stay behind after start-up that ``release_free_memory`` gives back, so the
tray idles small:

- Python's source-line cache (``linecache``): PySide6 installs an import hook
  that reads the source of every module imported after it (to see whether it
  uses ``__feature__``), and those lines stay cached, megabytes of text that
  only a traceback would ever need again (it reloads them on demand);
- pages that glibc's allocator keeps after many small blocks were freed;
  ``malloc_trim(0)`` returns them to the operating system (on Linux only).

And start-up's objects stay for good (modules, classes, the windows): ``settle_heap``
takes them out of the cyclic garbage collector's sight, so its full collections, which
come every few hundred edits or steps, look only at what came later.
"""

from __future__ import annotations

import ctypes
import gc
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


def settle_heap() -> None:
    """Collect start-up's garbage, then move every object left into the permanent generation.

    ``gc.freeze``: frozen objects are still freed by reference counting, only never
    examined for cycles again. A full collection in the editor of a 200-step routine
    took 77-90 ms before and 8-27 ms after (``bench/editor_bench.py``, docs/benchmarks.md).
    Call it once, when the windows the process keeps are built.
    """
    gc.collect()
    gc.freeze()
