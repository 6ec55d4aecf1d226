"""The nudge window as a process of its own, for the resident tray (``resident.nudge_link``).

Reads commands, one per line, on standard input:

- ``show MINUTES REPEAT``: show (or raise again) the nudge;
- ``say TEXT``: speak ``TEXT`` (the speech layer starts at its first use);
- ``quit``, or the end of input: close and end.

Writes the user's choice, ``start``, ``snooze`` or ``skip``, as one line on
standard output, and hides the window. The words are the ``NUDGE_`` ones of
``ipc.messages``. Run with
``python -m backcoach.ui.reminders.nudge_process``.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable

from PySide6.QtCore import QSocketNotifier
from PySide6.QtWidgets import QApplication

from backcoach.config.settings import apply_language, language_tag, load_settings
from backcoach.ipc import messages
from backcoach.ui.app.icon import use_app_identity
from backcoach.ui.app.qt_translations import install_qt_translations
from backcoach.ui.app.theme import follow_theme
from backcoach.ui.reminders.nudge import NudgeWindow, break_summary_for


class NudgeCommands:
    """Carries out the command lines for one ``NudgeWindow``; ``speak`` is made on first use."""

    def __init__(
        self,
        window: NudgeWindow,
        make_speak: Callable[[], Callable[[str], None]],
        on_quit: Callable[[], None],
    ) -> None:
        """Drive ``window``; ``on_quit`` ends the process."""
        self.window = window
        self._make_speak = make_speak
        self._speak: Callable[[str], None] | None = None
        self._on_quit = on_quit
        self._buffer = b""

    def feed(self, data: bytes) -> None:
        """Take bytes read from standard input (empty: input ended) and run complete lines."""
        if not data:
            self._on_quit()
            return
        self._buffer += data
        while b"\n" in self._buffer:
            line, self._buffer = self._buffer.split(b"\n", 1)
            self.run(line.decode(errors="replace").strip())

    def run(self, line: str) -> None:
        """Run one command line; anything not understood is ignored."""
        command, _, rest = line.partition(" ")
        if command == messages.NUDGE_SHOW:
            parts = rest.split()
            try:
                minutes = int(parts[0])
                repeat = int(parts[1]) if len(parts) > 1 else 0
            except (IndexError, ValueError):
                return
            self.window.show_nudge(minutes, repeat)
        elif command == messages.NUDGE_SAY and rest:
            if self._speak is None:
                self._speak = self._make_speak()
            self._speak(rest)
        elif command == messages.NUDGE_QUIT:
            self._on_quit()


def _answer(choice: str, window: NudgeWindow) -> None:
    window.hide()
    sys.stdout.write(choice + "\n")
    sys.stdout.flush()


def main() -> int:
    """Show nudges as told on standard input until told to quit; return the exit code."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    app = QApplication(sys.argv[:1])
    app.setApplicationName("BackCoach")
    use_app_identity(app)
    app.setQuitOnLastWindowClosed(False)
    settings = load_settings().settings
    apply_language(settings)  # an unknown code is reported by the tray that started this
    install_qt_translations(app)
    follow_theme(app, settings.theme)
    window = NudgeWindow()
    window.set_break(break_summary_for(settings.desk_break_routine, language_tag(settings)))
    window.start_break_clicked.connect(lambda: _answer(messages.NUDGE_START, window))
    window.snooze_clicked.connect(lambda: _answer(messages.NUDGE_SNOOZE, window))
    window.skip_clicked.connect(lambda: _answer(messages.NUDGE_SKIP, window))
    speaker = None

    def make_speak() -> Callable[[str], None]:
        nonlocal speaker
        from backcoach.adapters.speech import create_speaker

        speaker = create_speaker(settings, on_message=lambda m: print(m, file=sys.stderr))
        return speaker.say

    commands = NudgeCommands(window, make_speak, app.quit)
    stdin = sys.stdin.fileno()
    notifier = QSocketNotifier(stdin, QSocketNotifier.Type.Read)
    notifier.activated.connect(lambda *_: commands.feed(os.read(stdin, 4096)))
    try:
        return app.exec()
    finally:
        notifier.setEnabled(False)
        if speaker is not None:
            speaker.close()


if __name__ == "__main__":
    sys.exit(main())
