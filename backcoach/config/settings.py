"""User settings, kept as JSON in the config folder.

A missing file means defaults. A file that cannot be read is moved aside
(``settings.json.unreadable-YYYYmmdd-HHMMSS``) and reported, never silently
overwritten, so nothing the user set is lost without a word.
"""

from __future__ import annotations

import dataclasses
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from backcoach.config import paths
from backcoach.core.atomic import write_text_atomic
from backcoach.core.reminders.working_hours import WEEKDAYS


def _default_working_hours() -> dict[str, list[str] | None]:
    hours: dict[str, list[str] | None] = {day: ["08:00", "18:00"] for day in WEEKDAYS[:5]}
    hours.update({"sat": None, "sun": None})
    return hours


@dataclass
class Settings:
    """Everything the user can set. Unknown keys in the file are kept as they are."""

    language: str = "en"
    voice: str | None = None
    speech_rate: int = 165
    speech_volume: float = 1.0
    muted: bool = False
    beeps: bool = True
    safety_acknowledged: bool = False
    reminders_enabled: bool = True
    reminder_interval_min: int = 30
    idle_threshold_s: int = 300
    spoken_prompt: bool = True
    working_hours_enabled: bool = False
    working_hours: dict[str, list[str] | None] = field(default_factory=_default_working_hours)
    respect_fullscreen: bool = True
    autostart: bool = False
    desk_break_routine: str = "desk-break"
    tray_hint_shown: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class SettingsLoad:
    """The result of reading settings: the values and, if any, what went wrong."""

    settings: Settings
    problem: str | None = None


def load_settings(path: Path | None = None) -> SettingsLoad:
    """Read settings from ``path`` (default: the user's settings file)."""
    path = path or paths.settings_path()
    if not path.exists():
        return SettingsLoad(Settings())
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(raw, dict):
            raise ValueError("the top level is not an object")
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        aside = path.with_name(f"{path.name}.unreadable-{time.strftime('%Y%m%d-%H%M%S')}")
        try:
            path.replace(aside)
            where = f"it was moved to {aside}"
        except OSError:
            where = "it was left where it is"
        return SettingsLoad(
            Settings(), f"{path}: could not read settings ({exc}); using defaults, {where}."
        )
    known = {f.name for f in dataclasses.fields(Settings)} - {"extra"}
    values = {k: v for k, v in raw.items() if k in known}
    extra = {k: v for k, v in raw.items() if k not in known}
    defaults = Settings()
    for key, value in list(values.items()):
        expected = type(getattr(defaults, key))
        if getattr(defaults, key) is not None and not isinstance(value, expected):
            if expected is float and isinstance(value, int):
                continue
            del values[key]  # wrong type: fall back to the default for that key only
    return SettingsLoad(Settings(**values, extra=extra))


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Write settings atomically."""
    path = path or paths.settings_path()
    data = dataclasses.asdict(settings)
    extra = data.pop("extra")
    data.update(extra)
    write_text_atomic(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")
