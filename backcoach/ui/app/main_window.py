"""The main window: the library, the player, and the dialogs reached from them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
)

from backcoach import __version__
from backcoach.adapters.screen_awake import ScreenAwake, screen_awake_for_platform
from backcoach.adapters.speech.rendering import VoiceSettings
from backcoach.config.settings import Settings, apply_language, language_tag, try_save_settings
from backcoach.core.clock import Clock
from backcoach.core.playback.session_log import SessionLog
from backcoach.core.routine.catalog import Catalog, load_catalog
from backcoach.core.routine.loader import RoutineError, load_routine
from backcoach.core.routine.model import Routine
from backcoach.i18n import _
from backcoach.ui.app.focus_ring import install_focus_ring
from backcoach.ui.app.qt_translations import install_qt_translations
from backcoach.ui.app.safety_dialog import SafetyDialog
from backcoach.ui.app.screen_fit import fit_to_screen, keep_on_screen
from backcoach.ui.app.thread_messages import ThreadMessages
from backcoach.ui.history.window import HistoryWindow
from backcoach.ui.library.view import LibraryView
from backcoach.ui.player.page import PlayerPage, PlayerVoice
from backcoach.ui.settings.dialog import SettingsDialog, VoiceLister, engine_voices
from backcoach.ui.settings.tab import SettingsTab

MessageSink = Callable[[str], None]
VoiceFactory = Callable[[Settings, MessageSink], PlayerVoice]
LogFactory = Callable[[MessageSink], SessionLog]
TabFactory = Callable[[Settings], SettingsTab]
"""Make an extra settings tab (a widget with ``apply(settings)``) for the current settings."""
PREFERRED_SIZE = QSize(1000, 680)
"""The main window's size where the screen has room (else 90 % of the available area)."""


def default_voice(settings: Settings, on_message: MessageSink) -> PlayerVoice:
    """Return the real ``Speaker`` (its engine starts in the background)."""
    from backcoach.adapters.speech import create_speaker

    return create_speaker(settings, on_message=on_message)


def default_log(on_message: MessageSink) -> SessionLog:
    """Return the completion log the player writes to (problems go to ``on_message``)."""
    from backcoach.core.history.safe_log import SafeLog

    return SafeLog(report=on_message)


class MainWindow(QMainWindow):
    """The library and the player; starting a routine first makes sure the safety check is done.

    The voice (a ``Speaker`` with its speech worker) and the log are made on
    first use; tests and tools pass their own factories, clock and screen keeper.

    With ``close_to_tray`` set (the app has a tray icon), closing the window
    hides it and BackCoach carries on; ``request_quit`` really quits.
    """

    session_started = Signal()
    """The player began a session."""
    session_ended = Signal(str)
    """The player's session ended, with its status value."""
    settings_saved = Signal()
    """The settings dialog was closed with OK (the settings object holds the new values)."""
    hidden_to_tray = Signal()
    """The window was closed while ``close_to_tray`` is set: BackCoach goes on in the tray."""
    quit_requested = Signal()
    """The user asked to quit BackCoach (any session has been stopped)."""

    def __init__(
        self,
        settings: Settings,
        catalog: Catalog | None = None,
        *,
        voice_factory: VoiceFactory = default_voice,
        log_factory: LogFactory = default_log,
        clock: Clock | None = None,
        screen_awake: ScreenAwake | None = None,
        list_voices: VoiceLister = engine_voices,
    ) -> None:
        super().__init__()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            install_focus_ring(app)
        self.settings = settings
        self.setWindowTitle("BackCoach")
        self.messages = ThreadMessages(self)
        self.messages.received.connect(self.show_message)
        self._voice_factory = voice_factory
        self._log_factory = log_factory
        self._clock = clock
        self._screen_awake = screen_awake
        self._list_voices = list_voices
        self.voice: PlayerVoice | None = None
        self.log: SessionLog | None = None
        self.player: PlayerPage | None = None
        self.history_window: HistoryWindow | None = None
        """The history window, made the first time it is opened (one per main window)."""
        self.close_to_tray = False
        self.extra_settings_tabs: list[tuple[str, TabFactory]] = []
        self._quitting = False
        self.pages = QStackedWidget()
        self.library = LibraryView(catalog or load_catalog(), language_tag(settings))
        self.library.start_requested.connect(self.start_routine)
        self.session_ended.connect(lambda _status: self.library.refresh_use())
        self.pages.addWidget(self.library)
        self.setCentralWidget(self.pages)
        from backcoach.ui.editor.launcher import EditorLauncher

        self.editors = EditorLauncher(self)
        self._build_menus()
        fit_to_screen(self, PREFERRED_SIZE)

    def open_history(self) -> HistoryWindow:
        """Show the history window, reading the log afresh; make it the first time.

        A routine added by accepting a suggestion is loaded into the library and
        selected there.
        """
        window = self.history_window
        if window is None:
            window = HistoryWindow(self.library.catalog, language_tag(self.settings), parent=self)
            window.setWindowFlag(Qt.WindowType.Window, True)
            window.routine_added.connect(self._routine_added)
            window.library_requested.connect(self.raise_)
            self.history_window = window
        else:
            window.catalog = self.library.catalog
            window.reload()
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    def _routine_added(self, routine_id: str, _path: str) -> None:
        self.reload_routines()
        if self.history_window is not None:
            self.history_window.catalog = self.library.catalog
        self.library.select(routine_id)

    def _build_menus(self) -> None:
        """Fill the menu bar in the current language (again after the language changes)."""
        self.menuBar().clear()
        file_menu = self.menuBar().addMenu(_("&File"))
        open_action = QAction(_("&Open routine file…"), self)
        open_action.setShortcut(QKeySequence.StandardKey.Open)
        open_action.triggered.connect(self.open_routine_file)
        file_menu.addAction(open_action)
        self.open_action = open_action
        self.editors.install(file_menu)
        reload_action = QAction(_("&Reload routines"), self)
        reload_action.triggered.connect(self.reload_routines)
        file_menu.addAction(reload_action)
        self.settings_action = QAction(_("&Settings…"), self)
        self.settings_action.setShortcut(QKeySequence.StandardKey.Preferences)
        self.settings_action.triggered.connect(self.open_settings)
        file_menu.addAction(self.settings_action)
        file_menu.addSeparator()
        quit_action = QAction(_("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.request_quit)
        file_menu.addAction(quit_action)
        view_menu = self.menuBar().addMenu(_("&View"))
        history_action = QAction(_("&History…"), self)
        history_action.setShortcut(QKeySequence("Ctrl+H"))
        history_action.triggered.connect(self.open_history)
        view_menu.addAction(history_action)
        help_menu = self.menuBar().addMenu(_("&Help"))
        safety_action = QAction(_("&Safety check…"), self)
        safety_action.triggered.connect(lambda: self.ask_safety_check(force=True))
        help_menu.addAction(safety_action)
        about_action = QAction(_("&About BackCoach"), self)
        about_action.triggered.connect(self._about)
        help_menu.addAction(about_action)

    def reload_routines(self) -> None:
        """Read the routine folders again."""
        self.library.set_catalog(load_catalog())

    def open_routine_file(self, path: str | None = None) -> Routine | None:
        """Load a routine file chosen by the user; show every problem if it is invalid."""
        if not path:
            path, _filter = QFileDialog.getOpenFileName(
                self, _("Open a routine file"), "", _("Routine files (*.json)")
            )
        if not path:
            return None
        try:
            routine = load_routine(Path(path))
        except RoutineError as exc:
            QMessageBox.warning(self, _("This routine cannot be used"), str(exc))
            return None
        self.start_routine(routine)
        return routine

    def ask_safety_check(self, force: bool = False) -> bool:
        """Show the safety check unless already confirmed; return True when confirmed."""
        if self.settings.safety_acknowledged and not force:
            return True
        dialog = SafetyDialog(language_tag(self.settings), self)
        confirmed = dialog.exec() == SafetyDialog.DialogCode.Accepted and dialog.all_confirmed()
        if confirmed != self.settings.safety_acknowledged:
            self.settings.safety_acknowledged = confirmed
            problem = try_save_settings(self.settings)
            if problem:  # the routine still starts; it will be asked again next time
                self.show_message(problem)
        self.restore_focus()
        return confirmed

    def restore_focus(self) -> None:
        """Give the keyboard back to the page shown (after a dialog): the list, or the player."""
        self.activateWindow()
        page = self.pages.currentWidget()
        target = (
            page if page is not None and page is not self.library else self.library.routine_list
        )
        target.setFocus(Qt.FocusReason.ActiveWindowFocusReason)

    def start_routine(self, routine: Routine, language: str | None = None) -> bool:
        """Play ``routine`` once the safety check is confirmed; return True when it started."""
        if not self.ask_safety_check():
            return False
        return self.play(routine) if language is None else self.play(routine, language)

    def play(self, routine: Routine, language: str | None = None) -> bool:
        """Open the player page on ``routine`` and start it (``language``: default the setting)."""
        player = self._player()
        self.pages.setCurrentWidget(player)
        self.open_action.setEnabled(False)
        player.start(routine, language or language_tag(self.settings))
        player.setFocus(Qt.FocusReason.OtherFocusReason)  # its keys work at once
        return True

    def _player(self) -> PlayerPage:
        if self.player is None:
            self.voice = self._voice_factory(self.settings, self.messages.post)
            self.log = self._log_factory(self.messages.post)
            self.player = PlayerPage(
                self.settings,
                self.voice,
                self.log,
                self._clock,
                self._screen_awake or screen_awake_for_platform(),
            )
            self.player.closed.connect(self.show_library)
            self.player.started.connect(self.session_started)
            self.player.session_ended.connect(self.session_ended)
            self.pages.addWidget(self.player)
        return self.player

    def show_library(self) -> None:
        """Go back to the routine list."""
        if self.isFullScreen():
            self.showNormal()
        self.pages.setCurrentWidget(self.library)
        self.open_action.setEnabled(True)
        self.library.routine_list.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_message(self, message: str) -> None:
        """Tell the user something that came from a background task (shown once)."""
        self.statusBar().showMessage(message, 30_000)
        if self.player is not None:
            self.player.show_message(message)

    def open_settings(self) -> SettingsDialog:
        """Show the settings dialog (window-modal); the voice follows the saved settings."""
        dialog = SettingsDialog(self.settings, self._list_voices, self._try_voice, self)
        for title, make_tab in self.extra_settings_tabs:
            dialog.add_tab(make_tab(self.settings), _(title))
        dialog.finished.connect(self._apply_settings)
        dialog.accepted.connect(self.settings_saved)
        dialog.accepted.connect(lambda: self._tell_save_problem(dialog))
        dialog.open()
        return dialog

    def _tell_save_problem(self, dialog: SettingsDialog) -> None:
        """Say that the settings could not be saved, if so (they hold until BackCoach closes)."""
        if dialog.save_problem:
            self.show_message(dialog.save_problem)

    def _try_voice(self, voice_settings: VoiceSettings, text: str) -> None:
        if self.voice is None:
            self.voice = self._voice_factory(self.settings, self.messages.post)
        self.voice.configure(voice_settings)
        self.voice.set_muted(False)  # a voice test is heard even when cues are muted
        self.voice.say(text)

    def _apply_settings(self) -> None:
        """Make the voice, the player and the library follow the settings (saved or not)."""
        if self.voice is not None:
            playing = self.player is not None and self.player.playing
            language = self.player.language if playing and self.player else None
            self.voice.configure(VoiceSettings.from_settings(self.settings, language))
            self.voice.set_beeps(self.settings.beeps)
            self.voice.set_muted(self.settings.muted)
        if self.player is not None:
            self.player.refresh_mute()
        if self.library.language != language_tag(self.settings):
            self._follow_language()

    def _follow_language(self) -> None:
        """Use a newly chosen language from now on.

        Windows opened from now on, Qt's buttons, the menus and the library follow it;
        a routine playing now keeps its language.
        """
        _tag, problem = apply_language(self.settings)
        app = QApplication.instance()
        if app is not None:
            install_qt_translations(app)
        self.library.language = language_tag(self.settings)
        self.library.set_catalog(self.library.catalog)
        self._build_menus()
        window = self.history_window
        if window is not None and not window.isVisible():
            self.history_window = None  # made afresh, in the new language, when next opened
            window.deleteLater()
        if problem:
            self.show_message(problem)

    def start_routine_id(self, routine_id: str) -> bool:
        """Bring the window up and play the library's ``routine_id`` (safety check first)."""
        self.bring_to_front()
        if self.player is not None and self.player.playing:
            return False  # one routine at a time: the one playing goes on
        routine = self.library.catalog.find(routine_id)
        if routine is None:
            self.show_message(
                _("The routine '{routine}' is not in the library.").format(routine=routine_id)
            )
            return False
        return self.start_routine(routine)

    def bring_to_front(self) -> None:
        """Show the window (from the tray, or minimized) and raise it."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()

    def speak(self, text: str) -> None:
        """Say ``text`` with the app's voice (made now if it does not exist yet)."""
        if self.voice is None:
            self.voice = self._voice_factory(self.settings, self.messages.post)
        self.voice.say(text)

    def confirm_quit_during_session(self, then: str = "quit") -> bool:
        """Ask whether to stop the routine that is playing and ``then`` act; True for yes.

        ``then``: ``quit``, ``hide the window`` (to the tray) or ``close BackCoach``.
        """
        questions = {
            "quit": _("A routine is playing. Stop it (it is logged as stopped early) and quit?"),
            "hide the window": _(
                "A routine is playing. Stop it (it is logged as stopped early) and hide the window?"
            ),
            "close BackCoach": _(
                "A routine is playing. Stop it (it is logged as stopped early) and close BackCoach?"
            ),
        }
        answer = QMessageBox.question(
            self,
            _("Stop the routine?"),
            questions[then],
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def request_quit(self) -> bool:
        """Quit BackCoach (asking first if a routine plays); return False if the user declined."""
        playing = self.player is not None and self.player.playing
        if playing and not self.confirm_quit_during_session():
            return False
        self._quitting = True
        self.close()
        self.quit_requested.emit()
        return True

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        """Hide to the tray (``close_to_tray``), or stop a session still playing and free the voice.

        A session still playing is stopped either way (logged as stopped early), after the
        user closed the window (a spontaneous close) and confirmed; answering No keeps the
        window open and the routine playing. Closes from the program itself (Quit has asked
        already) do not ask.
        """
        playing = self.player is not None and self.player.playing
        if playing and not self._quitting and event.spontaneous():
            then = "hide the window" if self.close_to_tray else "close BackCoach"
            if not self.confirm_quit_during_session(then):
                event.ignore()
                return
        if self.close_to_tray and not self._quitting:
            if self.player is not None:
                self.player.shutdown()
            event.ignore()
            self.hide()
            self.hidden_to_tray.emit()
            return
        if self.player is not None:
            self.player.shutdown()
        if self.voice is not None:
            self.voice.close()
            self.voice = None
        if self.log is not None:
            self.log.close()
            self.log = None
        super().closeEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        """Stay on screen when a page that needs more room (the player, large text) grows it."""
        super().resizeEvent(event)
        if not self.isFullScreen() and not self.isMaximized():
            keep_on_screen(self)

    def _about(self) -> None:
        QMessageBox.about(
            self,
            _("About BackCoach"),
            f"<h3>BackCoach {__version__}</h3><p>{_('A desktop coach for the lower back.')}</p>",
        )
