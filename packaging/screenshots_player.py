"""Take the player's full-screen screenshots on an X display of a given size.

Usage (from the repository root), once per screen size::

    Xvfb :97 -screen 0 1920x1080x24 &
    DISPLAY=:97 QT_QPA_PLATFORM=xcb .venv/bin/python packaging/screenshots_player.py [LANG]
    DISPLAY=:97 QT_QPA_PLATFORM=xcb .venv/bin/python packaging/screenshots_player.py --minutes
    DISPLAY=:97 QT_QPA_PLATFORM=xcb .venv/bin/python packaging/screenshots_player.py --long [LANG]

The main window goes full screen (the player's F key) on that screen and plays
the bundled stretch flow on a hand-moved clock with a silent voice, to the
right side of a two-sided hold, mid-breath (picture, breathing guide and
counters all on screen). The picture is saved as
``docs/screenshots/player-full-<W>x<H>[-<LANG>].png``, grabbed from the X server.
With ``--minutes`` it plays the cool-down's two minutes of easy walking to
"1:48" instead (a countdown in minutes and seconds), saved as
``player-full-<W>x<H>[-<LANG>]-minutes.png``. With ``--long`` it plays gentle relief with
its child's pose made a 15-minute rest (as a user's own routine may have it) to "12" whole
minutes, saved as ``player-full-<W>x<H>[-<LANG>]-long.png``.
"""

from __future__ import annotations

import os
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "packaging"))  # screenshots.py, beside this file
os.environ.setdefault("BACKCOACH_HOME", tempfile.mkdtemp(prefix="backcoach-shots-"))
os.environ.setdefault("QT_QPA_PLATFORM", "xcb")

from PySide6.QtWidgets import QApplication  # noqa: E402
from screenshots import play_until, save, settle  # noqa: E402

from backcoach import i18n  # noqa: E402
from backcoach.adapters.screen_awake import NoScreenAwake  # noqa: E402
from backcoach.config.settings import Settings  # noqa: E402
from backcoach.core.playback.display import Breath  # noqa: E402
from backcoach.core.playback.session_log import NoSessionLog  # noqa: E402
from backcoach.core.playback.timeline import SegmentKind, Side  # noqa: E402
from backcoach.core.routine.catalog import load_catalog  # noqa: E402
from backcoach.ui.app.main_window import MainWindow  # noqa: E402
from tests.fakes import FakeClock, FakeVoice  # noqa: E402


def main() -> int:
    """Take the screenshot for this screen (and language); return the exit code."""
    minutes = "--minutes" in sys.argv
    long_hold = "--long" in sys.argv
    words = [word for word in sys.argv[1:] if word not in ("--minutes", "--long")]
    language = words[0] if words else "en"
    i18n.set_language(language)
    folder = REPO / "docs" / "screenshots"
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("BackCoach")
    screen = app.primaryScreen().size()
    clock = FakeClock()
    catalog = load_catalog()
    window = MainWindow(
        Settings(language=language, safety_acknowledged=True),
        catalog,
        voice_factory=lambda settings, on_message: FakeVoice(),
        log_factory=lambda on_message: NoSessionLog(),
        clock=clock,
        screen_awake=NoScreenAwake(),
    )
    window.resize(800, 600)
    window.show()
    routines = {routine.routine_id: routine for routine in catalog.routines}
    if long_hold:
        relief = routines["gentle-relief"]
        *before, pose = relief.steps
        routine = replace(relief, steps=(*before, replace(pose, hold_s=15 * 60)))
    else:
        routine = routines["cool-down" if minutes else "stretch-flow"]
    window.play(routine, language)
    page = window.player
    assert page is not None and page.session is not None
    # Xvfb has no window manager to carry out "full screen": do its part, fill the screen.
    window.setGeometry(app.primaryScreen().geometry())
    page.toggle_full()  # what F does
    settle(400)

    def right_side_mid_inhale() -> bool:
        segment = page.session.current_segment
        breath = page.display.breath if page.display else None
        return bool(
            segment.kind is SegmentKind.HOLD
            and segment.side is Side.RIGHT
            and breath
            and breath.breath is Breath.IN
            and breath.fraction >= 0.5
        )

    if minutes:
        play_until(page, clock, lambda: page.ring.text == "1:48")
    elif long_hold:
        for _ in relief.steps[:-1]:
            page.next()
        play_until(page, clock, lambda: page.ring.text == "12")
    else:
        page.next()
        play_until(page, clock, right_side_mid_inhale)
    kind = "-minutes" if minutes else "-long" if long_hold else ""
    suffix = ("" if language == "en" else f"-{language}") + kind
    name = f"player-full-{screen.width()}x{screen.height()}{suffix}.png"
    print(f"window {window.width()}x{window.height()}, full screen: {window.isFullScreen()}")
    digits = page.ring.digits_rect()
    share = 100 * digits.height() / screen.height()
    print(f"digits {page.ring.text!r}: {digits.height():.0f} px high, {share:.1f} % of the screen")
    save(window, folder, name)
    page.stop()
    window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
