"""Take the README screenshots from the real window on an X display.

Usage (from the repository root)::

    Xvfb :98 -screen 0 1366x768x24 &
    DISPLAY=:98 QT_QPA_PLATFORM=xcb .venv/bin/python packaging/screenshots.py [OUT_DIR]

It opens the main window, plays bundled routines on a hand-moved clock (so
every state is reached at once and exactly) with a silent voice, and saves
``library.png`` (with ``library-da.png`` and ``library-zh-TW.png``: the same
library in Danish and Chinese, with a routine of the user's own that has a long
title and a few sessions in the history), ``player-prepare.png``, ``player-hold-breathing.png``,
``player-right-side.png`` (the picture mirrored), ``player-movement.png`` (a start
position drawn faint, the end solid), ``player-rest.png`` and ``player-pain-stop.png``
(default: docs/screenshots/).
Each picture is grabbed from the X server, i.e. what a user would see.
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

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from backcoach.adapters.screen_awake import NoScreenAwake  # noqa: E402
from backcoach.config.settings import Settings  # noqa: E402
from backcoach.core.playback.display import Breath  # noqa: E402
from backcoach.core.playback.session_log import NoSessionLog  # noqa: E402
from backcoach.core.playback.timeline import SegmentKind, Side  # noqa: E402
from backcoach.core.routine.catalog import load_catalog  # noqa: E402
from backcoach.ui.app.main_window import MainWindow  # noqa: E402
from backcoach.ui.player.page import PlayerPage  # noqa: E402
from tests.fakes import FakeClock, FakeVoice  # noqa: E402
from tests.history_records import make_record  # noqa: E402

SIZE = (1280, 720)


def settle(ms: int = 150) -> None:
    """Let the window paint and the X server catch up."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    QCoreApplication.processEvents()


def save(window: MainWindow, folder: Path, name: str) -> None:
    """Grab the window from the X server into ``folder/name``."""
    settle()
    screen = window.screen() or QApplication.primaryScreen()
    picture = screen.grabWindow(window.winId())
    if picture.isNull():
        picture = window.grab()
    path = folder / name
    if not picture.save(str(path)):
        raise SystemExit(f"could not write {path}")
    print(f"wrote {path} ({picture.width()}x{picture.height()})")


def prepare_library() -> None:
    """Add a routine of the user's own with long titles, and some sessions to the history."""
    import json
    from datetime import datetime, timedelta

    from backcoach.config import paths
    from backcoach.core.history.store import HistoryStore

    data = json.loads((paths.bundled_routines_dir() / "desk-break.json").read_text())
    data.update(
        id="my-office-stretch",
        kind="custom",
        title={
            "en": "My afternoon stretch at the office desk, with extra care for the lower back",
            "da": "Min eftermiddagsudstrækning ved skrivebordet med ekstra lændeaflastning",
            "zh-TW": "下午在辦公桌旁的伸展運動，特別照顧下背部的放鬆與穩定",
        },
    )
    folder = paths.user_routines_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "my-office-stretch.json").write_text(json.dumps(data), encoding="utf-8")
    now = datetime.now().astimezone().replace(hour=8, minute=0, second=0, microsecond=0)
    with HistoryStore() as store:
        for days_ago, routine_id in (
            (0, "desk-break"),
            (1, "desk-break"),
            (3, "warm-up"),
            (3, "strength-beginner"),
            (40, "stretch-flow"),
        ):
            store.add(make_record(now - timedelta(days=days_ago), routine_id=routine_id))


def library_in(window: MainWindow, folder: Path, tag: str, name: str, routine_id: str) -> None:
    """Show the library in language ``tag`` with ``routine_id`` selected; save it as ``name``."""
    window.settings.language = tag
    window._follow_language()  # what choosing the language in Settings does: menus included
    library = window.library
    library.refresh_use()
    settle(400)
    library.routine_list.scrollToTop()
    library.select(routine_id)
    save(window, folder, name)


def play_until(page: PlayerPage, clock: FakeClock, reached, limit_s: float = 900) -> None:
    """Move the clock in 0.1 s steps (as the page's timer would) until ``reached()``."""
    moved = 0.0
    while not reached():
        clock.advance(0.1)
        moved += 0.1
        page.tick()
        if moved > limit_s:
            raise SystemExit("the state to photograph was never reached")


def main() -> int:
    """Take every screenshot; return the exit code."""
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "docs" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("BackCoach")
    clock = FakeClock()
    prepare_library()
    catalog = load_catalog()
    window = MainWindow(
        Settings(safety_acknowledged=True),
        catalog,
        voice_factory=lambda settings, on_message: FakeVoice(),
        log_factory=lambda on_message: NoSessionLog(),
        clock=clock,
        screen_awake=NoScreenAwake(),
    )
    window.resize(*SIZE)
    window.move(0, 0)
    window.show()
    library_in(window, folder, "da", "library-da.png", "my-office-stretch")
    library_in(window, folder, "zh-TW", "library-zh-TW.png", "my-office-stretch")
    library_in(window, folder, "en", "library.png", "strength-beginner")

    routines = {routine.routine_id: routine for routine in catalog.routines}
    window.play(routines["stretch-flow"])
    page = window.player
    assert page is not None and page.session is not None
    page.next()  # to the first stretch: Knee to chest, with its picture
    play_until(page, clock, lambda: page.ring.text == "3")
    save(window, folder, "player-prepare.png")

    def mid_inhale() -> bool:
        breath = page.display.breath if page.display else None
        in_hold = page.session.current_segment.kind is SegmentKind.HOLD
        return bool(in_hold and breath and breath.breath is Breath.IN and breath.fraction >= 0.5)

    play_until(page, clock, mid_inhale)
    save(window, folder, "player-hold-breathing.png")

    def right_side_holding() -> bool:
        segment = page.session.current_segment
        return segment.kind is SegmentKind.HOLD and segment.side is Side.RIGHT

    play_until(page, clock, right_side_holding)
    play_until(page, clock, mid_inhale)
    save(window, folder, "player-right-side.png")
    page.stop()
    page.end_view.skip_button.click()

    window.play(routines["strength-beginner"])
    play_until(page, clock, lambda: page.session.current_segment.kind is SegmentKind.REP_HOLD)
    save(window, folder, "player-movement.png")
    play_until(
        page,
        clock,
        lambda: (
            page.session.current_segment.kind is SegmentKind.ROUND_REST and page.ring.text == "45"
        ),
    )
    save(window, folder, "player-rest.png")
    page.stop_for_pain()
    save(window, folder, "player-pain-stop.png")
    window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
