"""Resident memory of the Qt-free XEmbed tray: docked, after the menu opened once, after it closed.

Run: ``python bench/tray_xembed_rss.py [--runs N]``. Starts a private Xvfb and
trayer, then N fresh child processes that each import only the XEmbed
backend, dock the icon and report their VmRSS at each stage. Prints the
median and range per stage.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.desktop.helpers import running_xvfb  # noqa: E402

CHILD = r"""
import json, sys, time
from backcoach.adapters.tray.xembed import XEmbedTray
from backcoach.core.reminders.tray_menu import build_tray_menu
from backcoach.adapters.event_loop import SelectLoop

def rss_mb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024

class Source:
    def menu_items(self):
        return build_tray_menu(None, notice="Reminders are off", routines=[("a", "Morning")])
    def activate(self, key):
        pass
    def tooltip(self):
        return "BackCoach"

def spin(loop, seconds):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        loop.run_once(0.05)

out = {"started": rss_mb()}
loop = SelectLoop()
tray = XEmbedTray(loop, Source(), display=sys.argv[1])
assert tray.show()
spin(loop, 1.0)
assert tray.docked
out["docked"] = rss_mb()
tray.menu.open(Source().menu_items(), 600, 400)
spin(loop, 0.5)
out["menu open"] = rss_mb()
tray.menu.close()
spin(loop, 0.5)
out["menu closed"] = rss_mb()
tray.close()
print(json.dumps(out))
"""


def main() -> None:
    """Measure ``--runs`` fresh processes and print the medians."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    samples: dict[str, list[float]] = {}
    with running_xvfb("1280x800x24") as display:
        env = {**os.environ, "DISPLAY": display, "PYTHONPATH": str(ROOT)}
        trayer = subprocess.Popen(
            ["trayer", "--edge", "bottom", "--align", "right", "--widthtype", "request"],
            env=env,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(1.0)
        try:
            for _ in range(args.runs):
                result = subprocess.run(
                    [sys.executable, "-c", CHILD, display],
                    env=env,
                    capture_output=True,
                    text=True,
                    check=True,
                )
                for stage, value in json.loads(result.stdout).items():
                    samples.setdefault(stage, []).append(value)
        finally:
            trayer.terminate()
            trayer.wait(timeout=10)
    print(f"{'stage':<14} median MB  min    max   ({args.runs} runs, {sys.executable})")
    for stage, values in samples.items():
        print(
            f"{stage:<14} {statistics.median(values):7.1f}  {min(values):6.1f} {max(values):6.1f}"
        )


if __name__ == "__main__":
    main()
