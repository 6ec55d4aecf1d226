"""Take the nudge and Settings → Reminders screenshots from real windows on an X display.

Usage (from the repository root)::

    Xvfb :97 -screen 0 1366x768x24 &
    DISPLAY=:97 QT_QPA_PLATFORM=xcb .venv/bin/python packaging/screenshots_nudge.py [OUT_DIR]

Saves ``nudge.png`` (the nudge in the screen's corner, with the break routine's
picture and length) and ``settings-reminders.png`` (default: docs/screenshots/).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("BACKCOACH_HOME", tempfile.mkdtemp(prefix="backcoach-shots-"))
os.environ.setdefault("QT_QPA_PLATFORM", "xcb")

from PySide6.QtCore import QEventLoop, QRect, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402


def settle(ms: int = 400) -> None:
    """Let the window system draw for ``ms`` milliseconds."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def main() -> int:
    """Take both screenshots; return the exit code."""
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "docs" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv)
    from backcoach.config.settings import Settings
    from backcoach.ui.app.theme import apply_theme
    from backcoach.ui.reminders.nudge import NudgeWindow, break_summary_for
    from backcoach.ui.settings.dialog import SettingsDialog
    from backcoach.ui.settings.reminders_tab import RemindersTab

    apply_theme(app)
    nudge = NudgeWindow()
    nudge.set_break(break_summary_for("desk-break"))
    nudge.show_nudge(31)
    settle()
    screen = app.primaryScreen()
    corner = nudge.frameGeometry()
    screen.grabWindow(0, *corner.getRect()).save(str(folder / "nudge.png"))
    nudge.hide()

    settings = Settings()
    dialog = SettingsDialog(settings, lambda: [], None)
    dialog.add_tab(RemindersTab(settings), "Reminders")
    dialog.tabs.setCurrentIndex(dialog.tabs.count() - 1)
    dialog.show()
    settle(600)
    frame: QRect = dialog.frameGeometry()
    screen.grabWindow(0, *frame.getRect()).save(str(folder / "settings-reminders.png"))
    dialog.close()
    print(f"saved nudge.png and settings-reminders.png in {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
