"""Start the BackCoach desktop app: the main window, with the tray and break reminders.

One BackCoach window per user: a second launch asks the running one to bring
up its window, then exits with 0.

On Linux the tray and the reminders live in the resident tray process
(``backcoach.resident``, no Qt): the app starts it if it is not running and
reports to it what the player did; closing the window ends this process
while the tray goes on. Elsewhere (Windows, macOS) the tray and reminders run
in this process, and closing the window keeps BackCoach running there.

``run_tray`` starts ``backcoach tray`` with Qt (Windows, macOS, ``--qt``): the
tray and the reminders alone, the main window made when first asked for.
These two are the only way in from ``backcoach.cli`` to the ui.
"""

from __future__ import annotations

import signal
import sys
from typing import TYPE_CHECKING, Any

from backcoach import resident
from backcoach.adapters.memory import release_free_memory, settle_heap
from backcoach.adapters.reminder_setup import tracker_config, tray_start, when_due_line
from backcoach.config.settings import Settings, apply_language, load_settings
from backcoach.core.history.safe_log import SafeLog
from backcoach.core.routine.model import Routine
from backcoach.i18n import _
from backcoach.ipc.messages import APP_SETTINGS, APP_SHOW, SECOND_TRAY

# ``tray_app`` imports what needs no Qt before PySide6 (see there), so it comes first.
from backcoach.ui.reminders.tray_app import Reminders, build_reminders, lazy_speaker

# isort: split
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from backcoach.ui.app.icon import use_app_identity
from backcoach.ui.app.qt_translations import install_qt_translations
from backcoach.ui.app.shell import AppShell, RemindersPort
from backcoach.ui.app.single_instance import SingleInstance
from backcoach.ui.app.theme import follow_theme
from backcoach.ui.reminders.tray import status_line

if TYPE_CHECKING:
    from backcoach.core.routine.sharing import EditSource
    from backcoach.ui.app.main_window import MainWindow

_TRIM_AFTER_START_MS = 3000
_SETTLE_AFTER_START_MS = 2000
"""When start-up's objects are frozen out of the garbage collector's sight (``settle_heap``)."""


def run_app(
    play: Routine | None = None,
    language: str | None = None,
    *,
    open_settings: bool = False,
    ui_language: str | None = None,
) -> int:
    """Run the app until the user quits; return the exit code.

    ``play``: start this routine at once (after the safety check), in ``language``.
    ``open_settings``: open the settings dialog at once. ``ui_language``: this
    run's language instead of the setting's (``backcoach --lang``).
    """
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("BackCoach")
    use_app_identity(app)
    loaded = load_settings()
    settings = loaded.settings
    follow_theme(app, settings.theme)
    problems: list[str] = []
    language_problem = _set_language(app, settings, ui_language)
    if language_problem:
        problems.append(language_problem)
    guard = SingleInstance()
    if not guard.claim(APP_SETTINGS if open_settings else APP_SHOW):
        print(_("BackCoach is already running; it was asked to show its window."))
        return 0
    window = _main_window(settings)
    in_process: Reminders | None = None
    reminders: RemindersPort
    if resident.runs_here():
        from backcoach.resident.client import ResidentClient

        client = ResidentClient()
        client.ensure_running()
        reminders, in_tray = client, True
    else:
        config, config_problems = tracker_config(settings, None, None)
        problems.extend(config_problems)
        in_process = build_reminders(
            settings, config, SafeLog(report=window.show_message), speak=window.speak
        )
        in_process.switch(settings.reminders_enabled)
        reminders, in_tray = in_process, in_process.tray.show()
    app.setQuitOnLastWindowClosed(not in_tray)
    shell = AppShell(settings, reminders, lambda: window, in_tray=in_tray)
    if in_process is not None:
        in_process.connect_shell(shell)
    shell.ensure_window()
    shell.quit_requested.connect(app.quit)
    guard.message_received.connect(shell.handle_message)
    try:
        shell.apply_autostart_setting()
    except OSError as exc:
        problems.append(_("Start at login could not be set up: {problem}").format(problem=exc))
    window.show()
    for problem in [loaded.problem, *problems]:
        if problem:
            QMessageBox.warning(window, _("Settings"), problem)
    # What may open a dialog waits for the main loop: a quit that comes meanwhile (from
    # the tray) must end the main loop, not only the dialog's.
    if play is not None:
        QTimer.singleShot(0, lambda: window.start_routine(play, language))
    elif open_settings:
        QTimer.singleShot(0, shell.open_settings)
    elif not settings.safety_acknowledged:
        QTimer.singleShot(0, window.ask_safety_check)
    if play is None:  # its collection (about 60 ms) would fall into the routine's first seconds
        QTimer.singleShot(_SETTLE_AFTER_START_MS, settle_heap)
    try:
        return app.exec()
    finally:
        if in_process is not None:
            in_process.controller.stop()
            in_process.tray.icon.hide()
        guard.release()


def _set_language(app: QApplication, settings: Settings, override: str | None = None) -> str | None:
    """Make the language setting (or ``override``) this process's, Qt's own buttons too.

    Returns a warning about an unknown code in the settings, if any.
    """
    _tag, problem = apply_language(settings, override)
    install_qt_translations(app)
    return problem


def _main_window(settings: Settings) -> MainWindow:
    """Make the main window (imported only now: the tray alone does not need it)."""
    from backcoach.ui.app.main_window import MainWindow

    return MainWindow(settings)


def run_tray(
    interval_min: float | None = None,
    idle_threshold_s: float | None = None,
    ui_language: str | None = None,
) -> int:
    """Run BackCoach in the tray until the user quits; return the exit code.

    ``ui_language``: this run's language instead of the setting's (``backcoach --lang``).
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl+C ends it even inside the Qt loop
    settings, config = tray_start(interval_min, idle_threshold_s, ui_language)

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("BackCoach")
    use_app_identity(app)
    app.setQuitOnLastWindowClosed(False)
    _set_language(app, settings, ui_language)  # tray_start reported an unknown code
    follow_theme(app, settings.theme)
    guard = SingleInstance()
    if not guard.claim(SECOND_TRAY):
        print(_("BackCoach is already running; it was asked to show itself."))
        return 0

    def report_log_problem(message: str) -> None:
        print(message, file=sys.stderr)
        reminders.tray.announce(_("BackCoach could not log a break"), message)

    # The history file is opened at the first break event; reminders go on without it.
    reminders = build_reminders(
        settings,
        config,
        SafeLog(report=report_log_problem),
        speak=lazy_speaker(settings, report=lambda message: print(message, file=sys.stderr)),
    )
    tray = reminders.tray
    in_tray = tray.show()
    # Without a tray icon the process still runs for the reminders, so the window hides too.
    shell = AppShell(settings, reminders, lambda: _main_window(settings), in_tray=True)
    reminders.connect_shell(shell)
    shell.quit_requested.connect(app.quit)

    def on_message(message: str) -> None:
        if message == SECOND_TRAY:
            tray.announce(_("BackCoach is running"), status_line(reminders.controller.status()))
        else:
            shell.handle_message(message)

    guard.message_received.connect(on_message)
    enabled = settings.reminders_enabled or interval_min is not None
    reminders.switch(enabled)
    when = when_due_line(enabled, config)
    running = (
        _("BackCoach is running in the system tray.")
        if in_tray
        else _("BackCoach is running without a system tray (reminders still appear).")
    )
    print(f"{running} {' '.join(reminders.messages)} {when}", flush=True)
    QTimer.singleShot(_TRIM_AFTER_START_MS, release_free_memory)
    QTimer.singleShot(_SETTLE_AFTER_START_MS, settle_heap)
    try:
        return app.exec()
    finally:
        reminders.controller.stop()
        guard.release()


def run_editor(source: EditSource) -> int:
    """Run the editor on its own (``backcoach edit``) until its window closes."""
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("BackCoach")
    use_app_identity(app)
    from backcoach.ui.editor.window import EditorWindow

    settings = load_settings().settings
    voice: list[Any] = []

    def speak(text: str) -> None:
        if not voice:
            from backcoach.adapters.speech import create_speaker

            voice.append(create_speaker(settings))
        voice[0].say(text)

    window = EditorWindow(source, speak=speak)
    window.show()
    window.offer_restore()
    QTimer.singleShot(_SETTLE_AFTER_START_MS, settle_heap)
    code = app.exec()
    for speaker in voice:
        speaker.close()
    return int(code)
