"""Open every BackCoach window the way a user meets it, for the accessibility tests.

``open_windows`` shows the main window (library), the player (playing a short
routine on a fake clock), the session's end view, the history window (with a
few sessions, overview and sessions tab), the settings dialog (both tabs) and
the safety check. The pytest-qt tests walk Qt's own accessibility interfaces;
``tests/desktop/a11y_app.py`` opens the same windows for the AT-SPI walker.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication, QEventLoop
from PySide6.QtWidgets import QWidget

from backcoach.config.settings import Settings
from backcoach.core.history.store import HistoryStore
from backcoach.core.playback.record import SessionStatus
from backcoach.core.routine.catalog import load_catalog
from backcoach.ui.app.main_window import MainWindow
from backcoach.ui.app.safety_dialog import SafetyDialog
from backcoach.ui.history.window import HistoryWindow
from backcoach.ui.player.session_end_view import SessionEndView
from backcoach.ui.settings.dialog import SettingsDialog
from backcoach.ui.settings.reminders_tab import RemindersTab
from tests import builders as b
from tests.fakes import FakeClock, FakeScreenAwake, FakeSessionLog, FakeVoice
from tests.history_records import make_record


@dataclass
class Windows:
    """The open windows; ``close_all`` closes them."""

    main: MainWindow
    history: HistoryWindow
    settings: SettingsDialog
    safety: SafetyDialog
    end_view: SessionEndView
    clock: FakeClock
    voice: FakeVoice
    extra: list[QWidget] = field(default_factory=list)

    def by_name(self) -> dict[str, QWidget]:
        """Return every top-level window by a short name (the player is in ``main``)."""
        return {
            "main": self.main,
            "history": self.history,
            "settings": self.settings,
            "safety": self.safety,
            "end": self.end_view,
        }

    def close_all(self) -> None:
        for widget in (self.safety, self.settings, self.history, self.end_view, *self.extra):
            widget.close()
        self.main.player and self.main.player.shutdown()
        self.main.close()


def wait_until(condition, timeout_s: float = 10.0) -> bool:
    """Process Qt events until ``condition()`` holds or ``timeout_s`` passed."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            return False
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        time.sleep(0.01)
    return True


def open_windows() -> Windows:
    """Show every window (the history log under ``BACKCOACH_HOME`` gets three sessions)."""
    with HistoryStore() as store:
        store.add_many(
            [make_record(1_780_000_000.0 - day * 86_400, pain=2, effort=5) for day in (1, 3, 5)]
            + [make_record(1_779_000_000.0, status=SessionStatus.STOPPED_FOR_PAIN)]
        )
    clock, voice = FakeClock(), FakeVoice()
    settings = Settings(safety_acknowledged=True)
    main = MainWindow(
        settings,
        load_catalog(),
        voice_factory=lambda _settings, _message: voice,
        log_factory=lambda _message: FakeSessionLog(),
        clock=clock,
        screen_awake=FakeScreenAwake(),
        list_voices=lambda: [],
    )
    main.resize(1100, 720)
    main.show()
    main.play(b.routine(b.timed("Cat cow", 40), b.rest(20), title="Tiny"))
    wait_until(lambda: main.player is not None and main.player.playing)

    end_view = SessionEndView()
    end_view.setWindowTitle("Session ended")
    end_view.resize(900, 600)
    end_view.show()

    history = main.open_history()
    wait_until(lambda: not history.loading and history.view is not None)
    history.sessions_page  # noqa: B018 (builds the Sessions tab)

    dialog = SettingsDialog(settings, lambda: [], None, main)
    dialog.add_tab(RemindersTab(settings), "Reminders")
    dialog.show()

    safety = SafetyDialog("en", main)
    safety.show()
    return Windows(main, history, dialog, safety, end_view, clock, voice)
