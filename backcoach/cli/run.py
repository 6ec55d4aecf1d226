"""``backcoach run ROUTINE [--headless]``: play a routine in the window or in the terminal.

Without ``--headless`` the app opens and plays the routine in its player.
With it, one line keeps updating with the countdown, what to do now and what
comes next; cues are printed above it as they fall due and spoken through
the speech layer (at normal speed; ``--speed`` above 1 is silent). Keys:
space pause/resume, n next, b back, r restart the step, d done (self-paced
sets), p stop at once for sharp pain (then the safety advice), q quit. Pause,
moves, the pain stop and quit cut the phrase being said.

With no terminal on standard input (a pipe, a CI job) there are no keys: the
routine simply runs to its end, and a self-paced set counts as done when its
estimate runs out. A pause for a detected sleep (or a stall) then ends by
itself, from where it stood: nobody is there to press space.

SIGTERM and SIGHUP end the run like Ctrl-C: the session is saved as
stopped early and the summary is printed.

The terminal is a view of a ``Runner`` (``core/playback/runner.py``), as the
player window is: the runner owns the session, the log, the wait for the first
phrases and cutting the voice; this module reads keys, waits until the
runner's next deadline, and prints.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import select
import shutil
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Protocol, TextIO

from backcoach.adapters.speech.cue_sink import SpokenCues
from backcoach.adapters.speech.speaker import CueVoice
from backcoach.cli import EXIT_INVALID, EXIT_OK, EXIT_USAGE
from backcoach.cli.compiled import CompiledRoutine, add_routine_arguments, compile_argument
from backcoach.cli.feedback_prompt import ask_feedback
from backcoach.cli.plan import clock as clock_text
from backcoach.core.clock import Clock, SystemClock
from backcoach.core.control_chars import escape_controls
from backcoach.core.history.safe_log import SafeLog
from backcoach.core.playback.cues import Cue, CueKind, CueSink
from backcoach.core.playback.display import counter_values
from backcoach.core.playback.record import SessionRecord, SessionStatus
from backcoach.core.playback.runner import Runner, Silence
from backcoach.core.playback.session import (
    CueDue,
    Paused,
    PauseReason,
    Resumed,
    SegmentStarted,
    Session,
    SessionEvent,
    SessionState,
)
from backcoach.core.playback.session_log import NoSessionLog, SessionLog
from backcoach.core.playback.timeline import Segment
from backcoach.core.routine.describe import format_duration
from backcoach.core.safety import pain_stop_advice
from backcoach.i18n import N_, _, join_list, with_extra

if TYPE_CHECKING:
    from backcoach.adapters.speech.speaker import Speaker

# Translators: the keys themselves (space, n, b, r, d, p, q) stay as they are.
KEYS_HELP = N_("space pause · n next · b back · r restart · d done · p sharp pain: stop · q quit")

Wait = Callable[[float | None], "str | None"]
"""Wait up to a number of seconds (``None``: until a key) and return a key pressed, if any."""


class TerminalVoice(CueVoice, Protocol):
    """The voice the terminal player needs: a ``CueVoice`` that says when phrases are ready."""

    def wait_prepared(self, timeout_s: float) -> bool:
        """Return whether every phrase asked for is rendered (waiting at most ``timeout_s``)."""
        ...


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``run`` command."""
    parser = subparsers.add_parser(
        "run",
        help=_("play a routine"),
        description=_("Play a routine. --headless plays it in this terminal. {keys}.").format(
            keys=_(KEYS_HELP)
        ),
    )
    add_routine_arguments(parser)
    parser.add_argument(
        "--headless", action="store_true", help=_("play in the terminal, without a window")
    )
    parser.add_argument(
        "--speed",
        type=float,
        default=1.0,
        metavar="FACTOR",
        help=_("play this many times faster, to try a routine out (default 1; silent above 1)"),
    )
    parser.set_defaults(func=run)


class PrintCueSink:
    """Show spoken cues as lines of text (beeps are left out)."""

    def __init__(self, out: TextIO) -> None:
        self.out = out

    def cue(self, cue: Cue) -> None:
        if cue.kind is CueKind.SPEECH:
            self.out.write(f"{clock_text(cue.at_s):>8}  » {escape_controls(cue.text)}\n")


class ScaledClock:
    """The system clock running ``speed`` times faster (both monotonic and wall time)."""

    def __init__(self, speed: float, base: Clock | None = None) -> None:
        self.base = base or SystemClock()
        self.speed = speed
        self._mono0 = self.base.monotonic()
        self._wall0 = self.base.wall()

    def monotonic(self) -> float:
        return self._mono0 + (self.base.monotonic() - self._mono0) * self.speed

    def wall(self) -> float:
        return self._wall0 + (self.base.wall() - self._wall0) * self.speed


@contextlib.contextmanager
def terminal_keys(stream: TextIO) -> Iterator[Wait]:
    """Put the terminal in cbreak mode and yield a ``Wait`` that reads single keys."""
    import termios
    import tty

    fd = stream.fileno()
    saved = termios.tcgetattr(fd)
    tty.setcbreak(fd, termios.TCSANOW)  # keep keys typed ahead

    def wait(timeout: float | None) -> str | None:
        ready, _, _ = select.select([fd], [], [], timeout)
        if not ready:
            return None
        data = os.read(fd, 32).decode("utf-8", "replace")
        return data[:1] or None

    try:
        yield wait
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)


def sleep_wait(timeout: float | None) -> str | None:
    """Wait without keys (no terminal on standard input)."""
    time.sleep(0.5 if timeout is None else timeout)
    return None


class TerminalPlayer:
    """Drives a ``Runner`` from a wait-for-key loop and shows it on a text stream."""

    def __init__(
        self,
        compiled: CompiledRoutine,
        clock: Clock,
        out: TextIO,
        sink: CueSink,
        interactive: bool,
        live_line: bool,
        voice: TerminalVoice | None = None,
        log: SessionLog | None = None,
    ) -> None:
        """Show cues through ``sink`` (printed); ``voice`` (optional) speaks them as well.

        The session is logged to ``log`` (none by default). Without
        ``interactive`` keys, a self-paced set is done when its estimate runs out.
        """
        self.runner = Runner(
            compiled.timeline,
            compiled.cues,
            clock,
            voice if voice is not None else Silence(),
            SpokenCues(voice, clock) if voice is not None else Silence(),
            log if log is not None else NoSessionLog(),
            source="headless",
            auto_done=not interactive,
        )
        self.session = self.runner.session
        self.out = out
        self.sink = sink
        self.interactive = interactive
        self.live_line = live_line
        self._line = ""
        self._held: list[str] = []
        self.runner.subscribe(self._on_event)

    # -- events ---------------------------------------------------------------------------

    def _print(self, text: str) -> None:
        self._clear_line()
        self.out.write(text + "\n")

    def _on_event(self, event: SessionEvent) -> None:
        if isinstance(event, CueDue):
            self._clear_line()
            self.sink.cue(event.cue)
        elif isinstance(event, SegmentStarted) and not self.live_line:
            self._print(f"{clock_text(event.segment.start_s):>8}  {describe(event.segment)}")
        elif isinstance(event, Paused):
            slept = event.reason is PauseReason.SLEEP
            if self.interactive:
                said = (
                    _("Paused (the computer slept). Press space to go on.")
                    if slept
                    else _("Paused. Press space to go on.")
                )
            else:
                said = _("Paused (the computer slept).") if slept else _("Paused.")
            self._print(f"{clock_text(event.position_s):>8}  {said}")
        elif isinstance(event, Resumed):
            self._print(f"{clock_text(event.position_s):>8}  {_('Going on.')}")

    # -- the live line --------------------------------------------------------------------

    def _clear_line(self) -> None:
        if self.live_line and self._line:
            self.out.write("\r\x1b[K")
            self._line = ""

    def _draw(self) -> None:
        if not self.live_line:
            return
        line = status_line(self.session)
        width = shutil.get_terminal_size((100, 24)).columns - 1
        line = line[:width]
        if line != self._line:
            self.out.write("\r\x1b[K" + line)
            self.out.flush()
            self._line = line

    # -- the loop -------------------------------------------------------------------------

    def handle_key(self, key: str) -> None:
        """Apply one key press (the runner cuts the voice where it must).

        While the clock waits for the first phrases, keys but ``q`` and ``p`` are held
        and applied when it starts, so a key typed early is not lost.
        """
        runner = self.runner
        if runner.leading_in and key.lower() not in ("q", "p"):
            self._held.append(key)
            return
        actions: dict[str, Callable[[], bool]] = {
            " ": runner.toggle_pause,
            "n": runner.next,
            "b": runner.back,
            "r": runner.restart_step,
            "d": runner.done,
            "p": lambda: runner.stop(SessionStatus.STOPPED_FOR_PAIN),
            "q": runner.stop,
        }
        action = actions.get(key.lower())
        if action is not None:
            action()

    def play(self, wait: Wait) -> SessionRecord:
        """Play to the end, or until quit; return the session's record."""
        runner = self.runner
        runner.start()
        try:
            while not runner.ended:
                self._draw()
                key = wait(runner.next_deadline())
                if key:
                    self.handle_key(key)
                runner.poll()
                if not self.interactive and runner.session.state is SessionState.PAUSED:
                    runner.resume()  # nobody can press space: go on from where it stood
                while self._held and not runner.leading_in:
                    self.handle_key(self._held.pop(0))
        except KeyboardInterrupt:
            runner.stop()
        self._clear_line()
        self.out.flush()
        return runner.record()


_SIDES = {"left": N_("{exercise}, left side"), "right": N_("{exercise}, right side")}
_COUNTERS = {
    "round": N_("round {value}/{total}"),
    "set": N_("set {value}/{total}"),
    "rep": N_("rep {value}/{total}"),
    "breath": N_("breath {value}/{total}"),
}


def describe(segment: Segment) -> str:
    """Return what a segment asks for, e.g. ``Bird dog, left side: Hold (set 2/3)``."""
    text = escape_controls(segment.exercise)
    if segment.side:
        text = _(_SIDES[segment.side.value]).format(exercise=text)
    if segment.label and segment.label != segment.exercise:
        text += f": {escape_controls(segment.label)}"
    counters = [
        _(_COUNTERS[word]).format(value=value, total=total)
        for word, value, total in counter_values(segment)
    ]
    if counters:
        text = with_extra(text, join_list(counters))
    return text


def status_line(session: Session) -> str:
    """Return the one updating line: state, countdown, what now, what next, time left."""
    segment = session.current_segment
    position = session.position_s
    remaining = max(0.0, segment.end_s - position)
    marks = {
        SessionState.PAUSED: "⏸",
        SessionState.WAITING: "⏳",
    }
    mark = marks.get(session.state, "▶")
    countdown = f"{int(-(-remaining // 1)):>3}s"
    if session.state is SessionState.WAITING:
        countdown = "  d "
    left = format_duration(max(0.0, session.timeline.total_s - position))
    if segment.up_next:
        line = _("{now} | next: {next} | {left} left | {keys}")
    else:
        line = _("{now} | {left} left | {keys}")
    shown = line.format(
        now=describe(segment),
        next=escape_controls(segment.up_next or ""),
        left=left,
        keys=_(KEYS_HELP),
    )
    return f"{mark} {countdown}  {shown}"


def summary(record: SessionRecord) -> str:
    """Return the closing summary: how it ended, then planned against done per step."""
    endings = {
        SessionStatus.COMPLETED: _("Finished: {done} done of {planned} planned."),
        SessionStatus.PARTLY_DONE: _(
            "Finished, partly done (not counted for your streak): {done} done of {planned} planned."
        ),
        SessionStatus.STOPPED_EARLY: _("Stopped early: {done} done of {planned} planned."),
        SessionStatus.STOPPED_FOR_PAIN: _(
            "Stopped because of pain: {done} done of {planned} planned."
        ),
        SessionStatus.INTERRUPTED: _("Interrupted: {done} done of {planned} planned."),
        SessionStatus.IN_PROGRESS: _("Still going: {done} done of {planned} planned."),
    }
    lines = [
        endings[record.status].format(
            done=format_duration(record.done_s), planned=format_duration(record.planned_s)
        )
    ]
    width = max([len(step.name) for step in record.steps] + [4])
    for step in record.steps:
        reps = ""
        if step.planned_reps is not None:
            reps = "  " + _("{done}/{planned} reps").format(
                done=step.done_reps, planned=step.planned_reps
            )
        note = "  " + _("skipped") if step.skipped else ""
        lines.append(
            f"  {escape_controls(step.name):<{width}}  {format_duration(step.done_s):>6}"
            f" / {format_duration(step.planned_s):<6}{reps}{note}"
        )
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """Play the routine in the terminal."""
    if not args.speed > 0:
        print(_("backcoach run: --speed must be above 0."), file=sys.stderr)
        return EXIT_USAGE
    if not args.headless:
        return play_in_window(args)
    compiled = compile_argument(args)
    if compiled is None:
        return EXIT_INVALID
    clock: Clock = SystemClock() if args.speed == 1 else ScaledClock(args.speed)
    interactive = sys.stdin.isatty()
    log = open_log()
    speaker = speaker_for(compiled) if args.speed == 1 else None
    player = TerminalPlayer(
        compiled,
        clock,
        sys.stdout,
        PrintCueSink(sys.stdout),
        interactive=interactive,
        live_line=sys.stdout.isatty(),
        voice=speaker,
        log=log,
    )
    timeline = compiled.timeline
    print(f"{escape_controls(timeline.title)}: {format_duration(timeline.total_s)}.")
    try:
        with stop_on_signals():
            if interactive:
                with terminal_keys(sys.stdin) as wait:
                    print(_("Keys: {keys}.").format(keys=_(KEYS_HELP)))
                    record = player.play(scaled(wait, args.speed))
            else:
                record = player.play(scaled(sleep_wait, args.speed))
    finally:
        if speaker is not None:
            speaker.wait_quiet(FINAL_PHRASE_WAIT_S)  # let "well done" be heard
            speaker.close()
    print(summary(record))
    if record.status is SessionStatus.STOPPED_FOR_PAIN:
        print(f"\n{pain_stop_advice(timeline.language)}\n")
    finish_log(player.runner, log, ask=interactive)
    return EXIT_OK


STOP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)
)


@contextlib.contextmanager
def stop_on_signals() -> Iterator[None]:
    """Turn SIGTERM and SIGHUP into Ctrl-C while playing; ignore them while saving after."""
    playing = True

    def stop(signum: int, frame: object) -> None:
        if playing:
            raise KeyboardInterrupt

    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread receives signals (a run inside a test's thread)
        return
    saved = {number: signal.signal(number, stop) for number in STOP_SIGNALS}
    try:
        yield
    finally:
        playing = False
        # The session is saved and summed up after this; a second signal must not cut that.
        for number in saved:
            signal.signal(number, stop)


FINAL_PHRASE_WAIT_S = 5.0


def speaker_for(compiled: CompiledRoutine) -> Speaker:
    """Start the speech layer for this routine; problems are told once on standard error.

    The runner hands it the phrases: those of the first seconds before the
    clock starts, the rest in the background while it plays.
    """
    from backcoach.adapters.speech import create_speaker
    from backcoach.config.settings import load_settings

    def tell(message: str) -> None:
        print(_("backcoach run: {message}").format(message=message), file=sys.stderr)

    return create_speaker(
        load_settings().settings, language=compiled.timeline.language, on_message=tell
    )


def play_in_window(args: argparse.Namespace) -> int:
    """Open the app and play ``args.routine`` in its player."""
    from backcoach.core.routine.catalog import resolve_routine
    from backcoach.core.routine.loader import RoutineError

    try:
        routine = resolve_routine(args.routine)
    except RoutineError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_INVALID
    from backcoach.ui.app.launch import run_app

    return run_app(play=routine, language=args.language)


def scaled(wait: Wait, speed: float) -> Wait:
    """Return ``wait`` taking timeouts in session seconds, which pass ``speed`` times faster."""
    if speed == 1:
        return wait
    return lambda timeout: wait(None if timeout is None else timeout / speed)


def open_log() -> SafeLog:
    """Open the log now (a problem is told on standard error before the routine starts)."""
    log = SafeLog(report=lambda message: print(message, file=sys.stderr))
    log.store  # noqa: B018 (opens it)
    return log


def finish_log(runner: Runner, log: SessionLog, ask: bool) -> None:
    """Say whether the session is saved; if it is and ``ask``, add the after-session answers."""
    if runner.saved_id is not None:
        print(_("Saved to your log."))
        if ask:
            answers = ask_feedback(input, sys.stdout)
            if runner.save_answers(answers.effort, answers.pain, answers.note):
                print(_("Your answers are saved too."))
    log.close()
