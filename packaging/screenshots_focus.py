"""Take the screenshots of the keyboard focus ring from real windows on an X display.

Usage (from the repository root)::

    Xvfb :98 -screen 0 1366x768x24 &
    DISPLAY=:98 QT_QPA_PLATFORM=xcb .venv/bin/python packaging/screenshots_focus.py [OUT_DIR]

It opens the main window on the library, presses Tab from the routine list until
Start has the focus and saves ``focus-library-start.png``; then opens the settings
and Tabs to the beeps check box for ``focus-settings-beeps.png`` (default:
docs/screenshots/). The keys go through Qt's event queue, as a keyboard's would.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from screenshots import REPO, SIZE, save, settle  # packaging/screenshots.py: the same setup

from backcoach.adapters.screen_awake import NoScreenAwake
from backcoach.config.settings import Settings
from backcoach.core.playback.session_log import NoSessionLog
from backcoach.ui.app.main_window import MainWindow
from tests.fakes import FakeVoice


def tab_to(target: QWidget, most: int = 12) -> None:
    """Press Tab in the focused widget until ``target`` has the focus."""
    for _ in range(most):
        if target.hasFocus():
            return
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        settle(60)
    focused = QApplication.focusWidget()
    raise SystemExit(f"Tab never reached {target!r}; the focus is on {focused!r}")


def main() -> int:
    """Take both screenshots; return the exit code."""
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "docs" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("BackCoach")
    window = MainWindow(
        Settings(safety_acknowledged=True),
        voice_factory=lambda settings, on_message: FakeVoice(),
        log_factory=lambda on_message: NoSessionLog(),
        screen_awake=NoScreenAwake(),
        list_voices=lambda: [],
    )
    window.resize(*SIZE)
    window.move(0, 0)
    window.show()
    window.library.select("strength-beginner")
    window.activateWindow()
    settle(300)
    window.restore_focus()  # the routine list, as after the safety check
    settle()
    tab_to(window.library.start_button)
    save(window, folder, "focus-library-start.png")

    dialog = window.open_settings()
    dialog.move(200, 60)
    settle(300)
    dialog.activateWindow()
    dialog.voice_tab.language.setFocus(Qt.FocusReason.TabFocusReason)
    tab_to(dialog.voice_tab.beeps)
    save(dialog, folder, "focus-settings-beeps.png")
    dialog.reject()
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
