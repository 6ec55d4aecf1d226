"""Screenshots for large text, themes and captions (docs/accessibility.md).

Usage (from the repository root)::

    .venv/bin/python packaging/screenshots_access.py [OUT_DIR]

It starts its own Xvfb screens and, in a child process each (Qt reads the
scale factor once, at start):

- ``large-text-200.png``: the whole 1920×1080 screen with ``QT_SCALE_FACTOR=2``,
  the main window on it (it must fit, Start included);
- ``theme-dark.png`` and ``theme-high-contrast.png``: the main window in the dark
  and the high-contrast theme;
- ``player-caption.png``: the player with a spoken cue's caption under the ring.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "packaging"))


def child(kind: str, folder: Path) -> int:
    """Take one screenshot in this process (already on its display, at its scale)."""
    from PySide6.QtWidgets import QApplication
    from screenshots import play_until, save, settle  # packaging/screenshots.py

    from backcoach.adapters.screen_awake import NoScreenAwake
    from backcoach.config.settings import Settings
    from backcoach.core.playback.session_log import NoSessionLog
    from backcoach.core.routine.catalog import load_catalog
    from backcoach.ui.app.main_window import MainWindow
    from backcoach.ui.app.theme import apply_theme
    from tests.fakes import FakeClock, FakeVoice

    app = QApplication([sys.argv[0]])
    app.setApplicationName("BackCoach")
    if kind.startswith("theme-"):
        apply_theme(app, kind.removeprefix("theme-"))
    clock = FakeClock()
    window = MainWindow(
        Settings(safety_acknowledged=True),
        load_catalog(),
        voice_factory=lambda _s, _m: FakeVoice(),
        log_factory=lambda _m: NoSessionLog(),
        clock=clock,
        screen_awake=NoScreenAwake(),
    )
    window.show()
    window.library.select("strength-beginner")
    if kind == "large-text-200":
        settle(400)
        screen = window.screen() or QApplication.primaryScreen()
        path = folder / f"{kind}.png"
        screen.grabWindow(0).save(str(path))  # the whole screen: the window fits on it
        print(f"wrote {path}")
        return 0
    if kind == "player-caption":
        window.resize(1280, 720)
        routine = next(r for r in window.library.catalog.routines if r.routine_id == "stretch-flow")
        window.play(routine)
        page = window.player
        assert page is not None
        page.next()
        play_until(page, clock, lambda: "Halfway" in page.captions.caption, limit_s=300)
    save(window, folder, f"{kind}.png")
    return 0


def main() -> int:
    """Take every screenshot, each in its own process; return the exit code."""
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        return child(sys.argv[2], Path(sys.argv[3]))
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "docs" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    from tests.desktop.helpers import running_xvfb

    shots = {
        "large-text-200": ("1920x1080x24", {"QT_SCALE_FACTOR": "2"}),
        "theme-dark": ("1366x768x24", {}),
        "theme-high-contrast": ("1366x768x24", {}),
        "player-caption": ("1366x768x24", {}),
    }
    for kind, (screen, extra) in shots.items():
        with running_xvfb(screen) as display, tempfile.TemporaryDirectory() as home:
            env = {
                **os.environ,
                **extra,
                "DISPLAY": display,
                "QT_QPA_PLATFORM": "xcb",
                "BACKCOACH_HOME": home,
                "PYTHONPATH": str(REPO),
            }
            subprocess.run(
                [sys.executable, __file__, "--child", kind, str(folder)], env=env, check=True
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
