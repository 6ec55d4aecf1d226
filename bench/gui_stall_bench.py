"""How long the GUI event loop stalls while the player plays a routine with speech.

A probe ``QTimer`` fires every 5 ms (precise timer) and records how late each
tick is against the one before (``interval - 5 ms``). Meanwhile the real main
window plays a bundled routine on the system clock with the real ``Speaker``
(pyttsx3 worker process, phrase cache, players that start and cut sounds) and
the real completion log (checkpoints in a temporary BACKCOACH_HOME). Every
lateness is a moment the window could not repaint or react to a key.

Each run plays for ``--seconds`` (default 60) and is repeated ``--runs``
times: the first run starts with an empty phrase cache (phrases are rendered
while the routine plays, the worst case); later runs find them cached. A pause,
resume, next and back are pressed during each run, so cutting speech is
included. It also reports how late the player's deadline timer delivered the
session's cues (``CueDue.late_s``), and how many phrases were handed to the
voice, started, or dropped as too late (a phrase not yet rendered when its
mark came, on the cold run).

    DISPLAY=:98 QT_QPA_PLATFORM=xcb python bench/gui_stall_bench.py
    python bench/gui_stall_bench.py --seconds 20 --runs 1   # offscreen, quick
    DISPLAY=:98 QT_QPA_PLATFORM=xcb python bench/gui_stall_bench.py --busy 2  # cores loaded

``--busy N`` keeps N other processes spinning on the CPU throughout.
``--no-presses`` plays straight through (what someone on the mat does).
``--full-screen`` plays with the window filling the screen (the player's layout
scales to it: digits a quarter of the screen's height), e.g. on a 1920x1080 Xvfb::

    Xvfb :97 -screen 0 1920x1080x24 &
    DISPLAY=:97 QT_QPA_PLATFORM=xcb python bench/gui_stall_bench.py --full-screen

It prints the load average before and after (the machine may be shared) and the
median over the runs of each run's longest stall.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _stats import median, percentile  # bench/_stats.py: one median and percentile for all

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
HOME = Path(tempfile.mkdtemp(prefix="backcoach-stall-"))
os.environ["BACKCOACH_HOME"] = str(HOME)
os.environ.setdefault("QT_QPA_PLATFORM", "xcb" if os.environ.get("DISPLAY") else "offscreen")
os.environ.setdefault("BACKCOACH_AUDIO_DEVICE", "null")  # no sound card here: ALSA's null

from PySide6.QtCore import QElapsedTimer, QEventLoop, Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from backcoach.adapters.memory import settle_heap  # noqa: E402
from backcoach.adapters.screen_awake import NoScreenAwake  # noqa: E402
from backcoach.config import paths  # noqa: E402
from backcoach.config.settings import Settings  # noqa: E402
from backcoach.core.playback.cues import CueKind  # noqa: E402
from backcoach.core.playback.session import CueDue  # noqa: E402
from backcoach.core.routine.catalog import load_catalog  # noqa: E402
from backcoach.ui.app.main_window import MainWindow  # noqa: E402

PROBE_MS = 5


class StallProbe:
    """A 5 ms timer that records its own lateness in milliseconds."""

    def __init__(self) -> None:
        self.lateness_ms: list[float] = []
        self._clock = QElapsedTimer()
        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(PROBE_MS)
        self._timer.timeout.connect(self._tick)
        self._last = 0

    def start(self) -> None:
        self._clock.start()
        self._last = self._clock.nsecsElapsed()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def _tick(self) -> None:
        now = self._clock.nsecsElapsed()
        self.lateness_ms.append(max(0.0, (now - self._last) / 1e6 - PROBE_MS))
        self._last = now


def run_loop(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def one_run(
    window: MainWindow, routine, seconds: float, presses_on: bool = True
) -> dict[str, object]:
    """Play ``routine`` for ``seconds`` with the probe on; return the numbers."""
    probe = StallProbe()
    cue_late: list[float] = []
    speech_cues: list[float] = []
    before = getattr(window.voice, "stats", None)
    spoken_before = (before.spoken, before.dropped_late) if before else (0, 0)
    window.play(routine)
    page = window.player
    assert page is not None and page.session is not None

    def on_event(event: object) -> None:
        if isinstance(event, CueDue):
            cue_late.append(event.late_s * 1000)
            if event.cue.kind is CueKind.SPEECH:
                speech_cues.append(event.late_s)

    page.session.subscribe(on_event)
    probe.start()
    started = time.monotonic()
    presses = {0.4: page.toggle_pause, 0.45: page.toggle_pause, 0.6: page.next, 0.7: page.back}
    if not presses_on:
        presses = {}
    for share, press in sorted(presses.items()):
        run_loop(max(0, round((started + share * seconds - time.monotonic()) * 1000)))
        press()
    run_loop(max(0, round((started + seconds - time.monotonic()) * 1000)))
    probe.stop()
    stats = getattr(window.voice, "stats", None)
    page.stop()
    page.end_view.skip_button.click()
    late = probe.lateness_ms
    return {
        "ticks": len(late),
        "max_ms": max(late),
        "p99_ms": percentile(late, 0.99),
        "p50_ms": median(late),
        "over_50ms": sum(1 for value in late if value > 50),
        "cues": len(cue_late),
        "cue_p99_ms": percentile(cue_late, 0.99) if cue_late else 0.0,
        "cue_max_ms": max(cue_late) if cue_late else 0.0,
        "said": len(speech_cues),
        "spoken": stats.spoken - spoken_before[0] if stats else 0,
        "dropped": stats.dropped_late - spoken_before[1] if stats else 0,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--routine", default="strength-beginner")
    parser.add_argument("--busy", type=int, default=0, metavar="N", help="CPU-bound processes")
    parser.add_argument("--full-screen", action="store_true", help="the window fills the screen")
    parser.add_argument(
        "--no-presses", action="store_true", help="play through: no pause, resume, next or back"
    )
    args = parser.parse_args()
    burners = [
        subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(args.busy)
    ]
    try:
        return measure(args)
    finally:
        for burner in burners:
            burner.kill()
            burner.wait()


def measure(args: argparse.Namespace) -> int:
    """Run the benchmark as ``args`` say; return the exit code."""
    app = QApplication.instance() or QApplication(sys.argv)
    routine = next(r for r in load_catalog().routines if r.routine_id == args.routine)
    window = MainWindow(Settings(safety_acknowledged=True), screen_awake=NoScreenAwake())
    if args.full_screen:
        # Without a window manager (Xvfb) "full screen" alone would not resize the window.
        window.setGeometry(app.primaryScreen().geometry())
        window.showFullScreen()
    else:
        window.resize(1280, 720)
        window.show()
    run_loop(300)
    settle_heap()  # as the app does two seconds after it starts
    shutil.rmtree(paths.cache_dir(), ignore_errors=True)  # run 1: nothing rendered yet
    print(
        f"platform={app.platformName()} routine={args.routine} seconds={args.seconds:g}"
        f" audio={os.environ['BACKCOACH_AUDIO_DEVICE']} busy={args.busy}"
        f" window={window.width()}x{window.height()} full_screen={window.isFullScreen()}"
        f" load_before={' '.join(f'{value:.2f}' for value in os.getloadavg())}"
    )
    print(
        "run  cache  ticks  max_ms  p99_ms  p50_ms  >50ms  cues  cue_p99_ms  cue_max_ms"
        "  phrases  spoken  dropped"
    )
    results = []
    for number in range(1, args.runs + 1):
        result = one_run(window, routine, args.seconds, not args.no_presses)
        results.append(result)
        print(
            f"{number:>3}  {'cold' if number == 1 else 'warm':>5}  {result['ticks']:>5}"
            f"  {result['max_ms']:>6.1f}  {result['p99_ms']:>6.1f}  {result['p50_ms']:>6.2f}"
            f"  {result['over_50ms']:>5}  {result['cues']:>4}  {result['cue_p99_ms']:>10.1f}"
            f"  {result['cue_max_ms']:>10.1f}  {result['said']:>7}  {result['spoken']:>6}"
            f"  {result['dropped']:>7}"
        )
    window.close()
    worst = max(float(r["max_ms"]) for r in results)
    typical = median([float(r["max_ms"]) for r in results])
    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"longest stall over all runs: {worst:.1f} ms (target <= 50 ms)")
    print(f"median of the runs' longest stalls: {typical:.1f} ms; load after: {load}")
    shutil.rmtree(HOME, ignore_errors=True)
    return 0 if worst <= 50 else 1


if __name__ == "__main__":
    raise SystemExit(main())
