"""Which libespeak-ng the speech worker speaks with, and what it will say as phonemes.

Debian 12's espeak-ng 1.51 reads Chinese through a broken Mandarin
dictionary: 吸氣 ("breathe in") comes out as English words
(``(en)zɪwˈɒn kɪfˈɔː(cmn)``). espeak-ng 1.52 reads it as Mandarin
(``ɕˈi5 tɕhˈi5``). On Linux BackCoach depends on the ``espeakng-loader``
package, which ships libespeak-ng 1.52 with its data, and the worker uses
that copy:

- ``use_bundled_library()`` runs in the worker before pyttsx3 is imported.
  It points ``ESPEAK_DATA_PATH`` at the bundled data and loads the bundled
  library. pyttsx3's espeak driver then opens ``libespeak-ng.so.1`` by its
  soname, and the dynamic linker hands it the copy already loaded. Without
  the package (or with ``BACKCOACH_ESPEAK=system``) nothing changes and
  pyttsx3 finds the system library as before.
- ``text_to_phonemes()`` asks that same library (``espeak_TextToPhonemes``)
  how it will read a text, in IPA. A word read by another language's rules
  is wrapped in markers such as ``(en)...(cmn)``; ``language_switches()``
  finds them.

Only the worker process loads a speech library; the rest of BackCoach uses
the pure helpers here (``language_switches``).
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

LIBRARY_ENV = "BACKCOACH_ESPEAK"
"""``system`` makes the worker use the system's libespeak-ng instead of the bundled one."""

DATA_PATH_ENV = "ESPEAK_DATA_PATH"
SONAME = "libespeak-ng.so.1"
PHONEMES_IPA = 0x02  # espeak_TextToPhonemes phonememode bit 1: IPA as UTF-8
TEXT_UTF8 = 1  # espeakCHARS_UTF8

# "(en)" or "(cmn)" or "(en-us)": where espeak-ng switches to another language's rules.
_SWITCH = re.compile(r"\(([a-z]{2,3}(?:-[a-z0-9]+)*)\)")


@dataclass(frozen=True)
class BundledEspeak:
    """The libespeak-ng shipped by the ``espeakng-loader`` package."""

    library: Path
    data: Path


def bundled_espeak() -> BundledEspeak | None:
    """Return the bundled libespeak-ng and its data, or None where there is none.

    Only on Linux (Windows and macOS speak through SAPI5 and NSSpeechSynthesizer),
    and only when ``espeakng-loader`` is installed with both its files present.
    The package is located without being imported.
    """
    if not sys.platform.startswith("linux"):
        return None
    try:
        spec = importlib.util.find_spec("espeakng_loader")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations)))
    library, data = folder / SONAME, folder / "espeak-ng-data"
    if not library.is_file():
        library = folder / "libespeak-ng.so"
    if not library.is_file() or not (data / "phontab").is_file():
        return None
    return BundledEspeak(library=library, data=data)


def use_bundled_library() -> str:
    """In the worker, before pyttsx3 loads espeak: load the bundled library if there is one.

    Return a short description of the library that will be used, for the
    worker's hello (``bundled ...`` or ``system``).
    """
    if os.environ.get(LIBRARY_ENV, "").strip().lower() == "system":
        return "system (BACKCOACH_ESPEAK=system)"
    bundled = bundled_espeak()
    if bundled is None:
        return "system (espeakng-loader is not installed)"
    previous = os.environ.get(DATA_PATH_ENV)
    # The data must match the library's version, so the bundled data wins.
    os.environ[DATA_PATH_ENV] = str(bundled.data)
    try:
        ctypes.CDLL(str(bundled.library))
    except OSError as exc:
        if previous is None:
            os.environ.pop(DATA_PATH_ENV, None)
        else:
            os.environ[DATA_PATH_ENV] = previous
        return f"system (the bundled library did not load: {exc})"
    return f"bundled {bundled.library}"


def library_info(dll: ctypes.CDLL) -> tuple[str, str]:
    """Return espeak-ng's version and the data folder it reads, from ``espeak_Info``."""
    info = dll.espeak_Info
    info.restype = ctypes.c_char_p
    info.argtypes = [ctypes.POINTER(ctypes.c_char_p)]
    data = ctypes.c_char_p()
    version = info(ctypes.byref(data)) or b""
    return version.decode("ascii", "replace"), (data.value or b"").decode("utf-8", "replace")


def text_to_phonemes(dll: ctypes.CDLL, text: str) -> str:
    """Return how espeak-ng's current voice reads ``text``, in IPA, clause by clause.

    ``dll`` must be initialised with a voice set (the worker's pyttsx3 engine
    has done both). Clauses are joined with a space.
    """
    function = dll.espeak_TextToPhonemes
    function.restype = ctypes.c_char_p
    function.argtypes = [ctypes.POINTER(ctypes.c_void_p), ctypes.c_int, ctypes.c_int]
    buffer = ctypes.create_string_buffer(text.encode("utf-8"))
    position = ctypes.c_void_p(ctypes.addressof(buffer))
    clauses: list[str] = []
    end = ctypes.addressof(buffer) + len(buffer) - 1
    while position.value and position.value < end:
        before = position.value
        clause = function(ctypes.byref(position), TEXT_UTF8, PHONEMES_IPA)
        if clause:
            clauses.append(clause.decode("utf-8", "replace").strip())
        if position.value == before:  # no progress: stop rather than loop
            break
    return " ".join(c for c in clauses if c)


def language_switches(phonemes: str, own: str | None = None) -> list[str]:
    """Return the languages ``phonemes`` switches to, in order, other than ``own``.

    ``own`` is the voice's language as espeak-ng names it (``cmn``, ``da``,
    ``en-gb``); markers of the same base language (the switch back) are not
    switches away. Without ``own``, every other marker is taken as the way back.
    """
    found = [m.group(1) for m in _SWITCH.finditer(phonemes)]
    if own is None:
        away = found[::2]  # espeak-ng marks each switch away, then the way back
    else:
        base = own.lower().split("-")[0]
        away = [x for x in found if x.split("-")[0] != base]
    return list(dict.fromkeys(away))
