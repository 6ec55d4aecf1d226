"""User settings, kept as JSON in the config folder.

A missing file means defaults. A file that is not valid JSON is moved aside
under a name of its own (``settings.json.unreadable-YYYYmmdd-HHMMSS[-N]``, an
earlier one is never overwritten) and reported, so nothing the user set is
lost without a word. A file that cannot be read right now (no permission) is
left where it is and reported: moving it would lose it for a passing fault.
Each setting is checked for its type and range; a bad one is reset to its
default and named in the report (``file: /key: sentence``), the others kept.
``try_save_settings`` returns a sentence instead of raising when the folder
cannot be written.
"""

from __future__ import annotations

import dataclasses
import json
import math
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from backcoach import i18n
from backcoach.config import paths
from backcoach.core.atomic import write_text_atomic
from backcoach.core.reminders.sitting import IDLE_THRESHOLD_S_RANGE, INTERVAL_MIN_RANGE
from backcoach.core.reminders.working_hours import WEEKDAYS

SPEECH_RATE_RANGE = (80, 450)
"""Words per minute the speech engines accept (``adapters.speech.rendering`` uses the same)."""


def _default_working_hours() -> dict[str, list[str] | None]:
    hours: dict[str, list[str] | None] = {day: ["08:00", "18:00"] for day in WEEKDAYS[:5]}
    hours.update({"sat": None, "sun": None})
    return hours


THEMES = ("system", "light", "dark", "high-contrast")
"""The ``theme`` setting's values (``ui/app/theme.py``): ``system`` follows the desktop."""


@dataclass
class Settings:
    """Everything the user can set. Unknown keys in the file are kept as they are."""

    language: str = i18n.SYSTEM
    """The one language of the window, tray, nudge, command line and (by default) spoken cues."""
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
    theme: str = "system"
    """``system`` (follow the desktop), ``light``, ``dark`` or ``high-contrast``."""
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class SettingsLoad:
    """The result of reading settings: the values and, if any, what went wrong."""

    settings: Settings
    problem: str | None = None


Check = Callable[[Any], str | None]
"""Return why a value does not fit a setting (a sentence), or None when it fits."""


def _boolean(value: Any) -> str | None:
    return None if isinstance(value, bool) else "is not true or false"


def _text(value: Any) -> str | None:
    return None if isinstance(value, str) and value.strip() else "is not a non-empty text"


def _theme(value: Any) -> str | None:
    return None if value in THEMES else "is not one of " + ", ".join(f'"{t}"' for t in THEMES)


def _optional_text(value: Any) -> str | None:
    return None if value is None or isinstance(value, str) else "is not a text or null"


def _number(low: float, high: float, whole: bool) -> Check:
    kind = "whole number" if whole else "number"

    def check(value: Any) -> str | None:
        ok_type = isinstance(value, int) if whole else isinstance(value, (int, float))
        if isinstance(value, bool) or not ok_type or not math.isfinite(value):
            return f"is not a {kind} from {low:g} to {high:g}"
        if not low <= value <= high:
            return f"is not a {kind} from {low:g} to {high:g}"
        return None

    return check


_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def _working_hours(value: Any) -> str | None:
    if not isinstance(value, dict):
        return "is not an object of weekdays"
    for day, span in value.items():
        if day not in WEEKDAYS:
            return f"has {day!r}, which is not a weekday (mon ... sun)"
        if span is None:
            continue
        if (
            not isinstance(span, list)
            or len(span) != 2
            or not all(isinstance(t, str) and _TIME.match(t) for t in span)
        ):
            return f'has {day}: {span!r}, not ["HH:MM", "HH:MM"] or null'
    return None


_CHECKS: dict[str, Check] = {
    "language": _text,
    "voice": _optional_text,
    "speech_rate": _number(*SPEECH_RATE_RANGE, whole=True),
    "speech_volume": _number(0.0, 1.0, whole=False),
    "reminder_interval_min": _number(*INTERVAL_MIN_RANGE, whole=True),
    "idle_threshold_s": _number(*IDLE_THRESHOLD_S_RANGE, whole=True),
    "working_hours": _working_hours,
    "desk_break_routine": _text,
    "theme": _theme,
}


def _check(key: str, value: Any) -> str | None:
    check = _CHECKS.get(key)
    if check is None:  # every other setting is a switch
        return _boolean(value)
    return check(value)


def _move_aside(path: Path) -> Path:
    """Move ``path`` to a new ``unreadable-`` name (never over an earlier one); ``OSError``."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for counter in range(1, 1000):
        suffix = "" if counter == 1 else f"-{counter}"
        aside = path.with_name(f"{path.name}.unreadable-{stamp}{suffix}")
        try:
            os.link(path, aside)  # fails if the name is taken: nothing is overwritten
        except FileExistsError:
            continue
        os.unlink(path)
        return aside
    raise FileExistsError(f"no free name beside {path}")


def load_settings(path: Path | None = None) -> SettingsLoad:
    """Read settings from ``path`` (default: the user's settings file).

    ``problem`` says, in one message, what could not be used and what was done.
    """
    path = path or paths.settings_path()
    try:
        text = path.read_bytes()
    except FileNotFoundError:
        return SettingsLoad(Settings())
    except OSError as exc:
        reason = exc.strerror or str(exc)
        return SettingsLoad(
            Settings(),
            f"{path}: could not read settings ({reason}); using defaults for now. "
            "The file was left as it is.",
        )
    try:
        raw = json.loads(text.decode("utf-8"))
        if not isinstance(raw, dict):
            raise ValueError("the top level is not an object")
    except (UnicodeDecodeError, ValueError) as exc:
        try:
            where = f"it was moved to {_move_aside(path)}"
        except OSError:
            where = "it was left where it is"
        return SettingsLoad(
            Settings(), f"{path}: could not read settings ({exc}); using defaults, {where}."
        )
    known = {f.name for f in dataclasses.fields(Settings)} - {"extra"}
    values = {k: v for k, v in raw.items() if k in known}
    extra = {k: v for k, v in raw.items() if k not in known}
    defaults = Settings()
    resets = []
    for key, value in list(values.items()):
        why = _check(key, value)
        if why is not None:
            del values[key]  # the default for that key only
            default = json.dumps(getattr(defaults, key))
            resets.append(f"{path}: /{key}: {json.dumps(value)} {why}; reset to {default}.")
    return SettingsLoad(Settings(**values, extra=extra), "\n".join(resets) or None)


_warned_languages: set[str] = set()


_override: str | None = None
"""This process's ``--lang``, once ``apply_language`` was given one."""


def apply_language(settings: Settings, override: str | None = None) -> tuple[str, str | None]:
    """Make the language setting (or ``override``) the one ``i18n._`` translates into.

    Returns the language tag and, the first time for an unknown code in the
    settings, a warning naming the supported languages (the system's language
    is used then). An unknown ``override`` raises ``i18n.UnknownLanguage``.
    """
    global _override
    _override = None
    if override is not None:
        _override = i18n.set_language(override)
        return _override, None
    try:
        return i18n.set_language(settings.language), None
    except i18n.UnknownLanguage:
        tag = i18n.set_language(i18n.SYSTEM)
        if settings.language in _warned_languages:
            return tag, None
        _warned_languages.add(settings.language)
        return tag, (
            f"{paths.settings_path()}: /language: {settings.language!r} is not a language"
            f" BackCoach has; it speaks {i18n.supported_list(i18n.SOURCE_LANGUAGE)}."
            f" Using {i18n.LANGUAGES[tag]}."
        )


def language_tag(settings: Settings) -> str:
    """Return the language tag the setting means (``system`` resolved; unknown: the system's).

    A run's ``--lang`` override (given to ``apply_language``) wins, so a command
    started with ``--lang zh-TW`` plays and plans routines in Chinese too.
    """
    if _override is not None:
        return _override
    try:
        return i18n.resolve(settings.language)
    except i18n.UnknownLanguage:
        return i18n.system_language()


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Write settings atomically."""
    path = path or paths.settings_path()
    data = dataclasses.asdict(settings)
    extra = data.pop("extra")
    data.update(extra)
    write_text_atomic(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def try_save_settings(settings: Settings, path: Path | None = None) -> str | None:
    """Save settings; return None, or a sentence saying they could not be saved and why."""
    path = path or paths.settings_path()
    try:
        save_settings(settings, path)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        return (
            f"{path}: could not save settings ({reason}). The change holds until BackCoach closes."
        )
    return None
