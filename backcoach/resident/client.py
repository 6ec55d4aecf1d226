"""The app's side of the resident tray: reports what the player did and what the user changed.

The app window runs in its own process; the reminders live in the resident
tray (``backcoach.resident``). ``ResidentClient`` sends it one-line reports
over its channel, and starts it when it is not running. It implements
the reminders' part of ``ui.app.shell.RemindersPort``. No Qt.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterable, Sequence

from backcoach.config.settings import Settings
from backcoach.ipc import messages
from backcoach.resident.main import tray_channel

TRAY_COMMAND = (sys.executable, "-m", "backcoach", "tray")


class ResidentClient:
    """Talks to the resident tray; the window process quits when its window closes."""

    window_stays = False
    """Closing the window ends the window's process: the resident tray goes on."""

    def __init__(self, command: Sequence[str] = TRAY_COMMAND) -> None:
        """``command`` starts the resident tray when it is not running."""
        self._channel = tray_channel()
        self._command = list(command)

    def is_running(self) -> bool:
        """Return True when the resident tray answers."""
        return self._channel.request(messages.TRAY_STATUS) is not None

    def ensure_running(self) -> bool:
        """Start the resident tray unless it runs; return True if it had to be started."""
        if self.is_running():
            return False
        subprocess.Popen(
            self._command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            start_new_session=True,  # it outlives this window
        )
        return True

    def _send(self, message: str) -> None:
        self._channel.send(message)

    def routine_started(self) -> None:
        """Report a routine begun in the player: no nudge while it plays."""
        self._send(messages.TRAY_ROUTINE_STARTED)

    def routine_completed(self) -> None:
        """Report a routine finished in the player: it counts as a break."""
        self._send(messages.TRAY_ROUTINE_COMPLETED)

    def routine_stopped(self) -> None:
        """Report a routine stopped early: reminders carry on."""
        self._send(messages.TRAY_ROUTINE_STOPPED)

    def apply(self, settings: Settings) -> list[str]:
        """Have the tray re-read the saved settings (it reports its own problems)."""
        self._send(messages.TRAY_RELOAD_SETTINGS)
        return []

    def window_closed(self, settings: Settings) -> None:
        """Report the window closed: the tray says, the first time, that it goes on."""
        self._send(messages.TRAY_WINDOW_CLOSED)

    def quit(self) -> None:
        """End the tray too: the user quit BackCoach from the window."""
        self._send(messages.TRAY_QUIT)

    def set_routines(self, routines: Iterable[tuple[str, str]]) -> None:
        """Nothing to do: the tray reads the routine list itself."""
