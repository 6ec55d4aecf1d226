"""The resident tray's memory after use: menu opened, a nudge shown and answered.

``tray_idle_bench.py`` measures ``backcoach tray`` right after start-up. This
one goes on as a user would, under Xvfb with a StatusNotifierItem panel
(``gtk-sni-tray-standalone`` on a private session bus), and reads the
resident process's RSS (``/proc/<pid>/smaps_rollup``) at each stage:

1. started (20 s settle);
2. the tray menu opened with a right click and closed with Escape (the
   routine list is read, the menu's layout sent over D-Bus);
3. ``--interval 1`` with the mouse moving: the nudge comes (its own Qt
   process, measured too), the user clicks "Skip" (the break is logged: the
   history file is opened);
4. 10 s after the nudge's process ended.

Run: ``/work/venv/bin/python bench/resident_tray_after_use.py [--runs 3]``
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _stats import median  # bench/_stats.py: one median and percentile for all

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from tray_idle_bench import memory_kb, process_tree, read_line, start_sni_panel  # noqa: E402

from tests.desktop.test_tray_e2e import click_skip, nudge_visible  # noqa: E402


def rss_mb(pid: int) -> float:
    return memory_kb([pid])[0] / 1024


def xdo(display: str, *args: str) -> str:
    return subprocess.run(
        ["xdotool", *args], env={**os.environ, "DISPLAY": display}, capture_output=True, text=True
    ).stdout


def one_run(work: Path) -> dict[str, float]:
    read_fd, write_fd = os.pipe()
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write_fd,),
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    display = ":" + read_line(read_fd, 10)
    env = {
        **os.environ,
        "DISPLAY": display,
        "BACKCOACH_HOME": str(work / "home"),
        "XDG_RUNTIME_DIR": str(work),
        "QT_QPA_PLATFORM": "xcb",
        "PYTHONPATH": str(REPO),
    }
    panel, bus = start_sni_panel(env)
    tray = subprocess.Popen(
        [sys.executable, "-m", "backcoach", "tray", "--interval", "1"],
        env=env,
        stdout=subprocess.DEVNULL,
    )
    stages: dict[str, float] = {}
    try:
        start = time.monotonic()
        time.sleep(20)
        stages["started"] = rss_mb(tray.pid)
        xdo(display, "mousemove", "24", "24", "click", "3")  # the icon, top-left in the panel
        time.sleep(1.5)
        xdo(display, "key", "Escape")
        time.sleep(1)
        stages["menu opened once"] = rss_mb(tray.pid)
        x = 100
        while not nudge_visible(display) and time.monotonic() - start < 90:
            x = 300 if x == 100 else 100
            xdo(display, "mousemove", str(x), "200")
            time.sleep(2)
        time.sleep(3)
        stages["nudge shown: tray"] = rss_mb(tray.pid)
        stages["nudge shown: tray + nudge process"] = memory_kb(process_tree(tray.pid))[0] / 1024
        click_skip(display)
        time.sleep(10)
        stages["nudge answered, 10 s later"] = rss_mb(tray.pid)
        stages["child processes left"] = len(process_tree(tray.pid)) - 1
    finally:
        for proc in (tray, panel, bus, xvfb):
            proc.terminate()
            proc.wait(timeout=10)
    return stages


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    results: dict[str, list[float]] = {}
    for run in range(args.runs):
        with tempfile.TemporaryDirectory(prefix="resident-bench-") as tmp:
            for stage, value in one_run(Path(tmp)).items():
                results.setdefault(stage, []).append(value)
                print(f"run {run + 1}: {stage}: {value:.1f}", flush=True)
    print("\n| stage | RSS median (MB) | max |\n|---|---:|---:|")
    for stage, values in results.items():
        print(f"| {stage} | {median(values):.1f} | {max(values):.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
