"""The routines' ids and titles, read cheaply for the tray's "Start a routine" menu.

Loading the catalog validates every file against the schema (compiling the
validator costs about 18 MB that would then stay in the resident tray all
day). The menu needs only ids and titles, so this reads just those two
fields, in the catalog's order and with its rule that a user routine cannot
take a bundled one's id. A file that is not JSON or lacks them is left out;
the library in the window says what is wrong with it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from backcoach.config import paths
from backcoach.core.control_chars import find_control
from backcoach.core.routine.reading import read_regular_file
from backcoach.core.routine.text import LocalText

_ID = re.compile(r"[a-z0-9][a-z0-9-]{1,63}")
"""The schema's identifier pattern: an id the tray offers must be one ``run`` accepts."""


def routine_files(folder: Path) -> list[Path]:
    """Return the ``*.json`` files directly in ``folder``, sorted; none if it does not exist."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.json") if p.is_file())


def _id_and_title(path: Path, language: str) -> tuple[str, str] | None:
    try:
        data = json.loads(read_regular_file(path).decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return None
    if not isinstance(data, dict):
        return None
    routine_id, title = data.get("id"), data.get("title")
    if not isinstance(routine_id, str) or not _ID.fullmatch(routine_id):
        return None
    if isinstance(title, str):
        title = {"en": title}
    if isinstance(title, dict) and all(isinstance(v, str) for v in title.values()):
        text = LocalText(title).get(language)
    else:
        return None
    if not text or find_control(text) is not None:
        return None  # the loader refuses it too; a menu must not show it
    return (routine_id, text)


def routine_titles(
    language: str, bundled_dir: Path | None = None, user_dir: Path | None = None
) -> list[tuple[str, str]]:
    """Return (id, title in ``language``) for the bundled routines, then the user's."""
    found: list[tuple[str, str]] = []
    seen: set[str] = set()
    folders = (bundled_dir or paths.bundled_routines_dir(), user_dir or paths.user_routines_dir())
    for folder in folders:
        for path in routine_files(folder):
            entry = _id_and_title(path, language)
            if entry is not None and entry[0] not in seen:
                seen.add(entry[0])
                found.append(entry)
    return found
