"""Every word BackCoach processes say to each other, in one module that both ends import.

Three channels carry one line per message:

- the app's channel (``ipc.channel.instance_key()``), where the app window listens
  (``ui.app.single_instance``): wishes from the tray menu, the nudge and later launches;
- the tray's channel (``instance_key(TRAY_CHANNEL_ROLE)``), where the resident tray
  listens (``resident.service``): what the app's player did and what the user changed;
- the nudge pipe: the standard input (commands) and output (the user's choice) of
  ``python -m backcoach.ui.reminders.nudge_process``, driven by ``resident.nudge_link``.
"""

from __future__ import annotations

# -- on either channel ---------------------------------------------------------------------

SECOND_TRAY = "tray"
"""A second ``backcoach tray`` was started: the running one says it is running."""

# -- the app's channel: wishes for the app window ------------------------------------------

APP_SHOW = "show"
"""Bring up the window (also what any unknown line does)."""
APP_SETTINGS = "settings"
"""Bring up the window and its settings."""
APP_QUIT = "quit"
"""Quit BackCoach (stopping a playing routine first if the user agrees)."""
APP_PLAY_PREFIX = "play:"
"""``play:<routine id>``: play that routine (after the safety check)."""


def play_wish(routine_id: str) -> str:
    """Return the app-channel line that asks to play ``routine_id``."""
    return APP_PLAY_PREFIX + routine_id


def wished_routine(message: str) -> str | None:
    """Return the routine id a ``play:`` line asks for, or None for any other line."""
    if message.startswith(APP_PLAY_PREFIX):
        return message[len(APP_PLAY_PREFIX) :]
    return None


# -- the tray's channel: reports to the resident tray ----------------------------------------

TRAY_CHANNEL_ROLE = "tray"
"""The ``role`` that names the resident tray's channel (``ipc.channel.instance_key``)."""
TRAY_ROUTINE_STARTED = "routine-started"
"""The app's player began a routine: no nudge while it plays."""
TRAY_ROUTINE_COMPLETED = "routine-completed"
"""The app's player finished a routine: it counts as a break."""
TRAY_ROUTINE_STOPPED = "routine-stopped"
"""The app's player stopped a routine early: reminders carry on."""
TRAY_RELOAD_SETTINGS = "reload-settings"
"""The app saved new settings: read them again."""
TRAY_WINDOW_CLOSED = "window-closed"
"""The app's window closed: the first time, say that BackCoach goes on in the tray."""
TRAY_STATUS = "status"
"""Answer with the tray menu's status line (for the app, scripts and tests)."""
TRAY_QUIT = "quit"
"""End the tray: the user quit BackCoach as a whole."""

# -- the nudge pipe: commands to the nudge process, and its answer --------------------------

NUDGE_SHOW = "show"
"""``show MINUTES REPEAT``: show (or raise again) the nudge."""
NUDGE_SAY = "say"
"""``say TEXT``: speak ``TEXT``."""
NUDGE_QUIT = "quit"
"""Close the nudge and end the process (so does the end of its input)."""
NUDGE_START = "start"
"""The user's answer: start the desk break."""
NUDGE_SNOOZE = "snooze"
"""The user's answer: remind again a little later."""
NUDGE_SKIP = "skip"
"""The user's answer: skip this break."""
NUDGE_CHOICES = (NUDGE_START, NUDGE_SNOOZE, NUDGE_SKIP)


def nudge_show_line(minutes: int, repeat: int = 0) -> str:
    """Return the command that shows the nudge for ``minutes`` of sitting (``repeat``-th time)."""
    return f"{NUDGE_SHOW} {minutes} {repeat}"


def nudge_say_line(text: str) -> str:
    """Return the command that speaks ``text`` (on one line)."""
    return f"{NUDGE_SAY} {' '.join(text.split())}"
