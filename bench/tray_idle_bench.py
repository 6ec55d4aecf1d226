"""BackCoach idle in the tray beside Workrave, Safe Eyes and RSIBreak: memory and CPU.

Each round starts two desktops, each an Xvfb with its own private D-Bus
session bus, and every program with a fresh home folder:

- "StatusNotifierItem panel": ``gtk-sni-tray-standalone`` (a StatusNotifierWatcher
  and host) beside ``trayer`` (an X system tray), as KDE, Xfce, Cinnamon or GNOME
  with the AppIndicator extension offer. ``backcoach tray`` runs its resident
  tray here; the peers show their icons in whichever tray they use.
- "XEmbed-only panel": ``trayer`` alone, as i3bar or LXDE. ``backcoach tray``
  hands over to the Qt tray here (``backcoach tray --qt``): measured as
  "BackCoach, Qt fallback". The "PySide6 floor" runs here too.

After a settling time, for each program and its child processes:

- resident memory (RSS, and PSS which splits shared pages fairly), sampled
  every 5 s over the measuring window: median and maximum;
- CPU time used over the window (summed over all threads from
  ``/proc/<pid>/task/*/schedstat``, nanosecond resolution), as a percentage
  of one core.

A fifth program, "PySide6 floor", is an empty PySide6 tray icon: the least
any PySide6 tray app can weigh here, to show how much is BackCoach's own.
Each round starts everything afresh. Run:

    /work/venv/bin/python bench/tray_idle_bench.py [--rounds 3] [--seconds 60] [--settle 20]
        [--only NAME ...]

Needs Xvfb, dbus-daemon, trayer and gtk-sni-tray-standalone (Debian: ``xvfb
dbus-daemon trayer haskell-gtk-sni-tray-utils``, all in ``packaging/dev.sh``);
peers are measured when installed (``apt-get install workrave safeeyes rsibreak``).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from _stats import median  # bench/_stats.py: one median and percentile for all

REPO = Path(__file__).resolve().parent.parent
SAMPLE_EVERY_S = 5.0
FLOOR = "PySide6 floor"
QT_FALLBACK = "BackCoach, Qt fallback"
"""``backcoach tray`` where the panel only docks X icons: it becomes ``backcoach tray --qt``."""
SNI_DESKTOP, XEMBED_DESKTOP = "sni", "xembed"
# The least any PySide6 tray program can weigh: an icon and a one-item menu, nothing else.
_EMPTY_PYSIDE6_TRAY = """
import sys
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon
app = QApplication(sys.argv[:1])
app.setQuitOnLastWindowClosed(False)
pixmap = QPixmap(22, 22)
pixmap.fill(QColor("teal"))
icon = QSystemTrayIcon(QIcon(pixmap))
menu = QMenu()
menu.addAction("Quit", app.quit)
icon.setContextMenu(menu)
icon.show()
app.exec()
"""


@dataclass
class Program:
    name: str
    command: list[str]
    proc: subprocess.Popen | None = None
    rss_kb: list[int] = field(default_factory=list)
    pss_kb: list[int] = field(default_factory=list)
    cpu_s: float | None = None
    alive: bool = True
    desktop: str = SNI_DESKTOP
    """Which of the round's two desktops it runs on."""
    log: Path = Path("/dev/null")
    said: list[str] = field(default_factory=list)
    """The first lines it printed (BackCoach says which tray it shows)."""


def programs(only: list[str] | None = None) -> list[Program]:
    found = [
        Program("BackCoach", [sys.executable, "-m", "backcoach", "tray"]),
        Program(QT_FALLBACK, [sys.executable, "-m", "backcoach", "tray"], desktop=XEMBED_DESKTOP),
        Program(FLOOR, [sys.executable, "-c", _EMPTY_PYSIDE6_TRAY], desktop=XEMBED_DESKTOP),
    ]
    for name, command in (
        ("Workrave", ["workrave"]),
        ("Safe Eyes", ["safeeyes"]),
        ("RSIBreak", ["rsibreak"]),
    ):
        if shutil.which(command[0]):
            found.append(Program(name, command))
        else:
            print(f"{name}: not installed, left out", file=sys.stderr)
    return [p for p in found if not only or p.name in only]


def read_line(fd: int, timeout_s: float) -> str:
    deadline = time.monotonic() + timeout_s
    data = b""
    while not data.endswith(b"\n"):
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            raise TimeoutError("no answer from a helper process")
        chunk = os.read(fd, 256)
        if not chunk:
            break
        data += chunk
    return data.decode().strip()


def process_tree(root: int) -> list[int]:
    """Return ``root`` and all its living descendants."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(children.get(pid, []))
    return tree


def memory_kb(pids: list[int]) -> tuple[int, int]:
    rss = pss = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Rss:"):
                    rss += int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss += int(line.split()[1])
        except OSError:
            pass
    return rss, pss


def cpu_ns(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        try:
            tasks = os.listdir(f"/proc/{pid}/task")
        except OSError:
            continue
        for task in tasks:
            with contextlib.suppress(OSError, ValueError, IndexError):
                total += int(Path(f"/proc/{pid}/task/{task}/schedstat").read_text().split()[0])
    return total


def start_bus(helpers: list[subprocess.Popen]) -> str:
    bus = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    helpers.append(bus)
    assert bus.stdout is not None
    return read_line(bus.stdout.fileno(), 10)


def start_sni_panel(env: dict[str, str]) -> tuple[subprocess.Popen, subprocess.Popen]:
    """Start a private session bus and a StatusNotifierItem panel on ``env``'s display.

    Sets ``DBUS_SESSION_BUS_ADDRESS`` in ``env``; returns ``(panel, bus)`` to stop later.
    """
    bus = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert bus.stdout is not None
    env["DBUS_SESSION_BUS_ADDRESS"] = read_line(bus.stdout.fileno(), 10)
    panel = subprocess.Popen(
        ["gtk-sni-tray-standalone", "--watcher", "--size", "48"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(2)
    return panel, bus


def start(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    with log.open("wb") as out:
        return subprocess.Popen(
            command,
            env=env,
            cwd=REPO,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # its own process group, ended as a whole
        )


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=5)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=5)


def start_desktop(kind: str, work: Path, helpers: list[subprocess.Popen]) -> dict[str, str]:
    """Start one desktop (Xvfb, buses, panels) of ``kind``; return its environment."""
    home, runtime = work / "home", work / "runtime"
    for folder in (home, runtime):
        folder.mkdir(parents=True)
    runtime.chmod(0o700)
    read_fd, write_fd = os.pipe()
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1600x900x24", "-nolisten", "tcp"],
        pass_fds=(write_fd,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    helpers.append(xvfb)
    os.close(write_fd)
    display = ":" + read_line(read_fd, 10)
    os.close(read_fd)
    # A session bus, and a second bus standing in for the system bus (the peers
    # connect to it at start-up, e.g. to hear about suspend).
    address, system_address = (start_bus(helpers) for _ in range(2))
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local/share"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_RUNTIME_DIR": str(runtime),
        "DISPLAY": display,
        "DBUS_SESSION_BUS_ADDRESS": address,
        "DBUS_SYSTEM_BUS_ADDRESS": system_address,
        "LANG": "C.UTF-8",
        "QT_QPA_PLATFORM": "xcb",
        "PYTHONPATH": str(REPO),
    }
    helpers.append(start(["trayer", "--edge", "top"], env, work / "trayer.log"))
    if kind == SNI_DESKTOP:
        helpers.append(start(["gtk-sni-tray-standalone", "--watcher"], env, work / "sni.log"))
    time.sleep(2)
    return env


def one_round(seconds: float, settle: float, work: Path, only: list[str] | None) -> list[Program]:
    helpers: list[subprocess.Popen] = []
    progs = programs(only)
    try:
        envs = {
            kind: start_desktop(kind, work / kind, helpers)
            for kind in {prog.desktop for prog in progs}
        }
        for prog in progs:
            slug = prog.name.replace(" ", "").replace(",", "").replace("-", "")
            own_env = {**envs[prog.desktop], "BACKCOACH_HOME": str(work / f"backcoach-{slug}")}
            prog.log = work / f"{slug}.log"
            prog.proc = start(prog.command, own_env, prog.log)
        time.sleep(settle)
        before = {p.name: cpu_ns(process_tree(p.proc.pid)) for p in progs}  # type: ignore[union-attr]
        t0 = time.monotonic()
        while True:
            for prog in progs:
                assert prog.proc is not None
                rss, pss = memory_kb(process_tree(prog.proc.pid))
                prog.rss_kb.append(rss)
                prog.pss_kb.append(pss)
            if time.monotonic() - t0 >= seconds - 1e-3:
                break
            time.sleep(min(SAMPLE_EVERY_S, seconds - (time.monotonic() - t0)))
        elapsed = time.monotonic() - t0
        for prog in progs:
            assert prog.proc is not None
            used = cpu_ns(process_tree(prog.proc.pid)) - before[prog.name]
            prog.cpu_s = used / 1e9
            prog.alive = prog.proc.poll() is None
            prog.cpu_pct = 100.0 * prog.cpu_s / elapsed  # type: ignore[attr-defined]
            prog.said = prog.log.read_text(errors="replace").strip().splitlines()[:2]
    finally:
        for prog in progs:
            if prog.proc is not None:
                stop(prog.proc)
        for helper in reversed(helpers):
            stop(helper)
    return progs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=60.0, help="measuring window")
    parser.add_argument("--settle", type=float, default=20.0, help="start-up time allowed")
    parser.add_argument("--json", type=Path, help="also write the raw numbers here")
    parser.add_argument("--only", action="append", help="measure only this program (repeatable)")
    args = parser.parse_args()
    for tool in ("Xvfb", "dbus-daemon", "trayer", "gtk-sni-tray-standalone"):
        if not shutil.which(tool):
            print(f"{tool} is needed for this benchmark", file=sys.stderr)
            return 1

    results: dict[str, dict[str, list[float]]] = {}
    with tempfile.TemporaryDirectory(prefix="tray-bench-") as tmp:
        for round_no in range(args.rounds):
            progs = one_round(args.seconds, args.settle, Path(tmp) / f"round{round_no}", args.only)
            for prog in progs:
                row = results.setdefault(
                    prog.name,
                    {
                        "rss_median_mb": [],
                        "rss_max_mb": [],
                        "pss_median_mb": [],
                        "cpu_pct": [],
                        "alive": [],
                    },
                )
                row["rss_median_mb"].append(median(prog.rss_kb) / 1024)
                row["rss_max_mb"].append(max(prog.rss_kb) / 1024)
                row["pss_median_mb"].append(median(prog.pss_kb) / 1024)
                row["cpu_pct"].append(prog.cpu_pct)  # type: ignore[attr-defined]
                row["alive"].append(prog.alive)
                print(
                    f"round {round_no + 1}: {prog.name:10s} RSS {row['rss_median_mb'][-1]:6.1f} MB"
                    f"  PSS {row['pss_median_mb'][-1]:6.1f} MB  CPU {prog.cpu_pct:.4f} %"  # type: ignore[attr-defined]
                    f"{'' if prog.alive else '  (exited!)'}",
                    flush=True,
                )
                if prog.name.startswith("BackCoach"):
                    print("    " + " / ".join(line[:70] for line in prog.said), flush=True)

    print()
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}")
    print(
        f"Rounds: {args.rounds}; window {args.seconds:g} s after {args.settle:g} s of start-up; "
        "RSS/PSS include child processes."
    )
    print()
    print("| Program | RSS median (MB) | RSS max (MB) | PSS median (MB) | CPU (% of a core) |")
    print("|---|---:|---:|---:|---:|")
    for name, row in results.items():
        cpu = row["cpu_pct"]
        print(
            f"| {name} | {median(row['rss_median_mb']):.1f} "
            f"| {max(row['rss_max_mb']):.1f} | {median(row['pss_median_mb']):.1f} "
            f"| {median(cpu):.4f} (max {max(cpu):.4f}) |"
        )
    if "BackCoach" in results:
        ours = median(results["BackCoach"]["rss_median_mb"])
        for name, row in results.items():
            if name not in ("BackCoach", FLOOR, QT_FALLBACK):
                ratio = median(row["rss_median_mb"]) / ours
                print(f"{name} uses {ratio:.2f}x BackCoach's resident memory")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
