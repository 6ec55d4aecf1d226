"""The tray menu as data: what it lists, independent of how a desktop draws it.

Both trays BackCoach can show (a StatusNotifierItem over D-Bus from the
resident process, Qt's ``QSystemTrayIcon`` with a ``QMenu``) render the same
tree of ``MenuItem``s, built afresh each time the menu opens so its first
line tells the time until the next break without any timer ticking in the
background. Choosing an item hands its ``key`` back to
``TrayMenuSource.activate``, and ``carry_out`` turns it into the call both
trays make.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Protocol

from backcoach.core.reminders.sitting import SittingStatus
from backcoach.i18n import N_, _, ngettext

TRAY_HINT_TITLE = N_("BackCoach is still running")
TRAY_HINT_TEXT = N_(
    "It keeps counting your sitting time in the system tray. "
    "Choose Quit BackCoach from the tray menu to end it."
)
"""Said once, the first time closing the window leaves BackCoach running in the tray.

Marked for the catalog; translate where shown: ``_(TRAY_HINT_TITLE)``."""

PAUSE_CHOICES: tuple[tuple[str, float], ...] = (
    (N_("For 30 minutes"), 1800.0),
    (N_("For 1 hour"), 3600.0),
)
"""The pause submenu: labels marked for the catalog (translate with ``_`` when shown)."""

# Keys of the items a user can choose.
OPEN = "open"
DESK_BREAK = "desk-break"
ROUTINE_PREFIX = "routine:"
PAUSE_PREFIX = "pause:"
PAUSE_TOMORROW = "pause:tomorrow"
RESUME = "resume"
SETTINGS = "settings"
QUIT = "quit"


@dataclass(frozen=True)
class MenuItem:
    """One line of the menu: a choice, a greyed information line, a submenu or a separator."""

    key: str
    """What ``activate`` receives; empty for information lines and separators."""
    label: str
    enabled: bool = True
    children: tuple[MenuItem, ...] = ()
    separator: bool = False


SEPARATOR = MenuItem("", "", enabled=False, separator=True)


def info(label: str) -> MenuItem:
    """Return a greyed line that only informs (the status, a notice)."""
    return MenuItem("", label, enabled=False)


class TrayMenuSource(Protocol):
    """What a tray icon shows and where the user's choice goes."""

    def menu_items(self) -> Sequence[MenuItem]:
        """Return the menu as it should look now (called each time it opens)."""
        ...

    def activate(self, key: str) -> None:
        """Carry out the item with ``key`` the user chose (or ``OPEN`` for a click on the icon)."""
        ...

    def tooltip(self) -> str:
        """Return the icon's tooltip, e.g. "BackCoach - Next break in 12 min"."""
        ...


def status_line(status: SittingStatus, tz: tzinfo | None = None) -> str:
    """Return the menu's first line for ``status`` (times shown in ``tz``, default local)."""
    if status.paused_until is not None:
        until = datetime.fromtimestamp(status.paused_until, tz)
        today = datetime.fromtimestamp(status.at, tz).date()
        if until.date() > today and (until.hour, until.minute) == (0, 0):
            return _("Reminders paused until tomorrow")
        return _("Reminders paused until {time}").format(time=f"{until:%H:%M}")
    if status.nudge_open:
        return _("A break is due now")
    if status.away:
        return _("You are on a break")
    if status.outside_hours:
        return _("Outside working hours: no reminders")
    if status.due_in_s <= 0:
        return _("A break is due now")
    if status.due_in_s < 60:
        return _("Next break in under a minute")
    minutes = math.ceil(status.due_in_s / 60)
    return ngettext("Next break in {n} min", "Next break in {n} min", minutes).format(n=minutes)


def build_tray_menu(
    status: SittingStatus | None,
    *,
    notice: str | None = None,
    routines: Sequence[tuple[str, str]] = (),
    can_open: bool = True,
    tz: tzinfo | None = None,
) -> tuple[MenuItem, ...]:
    """Return BackCoach's tray menu for the tracker's ``status``.

    ``status`` None: reminders are off (``notice`` then says so). ``routines``:
    (id, title) pairs for "Start a routine". ``can_open``: offer "Open BackCoach"
    and "Settings…" (a window can be shown).
    """
    items: list[MenuItem] = []
    if status is not None:
        items.append(info(status_line(status, tz)))
    if notice:
        items.append(info(notice))
    items.append(SEPARATOR)
    if can_open:
        items.append(MenuItem(OPEN, _("Open BackCoach")))
    items.append(MenuItem(DESK_BREAK, _("Start desk break")))
    if routines:
        children = tuple(MenuItem(ROUTINE_PREFIX + rid, title) for rid, title in routines)
        items.append(MenuItem("", _("Start a routine"), children=children))
    if status is not None:
        if status.paused_until is None:
            pauses = tuple(
                MenuItem(f"{PAUSE_PREFIX}{seconds:g}", _(label)) for label, seconds in PAUSE_CHOICES
            )
            tomorrow = MenuItem(PAUSE_TOMORROW, _("Until tomorrow"))
            items.append(MenuItem("", _("Pause reminders"), children=(*pauses, tomorrow)))
        else:
            items.append(MenuItem(RESUME, _("Resume reminders")))
    items.append(SEPARATOR)
    if can_open:
        items.append(MenuItem(SETTINGS, _("Settings…")))
    items.append(MenuItem(QUIT, _("Quit BackCoach")))
    return tuple(items)


def pause_seconds(key: str) -> float | None:
    """Return the seconds of a ``pause:<seconds>`` key, or None for any other key."""
    if not key.startswith(PAUSE_PREFIX) or key == PAUSE_TOMORROW:
        return None
    try:
        return float(key[len(PAUSE_PREFIX) :])
    except ValueError:
        return None


class ReminderActions(Protocol):
    """The reminder side of the menu's choices (``ReminderDriver`` has these)."""

    def start_desk_break(self) -> None: ...

    def start_routine(self, routine_id: str) -> None: ...

    def pause_for(self, seconds: float) -> None: ...

    def pause_until_tomorrow(self) -> None: ...

    def resume_reminders(self) -> None: ...


class AppActions(Protocol):
    """The app side of the menu's choices: windows and quitting."""

    def open(self) -> None: ...

    def open_settings(self) -> None: ...

    def quit(self) -> None: ...


def carry_out(key: str, reminders: ReminderActions, app: AppActions) -> None:
    """Make the call the menu item ``key`` stands for (unknown keys do nothing)."""
    seconds = pause_seconds(key)
    if key == OPEN:
        app.open()
    elif key == DESK_BREAK:
        reminders.start_desk_break()
    elif key.startswith(ROUTINE_PREFIX):
        reminders.start_routine(key[len(ROUTINE_PREFIX) :])
    elif seconds is not None:
        reminders.pause_for(seconds)
    elif key == PAUSE_TOMORROW:
        reminders.pause_until_tomorrow()
    elif key == RESUME:
        reminders.resume_reminders()
    elif key == SETTINGS:
        app.open_settings()
    elif key == QUIT:
        app.quit()
