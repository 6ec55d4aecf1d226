"""The player page: one routine played on the mat, readable from three metres.

The page is a view of a ``Runner`` (``core/playback/runner.py``), which owns
the session, its log, the voice lead-in and the rule that the voice is cut
before a move. A single-shot precise ``QTimer`` sleeps until
``runner.next_deadline()`` (the next boundary, cue or countdown second) and
polls it, so the position always comes from the clock and never from
counting ticks. While the page is visible and playing, a ~10 Hz timer only
repaints the countdown ring and the breathing guide.

Cues go to the voice (``SpokenCues``) and, for spoken ones, to a caption on
screen, so the session works the same with no speech engine. When the
session ends the page shows how it ended (with the safety advice after a
pain stop) and three optional questions.

Keys: Space pause/resume, Right next, Left back, R restart the step, Enter
done (self-paced sets), M mute, F full screen, P stop for sharp pain (at once),
Esc stop (asks first). The buttons take no focus (the keys belong to the page);
screen readers hear each new phase and the countdown now and then
(``PlayerAnnouncer``).
"""

from __future__ import annotations

import math
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QEvent, QObject, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFontMetricsF, QKeyEvent, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from backcoach.adapters.screen_awake import NoScreenAwake, ScreenAwake
from backcoach.adapters.speech.cue_sink import SpokenCues
from backcoach.adapters.speech.rendering import VoiceSettings
from backcoach.adapters.speech.speaker import CueVoice
from backcoach.config.settings import Settings, try_save_settings
from backcoach.core.clock import Clock, SystemClock
from backcoach.core.playback.cues import Cue
from backcoach.core.playback.display import Phase, PlayerDisplay, player_display, upcoming_exercise
from backcoach.core.playback.record import SessionRecord, SessionStatus
from backcoach.core.playback.runner import Runner
from backcoach.core.playback.session import (
    CueDue,
    Finished,
    Paused,
    Resumed,
    SegmentStarted,
    Session,
    SessionEvent,
    SessionState,
    Stopped,
)
from backcoach.core.playback.session_log import NoSessionLog, SessionLog
from backcoach.core.playback.timeline import BREATH_KINDS, REP_KINDS, BlockKind, Side, Timeline
from backcoach.core.routine.model import CircuitStep, Routine, Step
from backcoach.i18n import N_, _
from backcoach.ui.app.responsive_row import ResponsiveRow
from backcoach.ui.player.announcer import PlayerAnnouncer
from backcoach.ui.player.breathing_guide import BreathingGuide
from backcoach.ui.player.caption_bar import CaptionBar
from backcoach.ui.player.countdown_ring import CountdownRing
from backcoach.ui.player.fitting_label import FittingLabel
from backcoach.ui.player.illustration_view import IllustrationView
from backcoach.ui.player.phase_colors import PAIN_BUTTON, PHASE_COLORS
from backcoach.ui.player.proportions import PlayerSizes, player_sizes
from backcoach.ui.player.session_end_view import SessionEndView
from backcoach.ui.player.shrinking import first_fitting, shrinking_sizes

REPAINT_MS = 100
"""The countdown ring and breathing guide repaint at ~10 Hz while playing."""
PAUSED_REDRAW_MS = 250
"""While paused, the page is drawn again this often, so that resuming is drawn warm.

On a shared machine the first work after a second or more of idleness runs 4-15 times
slower (code and data gone cold): resuming at full screen stalled 70-140 ms. Drawing the
paused page four times a second keeps that path warm (resume 15-30 ms) for about 4 % of
one core; see docs/benchmarks.md.
"""
PAUSED_REDRAW_FOR_MS = 5 * 60 * 1000
"""A pause longer than this stops the redrawing (someone who walked away; one slow resume)."""
INSTRUCTION_LINES = 2
"""Room kept for the step's instruction; a longer one is set in a smaller font to fit."""
PLAYING_REASON = N_("A BackCoach routine is playing")
"""Why the screen is kept on (the desktop may show it)."""
MIN_PAGE = (800, 560)
"""The smallest page everything is laid out for (an 800×600 window, less its menu)."""
TITLE_MIN_SCALE = 0.78
"""The exercise name shrinks to this share of its size (6.6 % → 5.2 % of the height) before "…"."""
COUNTER_LINES = 2
"""Room kept for the counters (round, set, rep), which wrap in a narrow window."""


class PlayerVoice(CueVoice, Protocol):
    """The voice the player needs: a ``CueVoice`` that can be set up per session."""

    def configure(self, settings: VoiceSettings) -> None:
        """Use this language, voice, rate and volume from now on."""
        ...

    def set_beeps(self, enabled: bool) -> None:
        """Turn beeps on or off."""
        ...

    def wait_prepared(self, timeout_s: float) -> bool:
        """Return whether every phrase asked for is rendered (waiting at most ``timeout_s``)."""
        ...


def illustrations_by_pointer(routine: Routine) -> dict[str, Path]:
    """Return each step's illustration file by the step's JSON Pointer."""
    found: dict[str, Path] = {}

    def visit(step: Step) -> None:
        if step.illustration is not None:
            found[step.pointer] = step.illustration
        if isinstance(step, CircuitStep):
            for child in step.steps:
                visit(child)

    for step in routine.steps:
        visit(step)
    return found


def _fit_lines(
    label: QLabel, text: str, lines: int, base: int | None = None, smallest: int | None = None
) -> None:
    """Show ``text`` wrapped in ``label`` within ``lines`` lines, in a smaller font if needed.

    The font shrinks from ``base`` (default: the label's font) down to ``smallest``
    pixels (default: 60 % of it). One-line texts are ``FittingLabel``s, which also cut.
    """
    font = label.font()
    base = base or font.pixelSize()
    smallest = smallest or round(base * 0.6)
    width = max(10, label.width())
    flags = int(Qt.TextFlag.TextWordWrap)

    def fits(size: float) -> bool:
        font.setPixelSize(round(size))
        metrics = QFontMetricsF(font)
        needed = metrics.boundingRect(QRectF(0, 0, width, 10_000), flags, text)
        # Counted in lines with half a line to spare: ``lines`` lines measure about that many
        # line spacings, a pixel either way (a pixel's margin made 2 lines "not fit" at one
        # size and fit at the next smaller but one).
        return needed.height() <= metrics.lineSpacing() * (lines + 0.5)

    font.setPixelSize(round(first_fitting(shrinking_sizes(base, smallest, 0.93), fits)))
    label.setFont(font)
    label.setText(text)


def _weak(method: Callable[..., None]) -> Callable[..., None]:
    """Wrap a bound method so the runner and its session do not keep their widget alive.

    Without this, page and runner form a reference cycle that only Python's
    garbage collector frees, at an arbitrary moment, possibly in the middle
    of painting another window.
    """
    ref = weakref.WeakMethod(method)

    def call(*args: object) -> None:
        target = ref()
        if target is not None:
            target(*args)

    return call


class PlayerPage(QWidget):
    """Plays one routine at a time; ``closed`` asks the window to go back to the library."""

    closed = Signal()
    started = Signal()
    """Emitted when the session's clock starts (after the voice lead-in)."""
    ended = Signal(object)
    """Emitted with the ``SessionRecord`` once a session has ended and been logged."""
    session_ended = Signal(str)
    """A session ended, with its status (``SessionStatus`` value, e.g. ``completed``)."""

    def __init__(
        self,
        settings: Settings,
        voice: PlayerVoice,
        log: SessionLog | None = None,
        clock: Clock | None = None,
        screen_awake: ScreenAwake | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("playerPage")
        self.settings = settings
        self.voice = voice
        self.log: SessionLog = log or NoSessionLog()
        self.clock: Clock = clock or SystemClock()
        self.screen_awake: ScreenAwake = screen_awake or NoScreenAwake()
        self.sink = SpokenCues(voice, self.clock)
        self.runner: Runner | None = None
        self.language = settings.language
        self.display: PlayerDisplay | None = None
        self._illustrations: dict[str, Path] = {}
        self._resume_after_confirm = False
        self._entered_full_screen = False
        self._phase: Phase | None = None
        self._instruction: str | None = None
        self._sizes: PlayerSizes | None = None
        self._sized_for = (0, 0)
        self._fitted: dict[str, str] = {}

        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(_("Player"))
        self.setAccessibleDescription(
            _(
                "Keys: Space pause or resume, Right next, Left back, R restart the step,"
                " Enter done, M mute, F full screen, P stop for sharp pain, Esc stop."
            )
        )
        self.announcer = PlayerAnnouncer(self)
        self._deadline = QTimer(self)
        self._deadline.setSingleShot(True)
        self._deadline.setTimerType(Qt.TimerType.PreciseTimer)
        self._deadline.timeout.connect(self.tick)
        self._repaint = QTimer(self)
        self._repaint.setInterval(REPAINT_MS)
        self._repaint.timeout.connect(self.refresh)
        self._paused_redraw = QTimer(self)
        self._paused_redraw.setInterval(PAUSED_REDRAW_MS)
        self._paused_redraw.timeout.connect(self._redraw_paused)
        self._paused_redraws_left = 0

        self.views = QStackedWidget()
        self.stage = self._build_stage()
        self.end_view = SessionEndView()
        self.end_view.answered.connect(self._save_answers)
        self.end_view.skipped.connect(self._close)
        self.views.addWidget(self.stage)
        self.views.addWidget(self.end_view)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.views)
        # Sizes for the smallest supported window until the first resize: without them the
        # page would ask its window for room for the unscaled default fonts. The buttons are
        # styled at the first resize, once polished (a style sheet set before would leave
        # them measuring themselves in the default style).
        self._apply_sizes(player_sizes(*MIN_PAGE), style_buttons=False)

    # -- building ---------------------------------------------------------------------------

    def _label(self, name: str, wrap: bool = False) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setTextFormat(Qt.TextFormat.PlainText)  # routine texts are not markup
        label.setWordWrap(wrap)
        return label

    def _line(self, name: str, min_scale: float = 0.6) -> FittingLabel:
        """Return a one-line label that shrinks, then cuts its text to fit (long languages)."""
        label = FittingLabel(min_scale)
        label.setObjectName(name)
        return label

    def _button(self, text: str, name: str, slot) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys belong to the page
        button.clicked.connect(slot)
        return button

    def _build_stage(self) -> QWidget:
        stage = QWidget()
        stage.setObjectName("playerStage")
        stage.setAutoFillBackground(True)

        self.message_banner = self._label("speechBanner", wrap=True)
        self.message_banner.setStyleSheet(
            "QLabel#speechBanner { background: #fff4c2; color: #3a2a00;"
            " border: 2px solid #b08800; padding: 6px; font-size: 14px; }"
        )
        self.message_banner.hide()

        self.phase_label = self._line("phaseLabel")
        self.routine_left = self._line("routineLeft")
        self.routine_left.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        pain_stop = _("Sharp pain – stop (P)")
        self.pain_button = self._button(pain_stop, "painButton", self.stop_for_pain)
        self.pain_button.setToolTip(_("Ends the session at once and shows what to do next."))
        self.pain_button.setAccessibleDescription(self.pain_button.toolTip())
        self.side_label = self._line("sideLabel")
        header = QHBoxLayout()
        header.addWidget(self.phase_label)
        header.addSpacing(10)
        header.addWidget(self.side_label)
        header.addStretch(1)
        header.addWidget(self.routine_left)
        header.addSpacing(16)
        header.addWidget(self.pain_button)

        self.title_label = self._line("exerciseTitle", TITLE_MIN_SCALE)

        self.ring = CountdownRing()
        self.ring.warm_colors(colors.text for colors in PHASE_COLORS.values())
        self.breathing = BreathingGuide()
        self.illustration = IllustrationView()
        pictures = QHBoxLayout()
        pictures.addWidget(self.illustration, 1)
        pictures.addWidget(self.breathing, 1)

        self.instruction_label = self._label("instruction", wrap=True)
        self.instruction_label.setSizePolicy(
            QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum
        )
        self.instruction_label.setMinimumWidth(1)  # it wraps, in a smaller font if need be
        self.counters_label = self._label("counters", wrap=True)
        self.counters_label.setMinimumWidth(1)  # it wraps, in a smaller font if need be
        for label in (self.instruction_label, self.counters_label):
            label.installEventFilter(self)  # fitted again when the layout changes their width
        self.next_label = self._line("nextLabel", 0.6)
        self.next_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        # Beside the ring: what to do (name, picture, instruction) and where you are.
        self.beside = QWidget()
        self.beside.setObjectName("besideRing")
        self.beside_layout = QVBoxLayout(self.beside)
        self.beside_layout.setContentsMargins(0, 0, 0, 0)
        self.beside_layout.addWidget(self.title_label)
        self.beside_layout.addLayout(pictures, 1)
        self.beside_layout.addWidget(self.instruction_label)
        self.beside_layout.addWidget(self.counters_label)
        middle = QHBoxLayout()
        middle.addWidget(self.ring, 1)
        middle.addWidget(self.beside, 1)
        self.middle_layout = middle
        self.captions = CaptionBar(self.clock)  # every spoken cue as text, every beep a flash
        self.caption_label = self.captions.line
        facts = QHBoxLayout()  # what was just said, and what comes next
        facts.addWidget(self.captions, 1)
        facts.addWidget(self.next_label, 1)

        self.progress = QProgressBar()
        self.progress.setObjectName("routineProgress")
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        self.progress.setFixedHeight(14)  # resizeEvent sets every size from the page's

        self.back_button = self._button(_("← Back"), "backButton", self.back)
        self.pause_button = self._button(_("Pause (Space)"), "pauseButton", self.toggle_pause)
        self.restart_button = self._button(_("Restart (R)"), "restartButton", self.restart_step)
        self.done_button = self._button(_("Done (Enter)"), "doneButton", self.done)
        self.next_button = self._button(_("Next →"), "nextButton", self.next)
        self.mute_button = self._button(_("Mute (M)"), "muteButton", self.toggle_mute)
        self.full_button = self._button(_("Full screen (F)"), "fullScreenButton", self.toggle_full)
        self.stop_button = self._button(_("Stop (Esc)"), "stopButton", self.ask_stop)
        # One row, or two where a long language makes the buttons wider than the window.
        self.controls = ResponsiveRow()
        moves, settings = QHBoxLayout(), QHBoxLayout()
        for button in (
            self.back_button,
            self.pause_button,
            self.restart_button,
            self.done_button,
            self.next_button,
        ):
            moves.addWidget(button)
        moves.addStretch(1)
        settings.addStretch(1)
        for button in (self.mute_button, self.full_button, self.stop_button):
            settings.addWidget(button)
        self.controls.add(moves, 1)
        self.controls.add(settings)

        self.confirm_bar = QWidget()
        self.confirm_bar.setObjectName("confirmStop")
        confirm = QHBoxLayout(self.confirm_bar)
        confirm.setContentsMargins(0, 0, 0, 0)
        self.confirm_label = self._line("confirmLabel")
        self.confirm_label.setText(_("Stop this session?"))
        self.confirm_yes = self._button(_("Stop (Enter)"), "confirmYes", self.confirm_stop)
        self.confirm_no = self._button(_("Go on (Esc)"), "confirmNo", self.cancel_stop)
        confirm.addWidget(self.confirm_label, 1)
        confirm.addWidget(self.confirm_no)
        confirm.addWidget(self.confirm_yes)
        self.control_stack = QStackedWidget()  # one height for both: the ring keeps its size
        self.control_stack.addWidget(self.controls)
        self.control_stack.addWidget(self.confirm_bar)
        # The buttons fit from 800 px on (the layout tests check it in every language). Their
        # width is left out of the page's minimum: before the page is first shown, the buttons
        # would ask for the default style's wider padding, and the window would grow for it.
        self.control_stack.setMinimumWidth(1)

        layout = QVBoxLayout(stage)
        self.stage_layout = layout
        layout.addWidget(self.message_banner)
        layout.addLayout(header)
        layout.addLayout(middle, 1)
        layout.addLayout(facts)
        layout.addWidget(self.progress)
        layout.addWidget(self.control_stack)
        return stage

    # -- starting ---------------------------------------------------------------------------

    @property
    def session(self) -> Session | None:
        """Return the session being played (or the last one), None before the first."""
        return self.runner.session if self.runner is not None else None

    @property
    def timeline(self) -> Timeline | None:
        """Return the timeline being played, None before the first."""
        return self.runner.timeline if self.runner is not None else None

    @property
    def cues(self) -> tuple[Cue, ...]:
        """Return the cue plan being played."""
        return self.runner.cues if self.runner is not None else ()

    @property
    def saved_id(self) -> int | None:
        """Return the log's id of the session that ended, once it is saved (else None)."""
        return self.runner.saved_id if self.runner is not None else None

    @property
    def playing(self) -> bool:
        """Return whether a session is under way (running, waiting or paused)."""
        return self.runner is not None and self.runner.playing

    def start(self, routine: Routine, language: str | None = None) -> None:
        """Compile ``routine`` and play it from the start (after a short voice lead-in)."""
        if self.playing:
            self.stop(SessionStatus.STOPPED_EARLY)
        self.language = language or self.settings.language
        self.runner = Runner.for_routine(
            routine,
            self.language,
            self.settings.speech_rate,
            self.clock,
            self.voice,
            self.sink,
            self.log,
            source="gui",
            on_begin=_weak(self._began),
        )
        self.runner.subscribe(_weak(self._on_event))
        self.announcer.reset()
        self._illustrations = illustrations_by_pointer(routine)
        self.captions.clear()
        self.control_stack.setCurrentWidget(self.controls)
        self.views.setCurrentWidget(self.stage)
        self.voice.configure(VoiceSettings.from_settings(self.settings, self.language))
        self.voice.set_beeps(self.settings.beeps)
        self.voice.set_muted(self.settings.muted)
        self.refresh_mute()
        self._show_segment(self.runner.timeline.segments[0])
        self.refresh()
        self.setFocus()
        self.runner.start()  # begins now, or once the first phrases are rendered
        self._after_command()

    def _began(self) -> None:
        """Hold the screen on and tell the window: the clock started (after the lead-in)."""
        self.screen_awake.hold(_(PLAYING_REASON))
        self.started.emit()

    # -- the clock --------------------------------------------------------------------------

    def tick(self) -> None:
        """Bring the runner up to the clock, repaint, and sleep until the next deadline."""
        if self.runner is None:
            return
        self.runner.poll()
        self._after_command()

    def _after_command(self) -> None:
        self.refresh()
        self._schedule()

    def _schedule(self) -> None:
        session = self.session
        delay = self.runner.next_deadline() if self.runner is not None else None
        if delay is None:
            self._deadline.stop()
        else:
            self._deadline.start(max(1, math.ceil(delay * 1000)))
        running = session is not None and session.state in (
            SessionState.RUNNING,
            SessionState.WAITING,
        )
        if running and self.isVisible():
            if not self._repaint.isActive():
                self._repaint.start()
        else:
            self._repaint.stop()
        paused = session is not None and session.state is SessionState.PAUSED
        if paused and self.isVisible():
            if not self._paused_redraw.isActive():
                self._paused_redraws_left = PAUSED_REDRAW_FOR_MS // PAUSED_REDRAW_MS
                self._paused_redraw.start()
        else:
            self._paused_redraw.stop()

    def _redraw_paused(self) -> None:
        """Draw the paused page again (see ``PAUSED_REDRAW_MS``), for a while."""
        self._paused_redraws_left -= 1
        if self._paused_redraws_left <= 0:
            self._paused_redraw.stop()
        self.stage.update()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self._schedule()

    def hideEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().hideEvent(event)
        self._repaint.stop()
        self._paused_redraw.stop()

    # -- session events ---------------------------------------------------------------------

    def _on_event(self, event: SessionEvent) -> None:
        if isinstance(event, CueDue):
            self.captions.show_cue(event.cue)
        elif isinstance(event, SegmentStarted):
            self._show_segment(event.segment)
        elif isinstance(event, Paused):
            self.screen_awake.release()
        elif isinstance(event, Resumed):
            self.screen_awake.hold(_(PLAYING_REASON))
        elif isinstance(event, (Finished, Stopped)):
            self._end(event.record)

    def _show_segment(self, segment) -> None:
        assert self.timeline is not None
        pointer, side = segment.pointer, segment.side
        if self.timeline.blocks[segment.block].kind is BlockKind.REST:
            upcoming = upcoming_exercise(self.timeline, segment)
            pointer = upcoming.pointer if upcoming is not None else ""
            side = self.timeline.segments[upcoming.first_segment].side if upcoming else None
        path = self._illustrations.get(pointer)
        # The right side shows the picture mirrored; a file that cannot be read, a placeholder.
        self.illustration.setVisible(self.illustration.set_path(path, side is Side.RIGHT))
        self.illustration.prepare(self._next_picture(segment, path))

    def _next_picture(self, segment, shown: Path | None) -> Path | None:
        """Return the next picture after ``shown`` the timeline will show (None: none)."""
        assert self.timeline is not None
        for block in self.timeline.blocks[segment.block + 1 :]:
            if block.kind is BlockKind.EXERCISE:
                path = self._illustrations.get(self.timeline.segments[block.first_segment].pointer)
                if path != shown:
                    return path
        return None

    def _end(self, record: SessionRecord) -> None:
        self._deadline.stop()
        self._repaint.stop()
        self._paused_redraw.stop()
        self.screen_awake.release()
        if self.window().isFullScreen() and self._entered_full_screen:
            self.toggle_full()
        self.end_view.show_record(record, self.saved_id is not None, self.language)
        self.views.setCurrentWidget(self.end_view)
        self.end_view.take_focus()
        self.ended.emit(record)
        self.session_ended.emit(record.status.value)

    # -- commands ---------------------------------------------------------------------------

    def toggle_pause(self) -> None:
        """Pause (cutting speech) or resume."""
        if self.runner is None or not self.playing:
            return
        self.runner.toggle_pause()
        self._after_command()

    def _command(self, command: Callable[[Runner], bool]) -> bool:
        """Run a runner command (it cuts the voice before moving), then repaint."""
        if self.runner is None:
            return False
        done = command(self.runner)
        self._after_command()
        return done

    def next(self) -> bool:
        """Skip to the next exercise or rest."""
        return self._command(Runner.next)

    def back(self) -> bool:
        """Go back to the previous exercise."""
        return self._command(Runner.back)

    def restart_step(self) -> bool:
        """Start the current exercise again, its preparation included."""
        return self._command(Runner.restart_step)

    def done(self) -> bool:
        """Finish a self-paced set; does nothing elsewhere."""
        return self._command(Runner.done)

    def stop(self, status: SessionStatus = SessionStatus.STOPPED_EARLY) -> bool:
        """End the session now with ``status`` (logged, then the end view shows)."""
        if self.runner is None:
            return False
        return self.runner.stop(status)

    def stop_for_pain(self) -> None:
        """End the session at once for sharp pain, silence the voice, show the advice."""
        self.control_stack.setCurrentWidget(self.controls)
        self.stop(SessionStatus.STOPPED_FOR_PAIN)

    def ask_stop(self) -> None:
        """Pause and ask whether to stop (Enter stops, Esc goes on)."""
        if self.session is None or not self.playing or self.confirm_bar.isVisible():
            return
        self._resume_after_confirm = self.session.state is not SessionState.PAUSED
        if self._resume_after_confirm and self.runner is not None:
            self.runner.pause()
            self._after_command()
        self.control_stack.setCurrentWidget(self.confirm_bar)

    def confirm_stop(self) -> None:
        """Stop after the question was answered with yes."""
        self.control_stack.setCurrentWidget(self.controls)
        self.stop(SessionStatus.STOPPED_EARLY)

    def cancel_stop(self) -> None:
        """Go on after the question was answered with no."""
        self.control_stack.setCurrentWidget(self.controls)
        if self._resume_after_confirm and self.runner is not None:
            self.runner.resume()
        self._after_command()

    def toggle_mute(self) -> None:
        """Mute or unmute speech and beeps, and remember it."""
        self.settings.muted = not self.settings.muted
        self.voice.set_muted(self.settings.muted)
        problem = try_save_settings(self.settings)
        if problem:
            self.show_message(problem)
        self.refresh_mute()

    def toggle_full(self) -> None:
        """Switch the window to full screen and back."""
        window = self.window()
        if window.isFullScreen():
            window.showNormal()
            self._entered_full_screen = False
        else:
            window.showFullScreen()
            self._entered_full_screen = True
        self.full_button.setText(
            _("Leave full screen (F)") if self._entered_full_screen else _("Full screen (F)")
        )

    def show_message(self, message: str) -> None:
        """Show a message (e.g. speech is off, and how to enable it) above the player."""
        self.message_banner.setText(message)
        self.message_banner.show()

    def refresh_mute(self) -> None:
        """Show the mute button as the settings say (after they changed elsewhere)."""
        self.mute_button.setText(_("Unmute (M)") if self.settings.muted else _("Mute (M)"))

    def _save_answers(self, effort: int | None, pain: int | None, note: str) -> None:
        if self.runner is not None:
            self.runner.save_answers(effort, pain, note)
        self._close()

    def _close(self) -> None:
        self.closed.emit()

    # -- keys -------------------------------------------------------------------------------

    def key_actions(self) -> dict[Qt.Key, Callable[[], object]]:
        """Return the player's keys (without modifiers) and what each does."""
        return {
            Qt.Key.Key_Space: self.toggle_pause,
            Qt.Key.Key_Right: self.next,
            Qt.Key.Key_Left: self.back,
            Qt.Key.Key_R: self.restart_step,
            Qt.Key.Key_Return: self.done,
            Qt.Key.Key_Enter: self.done,
            Qt.Key.Key_M: self.toggle_mute,
            Qt.Key.Key_F: self.toggle_full,
            Qt.Key.Key_P: self.stop_for_pain,
            Qt.Key.Key_Escape: self.ask_stop,
        }

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if self.views.currentWidget() is not self.stage:
            super().keyPressEvent(event)
            return
        key = Qt.Key(event.key())
        enter = key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if self.confirm_bar.isVisible():
            if enter or key == Qt.Key.Key_Y:
                self.confirm_stop()
            elif key in (Qt.Key.Key_Escape, Qt.Key.Key_N, Qt.Key.Key_Space):
                self.cancel_stop()
            elif key == Qt.Key.Key_P:
                self.stop_for_pain()
            return
        action = self.key_actions().get(key)
        if action is None or event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            super().keyPressEvent(event)
            return
        action()

    # -- painting ---------------------------------------------------------------------------

    def refresh(self) -> None:
        """Repaint from the session's state now (no events are fired here)."""
        if self.session is None:
            return
        display = player_display(self.session, self.language)
        self.display = display
        if display.phase is not self._phase:
            before, self._phase = self._phase, display.phase
            self._apply_colors(display.phase, before)
        self.phase_label.setText(display.phase_label)
        sizes = self._sizes or player_sizes(self.width(), self.height())
        self.title_label.setText(display.title)  # shrinks to 5 % of the height, then cuts
        self.side_label.setText(f"· {display.side.capitalize()}" if display.side else "")
        self.side_label.setVisible(bool(display.side))
        self._instruction = display.instruction
        base = sizes.instruction_font
        self._fit(
            self.instruction_label, display.instruction, INSTRUCTION_LINES, base, round(base * 0.6)
        )
        counters = "  ·  ".join(display.counters)
        big, least = sizes.counters_font, sizes.counters_font_min
        self._fit(self.counters_label, counters, COUNTER_LINES, big, least)
        next_text = _("Next: {what}").format(what=display.next_text) if display.next_text else ""
        self.next_label.setText(next_text)
        self.routine_left.setText(display.routine_left)
        value = round(display.routine_fraction * 1000)
        if value != self.progress.value():
            # QProgressBar.setValue repaints at once (a paint and a push to the display of
            # its own, ten times a second); with updates off it only records the value, and
            # turning them on again asks for an ordinary repaint, merged with the page's.
            self.progress.setUpdatesEnabled(False)
            self.progress.setValue(value)
            self.progress.setUpdatesEnabled(True)
        self.ring.set_state(display.big_text, display.big_caption, display.ring_fraction)
        counting_down = self.session.current_segment.kind not in REP_KINDS | BREATH_KINDS
        self.announcer.update(display, counting_down)
        self.breathing.set_state(display.breath)
        self.breathing.setVisible(display.breath is not None)
        self.captions.expire()
        paused = self.session.state is SessionState.PAUSED
        self.pause_button.setText(_("Resume (Space)") if paused else _("Pause (Space)"))
        self.done_button.setVisible(display.self_paced)

    def _apply_colors(self, phase: Phase, before: Phase | None = None) -> None:
        """Colour the stage through its palette (a style sheet would re-polish every child).

        Under an application style sheet (the focus ring) children no longer inherit the
        stage's palette, so each one that shows a phase colour gets it too. Handing out a
        palette costs about a millisecond a widget at full screen, on top of the whole page
        repainting in the new background: when only the background changes from ``before``
        (pause and resume, work to rest), only the caption bar (it flashes in it) and the
        progress bar (its groove is drawn from it) follow.
        """
        colors = PHASE_COLORS[phase]
        background, text = QColor(colors.background), QColor(colors.text)
        groove = QColor(text)
        groove.setAlphaF(0.3)
        palette = self.stage.palette()
        palette.setColor(QPalette.ColorRole.Window, background)
        palette.setColor(QPalette.ColorRole.WindowText, text)
        palette.setColor(QPalette.ColorRole.Highlight, text)
        palette.setColor(QPalette.ColorRole.Base, groove)
        self.stage.setPalette(palette)
        followers: tuple[QWidget, ...] = (self.captions, self.captions.line, self.progress)
        if before is None or PHASE_COLORS[before].text != colors.text:
            followers = (*self.stage.findChildren(QLabel), self.progress, self.captions)
            for widget in (self.ring, self.breathing):
                widget.set_color(colors.text)
        for child in followers:
            child.setPalette(palette)

    def _button_style(self, sizes: PlayerSizes) -> str:
        pad = f"padding: {sizes.button_padding_y}px {sizes.button_padding_x}px;"
        return (
            f"QPushButton {{ background: #fbfbfb; color: #111111; font-size: {sizes.button_font}px;"
            f" border: 2px solid #333333; border-radius: 8px; {pad} }}"
            "QPushButton:pressed { background: #dddddd; }"
            f"QPushButton#painButton {{ background: {PAIN_BUTTON.background};"
            f" color: {PAIN_BUTTON.text}; font-size: {sizes.pain_font}px; font-weight: bold;"
            f" border: 3px solid #ffffff; {pad} }}"
            f"QPushButton#confirmYes {{ background: {PAIN_BUTTON.background};"
            f" color: {PAIN_BUTTON.text}; }}"
        )

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        size = (self.width(), self.height())
        if self._sizes is not None and size == self._sized_for:
            return
        self._sized_for = size
        self._apply_sizes(player_sizes(*size))

    def _apply_sizes(self, sizes: PlayerSizes, style_buttons: bool = True) -> None:
        """Set fonts, margins and least sizes from ``sizes`` (all derived from the page's size)."""
        self._sizes = sizes
        self.stage_layout.setContentsMargins(
            sizes.margin_x, sizes.margin_y, sizes.margin_x, sizes.margin_y
        )
        self.stage_layout.setSpacing(sizes.spacing)
        self.beside_layout.setSpacing(sizes.spacing)
        self.middle_layout.setSpacing(sizes.margin_x)
        fonts = {
            self.phase_label: (sizes.phase_font, True),
            self.title_label: (sizes.title_font, True),
            self.side_label: (sizes.phase_font, True),
            self.instruction_label: (sizes.instruction_font, False),
            self.counters_label: (sizes.counters_font, True),
            self.next_label: (sizes.next_font, False),
            self.caption_label: (sizes.caption_font, False),
            self.routine_left: (sizes.routine_left_font, False),
            self.confirm_label: (sizes.confirm_font, True),
        }
        for label, (pixels, bold) in fonts.items():
            font = label.font()
            font.setPixelSize(pixels)
            font.setBold(bold)
            label.setFont(font)
        # Fixed heights: a caption coming and going or a longer instruction never resizes
        # the ring (a new size would redraw its big digits, and the layout would jump).
        for label, lines in (
            (self.title_label, 1),
            (self.instruction_label, INSTRUCTION_LINES),
            (self.counters_label, COUNTER_LINES),
            (self.next_label, 1),
            (self.caption_label, 1),
        ):
            label.setFixedHeight(math.ceil(QFontMetricsF(label.font()).lineSpacing() * lines) + 2)
        self.illustration.setMinimumSize(sizes.picture_min_width, sizes.picture_min_height)
        self.progress.setFixedHeight(sizes.progress_height)
        self._fitted.clear()  # fit the texts again at the new size
        style = self._button_style(sizes)
        for button in self.stage.findChildren(QPushButton) if style_buttons else ():
            button.setStyleSheet(style)  # on each button: labels keep the phase palette
        self.stage_layout.activate()  # the labels' new widths, to fit their texts into
        if self.session is not None:
            self.refresh()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Fit the instruction and counters again when the layout gives them another width.

        The page's size may stay while its columns settle (a picture shown, the
        window going full screen): a text fitted into two lines at the old width
        would wrap into three at the new one and be cut.
        """
        if (
            isinstance(event, QResizeEvent)
            and watched in (self.instruction_label, self.counters_label)
            and event.oldSize().width() != event.size().width()
        ):
            self._fitted.pop(watched.objectName(), None)
            if self.session is not None:
                self.refresh()
        return super().eventFilter(watched, event)

    def _fit(self, label: QLabel, text: str, lines: int, base: int, smallest: int) -> None:
        """Fit ``text`` into ``label`` (only when the text or the page's size changed)."""
        if self._fitted.get(label.objectName()) == text:
            return
        self._fitted[label.objectName()] = text
        _fit_lines(label, text, lines, base, smallest)

    def shutdown(self) -> None:
        """Stop a session still playing (the window is closing)."""
        if self.playing or (self.runner is not None and self.runner.leading_in):
            self.stop(SessionStatus.STOPPED_EARLY)
