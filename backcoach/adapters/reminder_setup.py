"""Setting up break reminders from the settings, shared by the Qt app and the resident tray.

Reads the tracker's configuration (with a run's overrides), finds this
desktop's idle source and quiet-time checks, and makes the sitting tracker.
No Qt: the resident tray process uses it too.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Callable

from backcoach.adapters.idle import WallClockIdle, detect_idle_source
from backcoach.adapters.quiet import detect_quiet_check
from backcoach.config import paths
from backcoach.config.settings import Settings, apply_language, load_settings, try_save_settings
from backcoach.core.clock import SystemClock
from backcoach.core.reminders.break_log import BreakLog, NullBreakLog
from backcoach.core.reminders.sitting import SittingTracker, TrackerConfig
from backcoach.core.reminders.tray_menu import TRAY_HINT_TEXT, TRAY_HINT_TITLE
from backcoach.i18n import N_, _

NO_IDLE_NOTICE = N_("Idle time unknown: all time at the computer counts")
REMINDERS_OFF = N_("Break reminders are off in the settings")
"""Tray menu notices, marked for the catalog (``_(REMINDERS_OFF)`` where shown)."""


def tracker_config(
    settings: Settings, interval_min: float | None, idle_threshold_s: float | None
) -> tuple[TrackerConfig, list[str]]:
    """Return the tracker settings with this run's overrides, and any problem to report."""
    problems: list[str] = []
    try:
        config = TrackerConfig.from_settings(settings)
    except ValueError as exc:
        problems.append(f"{paths.settings_path()}: {exc}; working hours are ignored for now.")
        no_hours = dataclasses.replace(settings, working_hours_enabled=False)
        config = TrackerConfig.from_settings(no_hours)
    if interval_min is not None:
        config = dataclasses.replace(config, interval_s=interval_min * 60)
    if idle_threshold_s is not None:
        config = dataclasses.replace(config, idle_threshold_s=idle_threshold_s)
    return config, problems


def make_tracker(
    settings: Settings, config: TrackerConfig, break_log: BreakLog | None = None
) -> SittingTracker:
    """Return a sitting tracker on this desktop's idle source and quiet-time checks."""
    return SittingTracker(
        SystemClock(),
        detect_idle_source(),
        config,
        quiet=detect_quiet_check(respect_fullscreen=settings.respect_fullscreen),
        break_log=break_log or NullBreakLog(),
    )


def reconfigure(
    tracker: SittingTracker,
    settings: Settings,
    interval_min: float | None = None,
    idle_threshold_s: float | None = None,
) -> list[str]:
    """Make a running ``tracker`` follow changed ``settings`` (with this run's overrides).

    Returns problems to tell the user.
    """
    config, problems = tracker_config(settings, interval_min, idle_threshold_s)
    tracker.reconfigure(config, detect_quiet_check(respect_fullscreen=settings.respect_fullscreen))
    return problems


def idle_notice(tracker: SittingTracker) -> str | None:
    """Return the tray menu's notice when input cannot be measured here, else None."""
    return _(NO_IDLE_NOTICE) if isinstance(tracker.idle_source, WallClockIdle) else None


def start_up_messages(tracker: SittingTracker) -> list[str]:
    """Return what to tell the user at start about how sitting is measured."""
    messages = [_("Idle detection: {source}.").format(source=tracker.idle_source.name)]
    if isinstance(tracker.idle_source, WallClockIdle):
        messages.append(
            _(
                "No way to read keyboard and mouse activity on this desktop: "
                "every minute the computer is awake counts as sitting."
            )
        )
    return messages


def spoken_prompt_hook(settings: Settings, speak: Callable[[str], None]) -> Callable[[str], None]:
    """Return a ``speak`` that follows the live ``spoken_prompt`` and mute settings."""

    def say(text: str) -> None:
        if settings.spoken_prompt and not settings.muted:
            speak(text)

    return say


def tray_start(
    interval_min: float | None, idle_threshold_s: float | None, language: str | None = None
) -> tuple[Settings, TrackerConfig]:
    """Load the settings and the tracker's configuration for a tray run, reporting problems.

    Problems (an unreadable settings file, bad working hours) go to standard
    error; the tray starts anyway with what could be read. ``language``: this
    run's language instead of the setting's.
    """
    loaded = load_settings()
    _tag, language_problem = apply_language(loaded.settings, language)
    config, problems = tracker_config(loaded.settings, interval_min, idle_threshold_s)
    for problem in [loaded.problem, language_problem, *problems]:
        if problem:
            print(problem, file=sys.stderr)
    return loaded.settings, config


def when_due_line(enabled: bool, config: TrackerConfig) -> str:
    """Return the start-up line's last sentence: when a break is due, or that reminders are off."""
    if enabled:
        minutes = f"{config.interval_s / 60:g}"
        return _("A break is due after {minutes} min of sitting.").format(minutes=minutes)
    return _("Break reminders are off in the settings.")


def say_tray_hint_once(settings: Settings, announce: Callable[[str, str], object]) -> None:
    """Say, the first time only, that closing the window leaves BackCoach in the tray.

    That it was said is saved in the settings file.
    """
    if settings.tray_hint_shown:
        return
    announce(_(TRAY_HINT_TITLE), _(TRAY_HINT_TEXT))
    settings.tray_hint_shown = True
    problem = try_save_settings(settings)
    if problem:
        print(problem, file=sys.stderr)
