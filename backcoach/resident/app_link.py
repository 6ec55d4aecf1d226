"""How the resident tray reaches the app window: a message to the running app, or a new one.

The app listens on its single-instance channel (``ui.app.single_instance``). A
wish from the tray menu or the nudge goes there as one line (the ``APP_`` words
of ``ipc.messages``); when no app answers, the app
is started with that wish on its command line. Started apps run in their own
session, so they outlive a tray restart; ended ones are collected (no zombies).
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Sequence

from backcoach.ipc import messages
from backcoach.ipc.channel import UnixChannel, instance_key

APP_COMMAND = (sys.executable, "-m", "backcoach")


def app_arguments(message: str) -> list[str]:
    """Return the command-line arguments that start the app with ``message``'s wish."""
    routine_id = messages.wished_routine(message)
    if routine_id is not None:
        return ["run", routine_id]
    if message == messages.APP_SETTINGS:
        return ["--open-settings"]
    return []


class AppLink:
    """Sends wishes to the app, starting it when it is not running."""

    def __init__(self, command: Sequence[str] = APP_COMMAND, key: str | None = None) -> None:
        """``command`` starts the app; ``key`` names its channel (default: this user's)."""
        self._command = list(command)
        self._channel = UnixChannel(key or instance_key())
        self._started: list[subprocess.Popen[bytes]] = []

    def open(self) -> None:
        """Bring up the app's window."""
        self._deliver(messages.APP_SHOW)

    def play(self, routine_id: str) -> None:
        """Play ``routine_id`` in the app's player."""
        self._deliver(messages.play_wish(routine_id))

    def open_settings(self) -> None:
        """Bring up the app's settings."""
        self._deliver(messages.APP_SETTINGS)

    def quit(self) -> None:
        """Ask a running app to quit (nothing is started for that)."""
        self._channel.send(messages.APP_QUIT)

    def reap(self) -> None:
        """Collect app processes this tray started that have ended."""
        self._started = [proc for proc in self._started if proc.poll() is None]

    def _deliver(self, message: str) -> None:
        self.reap()
        if self._channel.send(message):
            return
        self._started.append(
            subprocess.Popen(
                [*self._command, *app_arguments(message)],
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        )
