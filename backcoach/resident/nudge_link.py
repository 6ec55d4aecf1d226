"""The nudge window for the resident tray: a small Qt process that lives only while it shows.

``NudgeProcess`` is a ``core.reminders.driver.NudgeView``. Showing the first
nudge starts ``python -m backcoach.ui.reminders.nudge_process``; lines on its standard
input tell it what to show (``show MINUTES REPEAT``), say (``say TEXT``) and
when to end (``quit``); the user's choice comes back as one line on its
standard output (``start``, ``snooze`` or ``skip``), and then the process
ends. So Qt's memory is paid only for the minutes a nudge is on screen.
The words are the ``NUDGE_`` ones of ``ipc.messages``.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Callable, Sequence

from backcoach.adapters.event_loop import EventLoop
from backcoach.ipc import messages

NUDGE_COMMAND = (sys.executable, "-m", "backcoach.ui.reminders.nudge_process")


class NudgeProcess:
    """Shows nudges in a child process and reports the user's choice to ``on_choice``."""

    def __init__(
        self,
        loop: EventLoop,
        on_choice: Callable[[str], None] = lambda _choice: None,
        command: Sequence[str] = NUDGE_COMMAND,
    ) -> None:
        """``on_choice(choice)`` gets ``start``, ``snooze`` or ``skip``."""
        self._loop = loop
        self.on_choice = on_choice
        """Gets the user's choice; may be set after the nudge is made."""
        self._command = list(command)
        self._proc: subprocess.Popen[bytes] | None = None
        self._buffer = b""
        self._open = False
        self._exiting: list[subprocess.Popen[bytes]] = []

    def show_nudge(self, minutes: int, repeat: int = 0) -> None:
        """Show the nudge (starting the window's process if it is not running)."""
        if not self._running():
            self._start()
        self._open = self._send(messages.nudge_show_line(minutes, repeat))

    def say(self, text: str) -> None:
        """Have the nudge's process speak ``text`` (it has the speech layer; this process not)."""
        if self._running():
            self._send(messages.nudge_say_line(text))

    def hide_nudge(self) -> None:
        """Close the nudge and let its process end."""
        self._open = False
        self._end()

    def is_nudge_open(self) -> bool:
        """Return True while the nudge is on screen."""
        return self._open

    @property
    def pid(self) -> int | None:
        """Return the nudge process's id while it runs (for tests and diagnostics)."""
        proc = self._proc
        return proc.pid if proc is not None and proc.poll() is None else None

    def _running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def _start(self) -> None:
        self.reap()
        self._proc = subprocess.Popen(
            self._command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            bufsize=0,
        )
        assert self._proc.stdout is not None
        self._buffer = b""
        self._loop.add_reader(self._proc.stdout.fileno(), self._read)

    def _send(self, line: str) -> bool:
        assert self._proc is not None and self._proc.stdin is not None
        try:
            self._proc.stdin.write(f"{line}\n".encode())
            self._proc.stdin.flush()
        except (OSError, ValueError):  # it ended meanwhile
            return False
        return True

    def _read(self) -> None:
        proc = self._proc
        if proc is None or proc.stdout is None:
            return
        chunk = os.read(proc.stdout.fileno(), 4096)
        if not chunk:  # the process ended (or crashed): the nudge is gone
            self._open = False
            self._let_go()
            return
        self._buffer += chunk
        while b"\n" in self._buffer and self._proc is not None:
            line, self._buffer = self._buffer.split(b"\n", 1)
            choice = line.decode(errors="replace").strip()
            if choice in messages.NUDGE_CHOICES:
                self._open = False
                self._end()
                self.on_choice(choice)

    def _end(self) -> None:
        """Ask the running process to quit and stop listening to it."""
        if self._running():
            self._send(messages.NUDGE_QUIT)
        self._let_go()

    def _let_go(self) -> None:
        proc = self._proc
        if proc is None:
            return
        self._proc = None
        for pipe in (proc.stdin, proc.stdout):
            if pipe is not None:
                if pipe is proc.stdout:
                    with contextlib.suppress(OSError, ValueError, KeyError):
                        self._loop.remove_reader(pipe.fileno())
                with contextlib.suppress(OSError):
                    pipe.close()
        self._exiting.append(proc)
        self.reap()

    def reap(self) -> None:
        """Collect nudge processes that have ended (no zombies left behind)."""
        self._exiting = [proc for proc in self._exiting if proc.poll() is None]

    def close(self) -> None:
        """End the nudge process, waiting briefly, then killing it if it does not go."""
        self._open = False
        self._end()
        for proc in self._exiting:
            try:
                proc.wait(timeout=3)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=3)
        self._exiting.clear()
