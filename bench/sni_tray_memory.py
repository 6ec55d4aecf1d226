"""Resident memory of the Qt-free StatusNotifierItem tray, against bare Python + jeepney.

Run: /work/venv/bin/python bench/sni_tray_memory.py [--runs 5]

On a private dbus-daemon with a minimal StatusNotifierWatcher, it starts,
one after the other:
- "baseline": Python that imports jeepney and holds a session-bus connection;
- "+ tray_menu, loop": the same plus the contracts every resident tray imports
  (``core.reminders.tray_menu``, ``adapters.event_loop``; they bring ``dataclasses``);
- "sni tray": Python showing ``StatusNotifierTray`` from a ``SelectLoop``,
  registered with the watcher, its icon pixels and menu layout built.
Each child reports when ready; after a second's settling its VmRSS is read
from /proc. Prints the median, min and max of each and their difference.
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

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.desktop.helpers import running_session_bus  # noqa: E402

WATCHER = r"""
import sys
from jeepney import MessageType, new_method_return
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import open_dbus_connection
conn = open_dbus_connection(bus=sys.argv[1])
conn.send_and_get_reply(message_bus.RequestName("org.kde.StatusNotifierWatcher"), timeout=2)
print("ready", flush=True)
while True:
    msg = conn.receive()
    if msg.header.message_type == MessageType.method_call:
        conn.send(new_method_return(msg))
"""

BASELINE = r"""
import sys, time
from jeepney.io.blocking import open_dbus_connection
conn = open_dbus_connection(bus=sys.argv[1])
print("ready", flush=True)
time.sleep(3600)
"""

CONTRACTS = r"""
import sys, time
from jeepney.io.blocking import open_dbus_connection
from backcoach.core.reminders.tray_menu import build_tray_menu
from backcoach.adapters.event_loop import SelectLoop
conn = open_dbus_connection(bus=sys.argv[1])
print("ready", flush=True)
time.sleep(3600)
"""

TRAY = r"""
import sys
from backcoach.adapters.tray.sni import StatusNotifierTray, icon_pixmaps
from backcoach.core.reminders.tray_menu import build_tray_menu
from backcoach.adapters.event_loop import SelectLoop

class Source:
    def menu_items(self):
        return build_tray_menu(None, notice="Reminders are off", routines=[("a", "Desk break")])
    def activate(self, key):
        pass
    def tooltip(self):
        return "BackCoach - Reminders are off"

loop = SelectLoop()
tray = StatusNotifierTray(loop, Source(), bus_address=sys.argv[1])
tray.show()
while not tray.registered:
    loop.run_once(0.05)
icon_pixmaps()  # what a host's GetAll makes it build
tray._menu._ensure_built()  # and GetLayout
print("ready", flush=True)
loop.run()
"""


def rss_mb(pid: int) -> float:
    """Return the resident set size of ``pid`` in MB (VmRSS)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def measure(code: str, address: str) -> float:
    """Start ``code`` in a child Python, wait for "ready" and a second more, return its RSS."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-c", code, address], stdout=subprocess.PIPE, env=env, text=True
    )
    try:
        assert child.stdout is not None
        if child.stdout.readline().strip() != "ready":
            raise RuntimeError("child did not get ready")
        time.sleep(1.0)
        return rss_mb(child.pid)
    finally:
        child.kill()
        child.wait()


def main() -> None:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, running_session_bus(Path(folder)) as address:
        watcher = subprocess.Popen(
            [sys.executable, "-c", WATCHER, address], stdout=subprocess.PIPE, text=True
        )
        assert watcher.stdout is not None
        watcher.stdout.readline()
        try:
            base = [measure(BASELINE, address) for _ in range(args.runs)]
            contracts = [measure(CONTRACTS, address) for _ in range(args.runs)]
            tray = [measure(TRAY, address) for _ in range(args.runs)]
        finally:
            watcher.kill()
            watcher.wait()
    rows = (
        ("python+jeepney", base),
        ("+ tray_menu, loop", contracts),
        ("sni tray", tray),
    )
    for name, values in rows:
        print(
            f"{name:24s} median {median(values):6.2f} MB"
            f"  min {min(values):6.2f}  max {max(values):6.2f}  (n={len(values)})"
        )
    tray_mb = median(tray)
    print(f"{'tray - python+jeepney':24s} {tray_mb - median(base):6.2f} MB")
    print(f"{'tray - + tray_menu, loop':24s} {tray_mb - median(contracts):6.2f} MB")


if __name__ == "__main__":
    main()
