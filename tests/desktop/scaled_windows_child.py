"""Open every BackCoach window on the current X display and print where it and its buttons are.

Run by ``test_large_text_x11.py`` under Xvfb with ``QT_SCALE_FACTOR=2``; prints
one JSON object: for each window its frame geometry, the screen's available
geometry and the global rectangles of its primary buttons (logical pixels).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
os.environ.setdefault("BACKCOACH_HOME", tempfile.mkdtemp(prefix="backcoach-scaled-"))

from PySide6.QtCore import QCoreApplication, QEventLoop, QRect, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QWidget  # noqa: E402

from backcoach.config.settings import Settings  # noqa: E402
from backcoach.core.playback.session_log import NoSessionLog  # noqa: E402
from backcoach.core.routine.catalog import load_catalog  # noqa: E402
from backcoach.core.routine.sharing import open_for_editing  # noqa: E402
from backcoach.ui.app.main_window import MainWindow  # noqa: E402
from backcoach.ui.app.safety_dialog import SafetyDialog  # noqa: E402
from backcoach.ui.editor.window import EditorWindow  # noqa: E402
from backcoach.ui.reminders.nudge import NudgeWindow  # noqa: E402
from tests.fakes import FakeClock, FakeVoice  # noqa: E402


def settle(ms: int = 200) -> None:
    """Let windows be mapped and laid out."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    QCoreApplication.processEvents()


def rect(r: QRect) -> list[int]:
    """Return ``r`` as ``[left, top, width, height]``."""
    return [r.x(), r.y(), r.width(), r.height()]


def report(window: QWidget, buttons: dict[str, QWidget]) -> dict[str, object]:
    """Describe ``window`` and where its ``buttons`` are on the screen."""
    settle()
    screen = window.screen() or QApplication.primaryScreen()
    placed = {}
    for name, button in buttons.items():
        top_left = button.mapToGlobal(button.rect().topLeft())
        placed[name] = [top_left.x(), top_left.y(), button.width(), button.height()]
        placed[name].append(int(button.isVisible()))
    return {
        "frame": rect(window.frameGeometry()),
        "area": rect(screen.availableGeometry()),
        "ratio": screen.devicePixelRatio(),
        "buttons": placed,
    }


def main() -> int:
    """Open the windows one after the other; print the JSON report."""
    app = QApplication(sys.argv)
    settings = Settings(safety_acknowledged=True)
    catalog = load_catalog()
    out: dict[str, object] = {}
    window = MainWindow(
        settings,
        catalog,
        voice_factory=lambda _s, _m: FakeVoice(),
        log_factory=lambda _m: NoSessionLog(),
        clock=FakeClock(),
    )
    window.show()
    out["main"] = report(window, {"start": window.library.start_button})
    routine = catalog.routines[0]
    window.play(routine)
    player = window.player
    assert player is not None
    out["player"] = report(
        window,
        {
            "pause": player.pause_button,
            "next": player.next_button,
            "stop": player.stop_button,
            "pain": player.pain_button,
        },
    )
    player.stop()
    window.show_library()
    history = window.open_history()
    settle(400)
    out["history"] = report(history, {})
    history.close()
    dialog = window.open_settings()
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    out["settings"] = report(dialog, {"ok": ok})
    dialog.reject()
    safety = SafetyDialog(settings.language, window)
    safety.show()
    out["safety"] = report(safety, {})
    safety.reject()
    editor = EditorWindow(open_for_editing("strength-beginner"))
    editor.show()
    editor.wait_for_preview()
    out["editor"] = report(editor, {"save": editor.save_button, "play": editor.play_button})
    editor.hide()
    nudge = NudgeWindow()
    nudge.show_nudge(45)
    out["nudge"] = report(nudge, {"start": nudge.start_button, "skip": nudge.skip_button})
    print(json.dumps(out))
    sys.stdout.flush()
    app.processEvents()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
