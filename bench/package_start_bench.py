"""The Debian package beside the development install: size, and cold start to a visible window.

In one run, on one Xvfb display, it starts BackCoach alternately from the
package (the .deb unpacked with ``dpkg-deb -x``: the same files apt would put
under /usr/lib/backcoach) and from the development install (``.venv``,
``bash packaging/dev.sh``), each time as a fresh process with a fresh
``BACKCOACH_HOME`` and runtime folder, and measures the wall time from the
start of the process until its main window is mapped and visible (polled
with ``xdotool search --onlyvisible`` every 20 ms). Before each start the
kernel's page cache is dropped when this user may (root), so every start is a
cold start from disk; the report says whether it could. Then it ends the
processes it started (found by their private ``BACKCOACH_HOME``).

    .venv/bin/python bench/package_start_bench.py [--deb build/backcoach_0.1.0_amd64.deb]
        [--runs 7]

Sizes: the .deb file, its ``Installed-Size``, and the development install's
``.venv`` (what ``dev.sh`` makes) for comparison.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def du_bytes(path: Path) -> int:
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() or p.is_symlink())


def mib(n: float) -> str:
    return f"{n / 1024 / 1024:.1f} MiB"


def drop_caches() -> bool:
    try:
        os.sync()
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
    except OSError:
        return False
    return True


@contextlib.contextmanager
def xvfb() -> Iterator[str]:
    read_fd, write_fd = os.pipe()
    proc = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1280x800x24", "-nolisten", "tcp"]
        + ["-noreset"],  # a reset between two starts would refuse the next one
        pass_fds=(write_fd,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    try:
        number = os.read(read_fd, 16).decode().strip()
        yield f":{number}"
    finally:
        os.close(read_fd)
        proc.terminate()
        proc.wait(timeout=10)


def processes_with(marker: str) -> list[int]:
    """Ids of processes whose environment holds ``marker`` (the ones this bench started)."""
    found = []
    needle = marker.encode()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                if needle in (entry / "environ").read_bytes().split(b"\0"):
                    found.append(int(entry.name))
    return found


def stop(marker: str) -> None:
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for pid in processes_with(marker):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, sig)
        deadline = time.monotonic() + 5
        while processes_with(marker) and time.monotonic() < deadline:
            time.sleep(0.05)


def time_to_window(command: Sequence[str], display: str, timeout_s: float = 60) -> float:
    """Start ``command`` and return the seconds until a BackCoach window is visible."""
    home = Path(tempfile.mkdtemp(prefix="bc-bench-"))
    runtime = home / "run"
    runtime.mkdir(mode=0o700)
    marker = f"BACKCOACH_HOME={home}"
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "DISPLAY": display,
        "XDG_RUNTIME_DIR": str(runtime),
        "BACKCOACH_HOME": str(home),
        "LANG": "C.UTF-8",
    }
    search = ["xdotool", "search", "--onlyvisible", "--name", "^BackCoach"]
    try:
        start = time.perf_counter()
        with (home / "app.log").open("w") as log:
            subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
        while time.perf_counter() - start < timeout_s:
            found = subprocess.run(search, env=env, capture_output=True, text=True)
            if found.stdout.strip():
                return time.perf_counter() - start
            time.sleep(0.02)
        output = (home / "app.log").read_text(errors="replace")[-2000:]
        raise TimeoutError(f"no window from {command[0]} within {timeout_s} s:\n{output}")
    finally:
        stop(marker)
        shutil.rmtree(home, ignore_errors=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deb", type=Path, help="default: the newest build/backcoach_*.deb")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    load_before = Path("/proc/loadavg").read_text().split()[0]
    deb = args.deb or max((ROOT / "build").glob("backcoach_*.deb"), key=lambda p: p.stat().st_mtime)
    dev = ROOT / ".venv" / "bin" / "backcoach"

    def field(name: str) -> str:
        out = subprocess.run(["dpkg-deb", "-f", str(deb), name], capture_output=True, text=True)
        return out.stdout.strip()

    installed_kib, version = field("Installed-Size"), field("Version")
    with tempfile.TemporaryDirectory(prefix="bc-deb-") as unpacked:
        subprocess.run(["dpkg-deb", "-x", str(deb), unpacked], check=True)
        package = Path(unpacked) / "usr" / "lib" / "backcoach" / "backcoach"
        times: dict[str, list[float]] = {"package": [], "development": []}
        cold = True
        with xvfb() as display:
            time_to_window([str(dev)], display)  # once, unmeasured: compiles .pyc files
            for _ in range(args.runs):
                for name, command in (("package", [str(package)]), ("development", [str(dev)])):
                    cold = drop_caches() and cold
                    times[name].append(time_to_window(command, display))

    print(f"# BackCoach {version}: package against development install")
    print(f"Date: {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC.")
    python = sys.version.split()[0]
    print(f"Machine: {platform.platform()}, {os.cpu_count()} cores, Python {python}.")
    print(f"Command: {' '.join([Path(sys.executable).name, *sys.argv])}")
    load_after = Path("/proc/loadavg").read_text().split()[0]
    load = f"load average {load_before} before, {load_after} after"
    print(f"Machine load: {load} (other programs share this machine).")
    cache = "page cache dropped before each start" if cold else "page cache NOT dropped (warm)"
    print(f"Runs: {args.runs} starts each, alternating, {cache}.\n")
    print("| | package (.deb) | development install |")
    print("|---|---|---|")
    print(f"| download | {mib(deb.stat().st_size)} (.deb) | – |")
    venv = du_bytes(ROOT / ".venv")
    installed = mib(int(installed_kib) * 1024)
    print(f"| installed | {installed} | {mib(venv)} (.venv, with test and build tools) |")
    for label, pick in (("median", statistics.median), ("fastest", min), ("slowest", max)):
        cells = [f"{pick(times[name]):.2f} s" for name in ("package", "development")]
        print(f"| start to visible window, {label} | {cells[0]} | {cells[1]} |")
    print(
        "\nAll starts (s): "
        + "; ".join(
            f"{name} " + ", ".join(f"{t:.2f}" for t in values) for name, values in times.items()
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
