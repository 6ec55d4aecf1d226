"""What translations cost: app start-up time and memory, and the resident tray's memory.

Two measurements, each in English (no catalog: ``gettext.NullTranslations``)
against Danish and Chinese (Taiwan) with their catalogs loaded:

1. **App start-up**: a fresh Python process (``--child``) imports the app,
   makes the ``QApplication``, loads the language (BackCoach's catalog with
   ``backcoach.i18n.set_language`` and Qt's own ``qtbase_*.qm`` with
   ``install_qt_translations``; nothing for English), builds the main
   window (the routines in English for all three, so only the interface's
   language differs), shows it and lets it paint once, then reports its RSS
   and peak RSS. The time is the parent's wall clock from starting the
   process to that report (not to its exit). Offscreen Qt platform, so the
   numbers do not depend on an X server. Languages are interleaved round by
   round, so load on the machine hits them alike.
2. **Resident tray**: ``backcoach tray`` under Xvfb with a StatusNotifierItem
   panel (``gtk-sni-tray-standalone`` on a private session bus), started
   through a bootstrap that first loads the language's catalog and looks up
   its strings, as the resident does once its menu is translated; RSS after
   ``--settle`` seconds (``/proc/<pid>/smaps_rollup`` via
   ``tray_idle_bench.memory_kb``).

Run: ``.venv/bin/python bench/i18n_cost_bench.py [--rounds 15] [--tray-rounds 3]``
(``--tray-rounds 0`` skips the tray). Prints medians; results go to
docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from _stats import median  # noqa: E402 - bench/_stats.py: one median for all

LANGUAGES = ("en", "da", "zh-TW")
TRAY_BOOTSTRAP = """
import runpy, sys
from backcoach import i18n
i18n.set_language(sys.argv[1])
for text in ("Quit", "Settings", "Pause reminders", "Start desk break", "Time to stand up"):
    i18n._(text)
sys.argv = ["backcoach", "tray"]
runpy.run_module("backcoach", run_name="__main__")
"""


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def child(language: str) -> int:
    """Start the app's main window in ``language``; print its memory once it has painted."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    from backcoach import i18n
    from backcoach.config.settings import Settings
    from backcoach.core.playback.session_log import NoSessionLog
    from backcoach.ui.app.main_window import MainWindow
    from backcoach.ui.app.qt_translations import install_qt_translations
    from tests.fakes import FakeVoice

    app = QApplication([sys.argv[0]])
    if language != "en":
        i18n.set_language(language)
        install_qt_translations(app, language)
    window = MainWindow(
        Settings(language="en", safety_acknowledged=True),  # the same routines: only the UI differs
        voice_factory=lambda _s, _m: FakeVoice(),
        log_factory=lambda _m: NoSessionLog(),
    )
    window.show()
    window.grab()  # one full paint
    QCoreApplication.processEvents()
    print(json.dumps({"rss_kb": _status_kb("VmRSS"), "peak_kb": _status_kb("VmHWM")}), flush=True)
    return 0


def one_start(language: str, home: Path) -> tuple[float, int, int]:
    """Return the seconds to a painted main window, its RSS and peak RSS (kB)."""
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "BACKCOACH_HOME": str(home),
        "PYTHONPATH": str(REPO),
    }
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, __file__, "--child", language],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()  # the report: the window has painted
    seconds = time.perf_counter() - start  # (the process's exit is not start-up)
    proc.wait(timeout=60)
    if proc.returncode != 0 or not line:
        raise SystemExit(f"the {language} start-up failed ({proc.returncode})")
    report = json.loads(line)
    return seconds, report["rss_kb"], report["peak_kb"]


def one_tray(language: str, work: Path, settle_s: float) -> float:
    """Return the resident tray's RSS (MB) after ``settle_s`` seconds, its catalog loaded."""
    from tray_idle_bench import memory_kb, read_line, start_sni_panel

    read_fd, write_fd = os.pipe()
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write_fd,),
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    env = {
        **os.environ,
        "DISPLAY": ":" + read_line(read_fd, 10),
        "BACKCOACH_HOME": str(work / "home"),
        "XDG_RUNTIME_DIR": str(work),
        "QT_QPA_PLATFORM": "xcb",
        "PYTHONPATH": str(REPO),
    }
    os.close(read_fd)
    panel, bus = start_sni_panel(env)
    tray = subprocess.Popen(
        [sys.executable, "-c", TRAY_BOOTSTRAP, language], env=env, stdout=subprocess.DEVNULL
    )
    try:
        time.sleep(settle_s)
        if tray.poll() is not None:
            raise SystemExit(f"the tray ended early ({tray.returncode})")
        return memory_kb([tray.pid])[0] / 1024
    finally:
        for proc in (tray, panel, bus, xvfb):
            proc.terminate()
            proc.wait(timeout=10)


def main() -> int:
    """Measure, print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--tray-rounds", type=int, default=3)
    parser.add_argument("--settle", type=float, default=20.0)
    args = parser.parse_args()
    if args.child:
        return child(args.child)
    print(
        f"{platform.node()}: {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, "
        f"load {os.getloadavg()[0]:.1f}",
        flush=True,
    )
    starts: dict[str, list[tuple[float, int, int]]] = {lang: [] for lang in LANGUAGES}
    with tempfile.TemporaryDirectory(prefix="i18n-bench-") as tmp:
        home = Path(tmp)
        one_start("en", home)  # warm the disk cache once, not counted
        for number in range(args.rounds):
            for language in LANGUAGES:
                starts[language].append(one_start(language, home))
            print(f"round {number + 1}/{args.rounds}", flush=True)
    base_time = median([s for s, _r, _p in starts["en"]])
    base_rss = median([r for _s, r, _p in starts["en"]])
    print(
        "\n| language | start-up median (s) | vs English | RSS median (MB) | vs English "
        "| peak RSS (MB) |\n|---|---:|---:|---:|---:|---:|"
    )
    for language, values in starts.items():
        seconds = median([s for s, _r, _p in values])
        rss = median([r for _s, r, _p in values])
        peak = median([p for _s, _r, p in values])
        print(
            f"| {language} | {seconds:.3f} | {100 * (seconds / base_time - 1):+.1f} % "
            f"| {rss / 1024:.1f} | {100 * (rss / base_rss - 1):+.1f} % | {peak / 1024:.1f} |"
        )
    if args.tray_rounds:
        trays: dict[str, list[float]] = {lang: [] for lang in LANGUAGES}
        for number in range(args.tray_rounds):
            for language in LANGUAGES:
                with tempfile.TemporaryDirectory(prefix="i18n-tray-") as tmp:
                    trays[language].append(one_tray(language, Path(tmp), args.settle))
            print(f"tray round {number + 1}/{args.tray_rounds}", flush=True)
        print("\n| language | resident tray RSS median (MB) | max |\n|---|---:|---:|")
        for language, values in trays.items():
            print(f"| {language} | {median(values):.1f} | {max(values):.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
