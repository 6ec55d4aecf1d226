"""Open every BackCoach window (``tests/a11y_windows.py``) and keep them open for the AT-SPI walker.

Run as ``python -m tests.desktop.a11y_app`` with ``QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1``,
``QT_QPA_PLATFORM=xcb`` and a private ``BACKCOACH_HOME``. Prints ``ready`` once the
windows are shown. A line ``play`` on stdin runs the player's fake clock fast (a
second every 20 ms), so the announcements of a whole session come out; the app
quits when stdin closes.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QSocketNotifier, QTimer
from PySide6.QtWidgets import QApplication

APP_NAME = "backcoach-a11y-check"
"""The application's name on the accessibility bus (the walker looks for it)."""


def main() -> int:
    app = QApplication(sys.argv)
    app.setApplicationName(APP_NAME)
    from tests.a11y_windows import open_windows  # after the QApplication: it builds widgets

    windows = open_windows()
    player = windows.main.player
    assert player is not None
    clock = QTimer()
    clock.setInterval(20)

    def second_passes() -> None:
        windows.clock.advance(1.0)
        player.tick()

    clock.timeout.connect(second_passes)

    def command() -> None:
        line = sys.stdin.readline()
        if not line:
            app.quit()
        elif line.strip() == "play":
            clock.start()

    notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)
    notifier.activated.connect(command)
    print("ready", flush=True)
    try:
        return app.exec()
    finally:
        windows.close_all()


if __name__ == "__main__":
    sys.exit(main())
