"""Where BackCoach keeps its files.

All user data, configuration and cache live under the platformdirs locations
for the app, unless the environment variable ``BACKCOACH_HOME`` is set: then
everything lives below that one folder (``data/``, ``config/``, ``cache/``),
which is what the tests and a portable install use.

Bundled routines and assets are read-only and ship inside the package (in a
wheel) or beside it (in a source checkout).
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "BackCoach"
APP_ID = "io.github.backcoach.BackCoach"
"""The app's reverse-DNS id: its desktop file, icon name, metainfo and Wayland app id."""
HOME_ENV = "BACKCOACH_HOME"

_PACKAGE_DIR = Path(__file__).resolve().parent.parent


def _home_override() -> Path | None:
    value = os.environ.get(HOME_ENV, "").strip()
    return Path(value).expanduser() if value else None


def data_dir() -> Path:
    """Return the user data folder (history database, user routines)."""
    home = _home_override()
    return home / "data" if home else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    """Return the settings folder."""
    home = _home_override()
    if home:
        return home / "config"
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def cache_dir() -> Path:
    """Return the cache folder (pre-rendered speech and the like)."""
    home = _home_override()
    return home / "cache" if home else Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def user_routines_dir() -> Path:
    """Return the folder for the user's own routines."""
    return data_dir() / "routines"


def history_db_path() -> Path:
    """Return the path of the SQLite completion log."""
    return data_dir() / "history.sqlite3"


def settings_path() -> Path:
    """Return the path of the settings file."""
    return config_dir() / "settings.json"


def _bundled(name: str) -> Path:
    installed = _PACKAGE_DIR / "_bundled" / name
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent / name


def bundled_routines_dir() -> Path:
    """Return the read-only folder of routines shipped with BackCoach."""
    return _bundled("routines")


def assets_dir() -> Path:
    """Return the read-only folder of sounds and illustrations shipped with BackCoach."""
    return _bundled("assets")


def ensure_dir(path: Path) -> Path:
    """Create ``path`` (and parents) if missing and return it."""
    path.mkdir(parents=True, exist_ok=True)
    return path
