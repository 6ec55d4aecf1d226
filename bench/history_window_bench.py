"""Benchmark opening the history window on ten years of daily use (offscreen Qt).

Fills a temporary BACKCOACH_HOME with the data of ``history_bench.py`` (about
7,300 sessions, 73,000 step rows, 15,000 desk-break events), then measures,
as medians over repeated runs:

- **open**: from constructing ``HistoryWindow`` (as View > History does, with
  the library's catalog) until its statistics, suggestions and first page of
  sessions are in the widgets (the ``loaded`` signal), and until the whole
  window has been drawn with them (``grab()``, which lays out and paints
  every visible widget; target <= 150 ms);
- **reopen**: ``reload`` of a window already open, then drawn again;
- **GUI thread busy**: the longest the GUI thread was blocked during an open,
  measured by a 5 ms timer that notes how late it fires;
- **baseline**: opening the log and ``compute_history`` alone (what
  ``history_bench.py`` measures), interleaved with the window runs, so the
  window's own share is known however busy the machine is.

Run: QT_QPA_PLATFORM=offscreen /work/venv/bin/python bench/history_window_bench.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from _stats import describe_ms, median  # bench/_stats.py: one median and percentile for all

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from history_bench import TODAY, generate  # noqa: E402
from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from backcoach.config import paths  # noqa: E402
from backcoach.core.history.stats import compute_history  # noqa: E402
from backcoach.core.history.store import HistoryStore  # noqa: E402
from backcoach.core.routine.catalog import load_catalog  # noqa: E402
from backcoach.ui.history.window import HistoryWindow  # noqa: E402


def _wait(window: HistoryWindow) -> None:
    loop = QEventLoop()
    window.loaded.connect(loop.quit)
    QTimer.singleShot(30000, loop.quit)
    loop.exec()
    window.loaded.disconnect(loop.quit)


class LagProbe:
    """A 5 ms timer on the GUI thread that records how late each tick comes."""

    def __init__(self) -> None:
        self.worst_ms = 0.0
        self._last = time.perf_counter()
        self._timer = QTimer()
        self._timer.setInterval(5)
        self._timer.timeout.connect(self._tick)

    def start(self) -> None:
        self.worst_ms = 0.0
        self._last = time.perf_counter()
        self._timer.start()

    def stop(self) -> float:
        self._timer.stop()
        return self.worst_ms

    def _tick(self) -> None:
        now = time.perf_counter()
        self.worst_ms = max(self.worst_ms, (now - self._last) * 1000 - 5)
        self._last = now


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()

    home = Path(tempfile.mkdtemp(prefix="backcoach-window-bench-"))
    os.environ[paths.HOME_ENV] = str(home)
    app = QApplication.instance() or QApplication(sys.argv)
    try:
        with HistoryStore() as store:
            sessions, steps, events = generate(store)
        print(f"generated {sessions} sessions, {steps} step rows, {events} break events")
        catalog = load_catalog()
        probe = LagProbe()

        loaded: list[float] = []
        painted: list[float] = []
        blocked: list[float] = []
        baseline: list[float] = []
        cpu_window: list[float] = []
        cpu_baseline: list[float] = []
        for _ in range(args.runs + 1):
            c0, t0 = time.process_time(), time.perf_counter()
            with HistoryStore() as store:
                compute_history(store, TODAY)
            baseline.append((time.perf_counter() - t0) * 1000)
            cpu_baseline.append((time.process_time() - c0) * 1000)
            probe.start()
            c0, t0 = time.process_time(), time.perf_counter()
            window = HistoryWindow(catalog, today=lambda: TODAY)
            window.resize(1180, 790)
            window.show()
            _wait(window)
            t1 = time.perf_counter()
            window.grab()
            t2 = time.perf_counter()
            cpu_window.append((time.process_time() - c0) * 1000)
            blocked.append(probe.stop())
            loaded.append((t1 - t0) * 1000)
            painted.append((t2 - t0) * 1000)
            assert window.view is not None and window.view.session_count == sessions
            window.close()
            window.deleteLater()
            app.processEvents()
        # The first run also warms up Qt's fonts and styles: reported apart.
        print(f"first open (cold Qt): {loaded[0]:.1f} ms to data, {painted[0]:.1f} ms drawn")
        print(f"open -> data in widgets:    {describe_ms(loaded[1:])}")
        print(f"open -> drawn:              {describe_ms(painted[1:])}  (target <= 150 ms)")
        print(f"GUI thread blocked at most: {describe_ms(blocked[1:])}")
        print(f"baseline open + compute:    {describe_ms(baseline[1:])}")
        share = median(painted[1:]) - median(baseline[1:])
        print(f"  -> the window adds {share:.1f} ms (median against median)")
        print(f"CPU time, open -> drawn:    {describe_ms(cpu_window[1:])}  (both threads)")
        print(f"CPU time, baseline:         {describe_ms(cpu_baseline[1:])}")

        window = HistoryWindow(catalog, today=lambda: TODAY)
        window.show()
        _wait(window)
        reopen: list[float] = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            window.reload()
            _wait(window)
            window.grab()
            reopen.append((time.perf_counter() - t0) * 1000)
        window.close()
        print(f"reopen (reload + draw):     {describe_ms(reopen)}")
        print(f"headroom: open {150 / median(painted[1:]):.1f}x")
    finally:
        shutil.rmtree(home, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
